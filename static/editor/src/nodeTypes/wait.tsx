/** `wait`: {"seconds"} or {"until": "HH:MM", "weekdays"?, "timezone"}; out port `next`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { DurationInput, Field, LIST_TIMEZONES, Select, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { WeekdayWaitFields } from "../components/WeekdayWaitFields";
import { describeWeekdays } from "../dates";
import { formatDuration } from "../format";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";

function WaitCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const c = data.config;
  return (
    <NodeShell id={id} type="wait" label={t("node.wait.label")} icon="◷" config={c} selected={selected}>
      {"until" in c ? (
        <div className="jn-line">
          {t("node.wait.until")} <span className="jn-em">{String(c.until)}</span>{" "}
          <span className="jn-sub">{c.timezone && c.timezone !== "contact" ? String(c.timezone) : t("node.wait.contactTime")}</span>
          {Array.isArray(c.weekdays) && <div className="jn-sub">{describeWeekdays(c.weekdays)}</div>}
        </div>
      ) : (
        <div className="jn-line">
          {t("node.wait.for")} <span className="jn-em">{formatDuration(c.seconds)}</span>
        </div>
      )}
    </NodeShell>
  );
}

function WaitPanel({ config, onChange, readOnly }: PanelProps) {
  const mode = "until" in config ? "until" : "seconds";
  const { t } = useTranslation();
  const tz = typeof config.timezone === "string" ? config.timezone : "contact";
  return (
    <>
      <Field label={t("node.wait.label")}>
        <Select
          name="wait-mode"
          value={mode}
          disabled={readOnly}
          options={[
            { value: "seconds", label: t("node.wait.modeDuration") },
            { value: "until", label: t("node.wait.modeUntil") },
          ]}
          onChange={(m) => onChange(m === "until" ? { until: "09:00", timezone: "contact" } : { seconds: 86400 })}
        />
      </Field>
      {mode === "seconds" ? (
        <Field label={t("node.wait.duration")}>
          <DurationInput
            name="seconds"
            seconds={typeof config.seconds === "number" ? config.seconds : undefined}
            disabled={readOnly}
            onChange={(seconds) => onChange({ seconds: seconds ?? 0 })}
          />
        </Field>
      ) : (
        <>
          <Field label={t("node.wait.timeOfDay")}>
            <input
              type="time"
              name="until"
              value={String(config.until ?? "")}
              disabled={readOnly}
              onChange={(e) => onChange({ ...config, until: e.target.value })}
            />
          </Field>
          <Field label={t("node.wait.timezone")} hint={t("node.wait.timezoneHint")}>
            <TextInput
              name="timezone"
              value={tz}
              list={LIST_TIMEZONES}
              disabled={readOnly}
              onChange={(timezone) => onChange({ ...config, timezone })}
            />
          </Field>
          <WeekdayWaitFields config={config} onChange={onChange} readOnly={readOnly} />
        </>
      )}
    </>
  );
}

export const wait: NodeKind = {
  type: "wait",
  label: translate("node.wait.label"),
  hint: translate("node.wait.hint"),
  icon: "◷",
  defaultConfig: () => ({ seconds: 86400 }),
  Component: memo(WaitCard),
  Panel: WaitPanel,
};
