/** `trigger`: {"event", "where"?} or {"segment": cond}; out port `next`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { ConditionBuilder } from "../components/ConditionBuilder";
import { Field, LIST_EVENTS, Section, Select, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { WhereFilter } from "../components/WhereFilter";
import { SavedSegmentFields, isSavedSegmentTrigger, newSavedSegmentTrigger, savedSegmentLine } from "../components/SavedSegmentTrigger";
import { DATE_MODE_OPTIONS, DateModeCardLine, DateModeFields, dateMode, dateModeDefault, isDateMode } from "../components/DateTriggerModes";
import { describeCondition } from "../conditions";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

function TriggerCard({ id, data, selected }: NodeProps<FlowNode>) {
  const c = data.config;
  return (
    <NodeShell id={id} type="trigger" label="Trigger" icon="⚡" config={c} selected={selected}>
      {dateMode(c) ? (
        <DateModeCardLine config={c} />
      ) : isSavedSegmentTrigger(c) ? (
        <div className="jn-line">{savedSegmentLine(c)}</div>
      ) : "segment" in c ? (
        <div className="jn-line">
          enters segment: <span className="jn-em">{describeCondition(c.segment)}</span>
        </div>
      ) : (
        <>
          <div className="jn-line">
            on <span className="jn-em">{String(c.event || "…")}</span>
          </div>
          {c.where !== undefined && <div className="jn-sub">where {describeCondition(c.where)}</div>}
        </>
      )}
    </NodeShell>
  );
}

function TriggerPanel({ config, onChange, readOnly }: PanelProps) {
  // A schedule also names a segment key: the date modes are told apart first.
  const mode = dateMode(config) ?? (isSavedSegmentTrigger(config) ? "saved" : "segment" in config ? "segment" : "event");
  return (
    <>
      <Field label="Contacts enter">
        <Select
          name="trigger-mode"
          value={mode}
          disabled={readOnly}
          options={[
            { value: "event", label: "when they do an event" },
            { value: "segment", label: "when they start matching a segment" },
            { value: "saved", label: "on joining / leaving a saved segment" },
            ...DATE_MODE_OPTIONS,
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
          <Field label="Event" hint="Suggestions come from events already received.">
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
        <Section title="Segment">
          <ConditionBuilder name="segment" value={config.segment} disabled={readOnly} onChange={(segment) => onChange({ segment })} />
        </Section>
      )}
    </>
  );
}

export const trigger: NodeKind = {
  type: "trigger",
  label: "Trigger",
  hint: "Where contacts enter: an event or a segment",
  icon: "⚡",
  defaultConfig: () => ({ event: "" }),
  Component: memo(TriggerCard),
  Panel: TriggerPanel,
};
