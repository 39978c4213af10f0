/** `trigger`: {"event", "where"?} or {"segment": cond}; out port `next`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { ConditionBuilder } from "../components/ConditionBuilder";
import { Field, LIST_EVENTS, Section, Select, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { WhereFilter } from "../components/WhereFilter";
import { SavedSegmentFields, isSavedSegmentTrigger, newSavedSegmentTrigger, savedSegmentLine } from "../components/SavedSegmentTrigger";
import { DateModeCardLine, dateModeOptions, DateModeFields, dateMode, dateModeDefault, isDateMode } from "../components/DateTriggerModes";
import { describeCondition } from "../conditions";
import type { FlowNode } from "../spec";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { NodeKind, PanelProps } from "./kind";

function TriggerCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const c = data.config;
  return (
    <NodeShell id={id} type="trigger" label={t("node.trigger.label")} icon="⚡" config={c} selected={selected}>
      {dateMode(c) ? (
        <DateModeCardLine config={c} />
      ) : isSavedSegmentTrigger(c) ? (
        <div className="jn-line">{savedSegmentLine(c)}</div>
      ) : "segment" in c ? (
        <div className="jn-line">
          {t("trigger.entersSegment")} <span className="jn-em">{describeCondition(c.segment)}</span>
        </div>
      ) : (
        <>
          <div className="jn-line">
            {t("trigger.on")} <span className="jn-em">{String(c.event || "…")}</span>
          </div>
          {c.where !== undefined && <div className="jn-sub">{t("trigger.where", { condition: describeCondition(c.where) })}</div>}
        </>
      )}
    </NodeShell>
  );
}

function TriggerPanel({ config, onChange, readOnly }: PanelProps) {
  const { t } = useTranslation();
  // A schedule also names a segment key: the date modes are told apart first.
  const mode = dateMode(config) ?? (isSavedSegmentTrigger(config) ? "saved" : "segment" in config ? "segment" : "event");
  return (
    <>
      <Field label={t("trigger.contactsEnter")}>
        <Select
          name="trigger-mode"
          value={mode}
          disabled={readOnly}
          options={[
            { value: "event", label: t("trigger.mode.event") },
            { value: "segment", label: t("trigger.mode.segment") },
            { value: "saved", label: t("trigger.mode.saved") },
            ...dateModeOptions(),
          ]}
          onChange={(m) =>
            onChange(isDateMode(m) ? dateModeDefault(m) : m === "saved" ? newSavedSegmentTrigger() : m === "segment" ? { segment: { attr: "", op: "eq", value: "" } } : { event: "" })
          }
        />
      </Field>
      {isDateMode(mode) ? (
        <DateModeFields mode={mode} config={config} onChange={onChange} readOnly={readOnly} />
      ) : mode === "saved" ? (
        <SavedSegmentFields config={config} onChange={onChange} readOnly={readOnly} />
      ) : mode === "event" ? (
        <>
          <Field label={t("trigger.event")} hint={t("trigger.eventHint")}>
            <TextInput
              name="event"
              value={String(config.event ?? "")}
              list={LIST_EVENTS}
              placeholder="signed_up"
              disabled={readOnly}
              onChange={(event) => onChange({ ...config, event })}
            />
          </Field>
          <WhereFilter
            value={config.where}
            disabled={readOnly}
            onChange={(where) => onChange(where === undefined ? { event: config.event ?? "" } : { ...config, where })}
          />
        </>
      ) : (
        <Section title={t("trigger.segment")}>
          <ConditionBuilder name="segment" value={config.segment} disabled={readOnly} onChange={(segment) => onChange({ segment })} />
        </Section>
      )}
    </>
  );
}

export const trigger: NodeKind = {
  type: "trigger",
  label: translate("node.trigger.label"),
  hint: translate("node.trigger.hint"),
  icon: "⚡",
  defaultConfig: () => ({ event: "" }),
  Component: memo(TriggerCard),
  Panel: TriggerPanel,
};
