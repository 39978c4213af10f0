/** `trigger`: {"event", "where"?} or {"segment": cond}; out port `next`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { ConditionBuilder } from "../components/ConditionBuilder";
import { Field, LIST_EVENTS, Section, Select, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { WhereFilter } from "../components/WhereFilter";
import { describeCondition } from "../conditions";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

function TriggerCard({ id, data, selected }: NodeProps<FlowNode>) {
  const c = data.config;
  return (
    <NodeShell id={id} type="trigger" label="Trigger" icon="⚡" config={c} selected={selected}>
      {"segment" in c ? (
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
  const mode = "segment" in config ? "segment" : "event";
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
          ]}
          onChange={(m) => onChange(m === "segment" ? { segment: { attr: "", op: "eq", value: "" } } : { event: "" })}
        />
      </Field>
      {mode === "event" ? (
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
