/** `wait_event`: {"event", "where"?, "timeout_seconds"}; out ports `event`, `timeout`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { DurationInput, Field, LIST_EVENTS, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { WhereFilter } from "../components/WhereFilter";
import { describeCondition } from "../conditions";
import { formatDuration } from "../format";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

function WaitEventCard({ id, data, selected }: NodeProps<FlowNode>) {
  const c = data.config;
  return (
    <NodeShell id={id} type="wait_event" label="Wait for event" icon="⚐" config={c} selected={selected}>
      <div className="jn-line">
        <span className="jn-em">{String(c.event || "…")}</span> within <span className="jn-em">{formatDuration(c.timeout_seconds)}</span>
      </div>
      {c.where !== undefined && <div className="jn-sub">where {describeCondition(c.where)}</div>}
    </NodeShell>
  );
}

function WaitEventPanel({ config, onChange, readOnly }: PanelProps) {
  return (
    <>
      <Field label="Event">
        <TextInput
          name="event"
          value={String(config.event ?? "")}
          list={LIST_EVENTS}
          placeholder="order_completed"
          disabled={readOnly}
          onChange={(event) => onChange({ ...config, event })}
        />
      </Field>
      <Field label="Give up after" hint="Then the contact leaves by the timeout port.">
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
  label: "Wait for event",
  hint: "Wait for an event, or time out",
  icon: "⚐",
  defaultConfig: () => ({ event: "", timeout_seconds: 259200 }),
  Component: memo(WaitEventCard),
  Panel: WaitEventPanel,
};
