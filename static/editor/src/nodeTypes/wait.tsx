/** `wait`: {"seconds"} or {"until": "HH:MM", "timezone"}; out port `next`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { DurationInput, Field, LIST_TIMEZONES, Select, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { formatDuration } from "../format";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

function WaitCard({ id, data, selected }: NodeProps<FlowNode>) {
  const c = data.config;
  return (
    <NodeShell id={id} type="wait" label="Wait" icon="◷" config={c} selected={selected}>
      {"until" in c ? (
        <div className="jn-line">
          until <span className="jn-em">{String(c.until)}</span>{" "}
          <span className="jn-sub">{c.timezone && c.timezone !== "contact" ? String(c.timezone) : "contact's time"}</span>
        </div>
      ) : (
        <div className="jn-line">
          for <span className="jn-em">{formatDuration(c.seconds)}</span>
        </div>
      )}
    </NodeShell>
  );
}

function WaitPanel({ config, onChange, readOnly }: PanelProps) {
  const mode = "until" in config ? "until" : "seconds";
  const tz = typeof config.timezone === "string" ? config.timezone : "contact";
  return (
    <>
      <Field label="Wait">
        <Select
          name="wait-mode"
          value={mode}
          disabled={readOnly}
          options={[
            { value: "seconds", label: "for a duration" },
            { value: "until", label: "until a time of day" },
          ]}
          onChange={(m) => onChange(m === "until" ? { until: "09:00", timezone: "contact" } : { seconds: 86400 })}
        />
      </Field>
      {mode === "seconds" ? (
        <Field label="Duration">
          <DurationInput
            name="seconds"
            seconds={typeof config.seconds === "number" ? config.seconds : undefined}
            disabled={readOnly}
            onChange={(seconds) => onChange({ seconds: seconds ?? 0 })}
          />
        </Field>
      ) : (
        <>
          <Field label="Time of day (HH:MM)">
            <input
              type="time"
              name="until"
              value={String(config.until ?? "")}
              disabled={readOnly}
              onChange={(e) => onChange({ ...config, until: e.target.value })}
            />
          </Field>
          <Field label="Time zone" hint={'"contact" uses each contact\'s own time zone.'}>
            <TextInput
              name="timezone"
              value={tz}
              list={LIST_TIMEZONES}
              disabled={readOnly}
              onChange={(timezone) => onChange({ ...config, timezone })}
            />
          </Field>
        </>
      )}
    </>
  );
}

export const wait: NodeKind = {
  type: "wait",
  label: "Wait",
  hint: "Pause for a while or until a time of day",
  icon: "◷",
  defaultConfig: () => ({ seconds: 86400 }),
  Component: memo(WaitCard),
  Panel: WaitPanel,
};
