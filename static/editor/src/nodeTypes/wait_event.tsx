/** `wait_event`: {"event", "where"?, "timeout_seconds"}; out ports `event`, `timeout`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { DurationInput, Field, LIST_EVENTS, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { WhereFilter } from "../components/WhereFilter";
import { describeCondition } from "../conditions";
import { formatDuration } from "../format";
import type { FlowNode } from "../spec";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { NodeKind, PanelProps } from "./kind";

function WaitEventCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const c = data.config;
  return (
    <NodeShell id={id} type="wait_event" label={t("node.wait_event.label")} icon="⚐" config={c} selected={selected}>
      <div className="jn-line">
        <span className="jn-em">{String(c.event || "…")}</span> {t("waitEvent.within")}{" "}
        <span className="jn-em">{formatDuration(c.timeout_seconds)}</span>
      </div>
      {c.where !== undefined && <div className="jn-sub">{t("trigger.where", { condition: describeCondition(c.where) })}</div>}
    </NodeShell>
  );
}

function WaitEventPanel({ config, onChange, readOnly }: PanelProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("trigger.event")}>
        <TextInput
          name="event"
          value={String(config.event ?? "")}
          list={LIST_EVENTS}
          placeholder="order_completed"
          disabled={readOnly}
          onChange={(event) => onChange({ ...config, event })}
        />
      </Field>
      <Field label={t("waitEvent.giveUpAfter")} hint={t("waitEvent.giveUpHint")}>
        <DurationInput
          name="timeout_seconds"
          seconds={typeof config.timeout_seconds === "number" ? config.timeout_seconds : undefined}
          disabled={readOnly}
          onChange={(s) => onChange({ ...config, timeout_seconds: s ?? 0 })}
        />
      </Field>
      <WhereFilter
        value={config.where}
        disabled={readOnly}
        onChange={(where) => {
          if (where !== undefined) return onChange({ ...config, where });
          const { where: _drop, ...rest } = config;
          onChange(rest);
        }}
      />
    </>
  );
}

export const wait_event: NodeKind = {
  type: "wait_event",
  label: translate("node.wait_event.label"),
  hint: translate("node.wait_event.hint"),
  icon: "⚐",
  defaultConfig: () => ({ event: "", timeout_seconds: 259200 }),
  Component: memo(WaitEventCard),
  Panel: WaitEventPanel,
};
