/**
 * `send`: {"channel", "template", "on_capped"}, or with channel fallback (design §12)
 * {"channels": [...] | "auto", "templates": {channel: slug}, "fallback_after_seconds"?, "on_capped"};
 * out port `next`. The list logic is src/channelOrder.ts, the list editor components/ChannelList.tsx.
 */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { channelRows, describeRule, label, sendMode, withRows, type SendMode } from "../channelOrder";
import { ChannelList } from "../components/ChannelList";
import { DurationInput, Field, Select } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { TemplatePreview } from "../components/TemplatePreview";
import { useTemplatePreview } from "../hooks/useTemplatePreview";
import { useTemplates } from "../hooks/useTemplates";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

export const CHANNELS = [
  { value: "email", label: "Email" },
  { value: "sms", label: "SMS" },
  { value: "wechat", label: "WeChat" },
  { value: "webhook", label: "Webhook" },
  { value: "inapp", label: "In-app" },
] as const;

const CHANNEL_ICONS: Record<string, string> = { email: "✉", sms: "✆", webhook: "⇄", inapp: "☰", wechat: "◎" };

const MODES: { value: SendMode; label: string }[] = [
  { value: "single", label: "one channel" },
  { value: "ordered", label: "several, in this order (fallback)" },
  { value: "auto", label: "best channel first, per contact" },
];

function SendCard({ id, data, selected }: NodeProps<FlowNode>) {
  const c = data.config;
  const mode = sendMode(c);
  const rows = channelRows(c);
  const first = rows[0]?.channel ?? "?";
  return (
    <NodeShell id={id} type="send" label="Send" icon={CHANNEL_ICONS[first] ?? "✉"} config={c} selected={selected}>
      <div className="jn-line">
        {mode === "auto" && <span className="jn-em">best of </span>}
        {rows.map((row, i) => (
          <span key={row.channel}>
            {i > 0 && (mode === "auto" ? ", " : " → ")}
            <span className={`jn-chip jn-chip-${row.channel}`}>{label(row.channel)}</span>
          </span>
        ))}{" "}
        {mode === "single" && <span className="jn-em">{String(c.template || "no template")}</span>}
      </div>
      {typeof c.fallback_after_seconds === "number" && <div className="jn-sub">moves on if not delivered in time</div>}
      {c.on_capped === "exit" && <div className="jn-sub">exits when capped</div>}
    </NodeShell>
  );
}

function SingleChannel({ config, onChange, readOnly }: PanelProps) {
  const channel = typeof config.channel === "string" ? config.channel : "email";
  const template = typeof config.template === "string" ? config.template : "";
  const { templates, error, loading } = useTemplates(channel);
  const chosen = templates.find((t) => t.slug === template);
  const preview = useTemplatePreview(chosen ? chosen.slug : null);
  return (
    <>
      <Field label="Channel">
        <Select
          name="channel"
          value={channel}
          disabled={readOnly}
          options={CHANNELS.map((c) => ({ value: c.value, label: c.label }))}
          onChange={(ch) => onChange({ ...config, channel: ch, template: "" })}
        />
      </Field>
      <Field
        label="Template"
        hint={loading ? "loading templates…" : error ? `could not load templates: ${error}` : templates.length === 0 ? `no ${channel} templates yet` : undefined}
      >
        <select name="template" value={template} disabled={readOnly} onChange={(e) => onChange({ ...config, template: e.target.value })}>
          <option value="">— choose a template —</option>
          {template && !chosen && !loading && <option value={template}>{template} (missing)</option>}
          {templates.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.slug}
            </option>
          ))}
        </select>
      </Field>
      {chosen && <TemplatePreview state={preview} />}
    </>
  );
}

function SendPanel(props: PanelProps) {
  const { config, onChange, readOnly } = props;
  const mode = sendMode(config);
  const rows = channelRows(config);
  const after = typeof config.fallback_after_seconds === "number" ? config.fallback_after_seconds : undefined;
  const onCapped = config.on_capped === "exit" ? "exit" : "skip";
  return (
    <>
      <Field label="Send on">
        <Select
          name="send-mode"
          value={mode}
          disabled={readOnly}
          options={MODES}
          onChange={(next) => onChange(withRows(config, next, next === "single" ? rows.slice(0, 1) : rows))}
        />
      </Field>
      {mode === "single" ? (
        <SingleChannel {...props} />
      ) : (
        <>
          {/* Not a <label>: the list holds several controls. */}
          <div className="pf">
            <span className="pf-label">{mode === "auto" ? "Channels, ranked per contact" : "Channels, tried in this order"}</span>
            <ChannelList
              rows={rows}
              channels={CHANNELS.map((c) => c.value)}
              readOnly={readOnly}
              orderable={mode === "ordered"}
              onChange={(next) => onChange(withRows(config, mode, next))}
            />
            {mode === "ordered" && <span className="pf-hint">drag a row, or focus it and press Alt+↑ / Alt+↓</span>}
          </div>
          <Field label="Also move on when not delivered within" hint="optional; leave empty to wait for a failure">
            <DurationInput
              name="fallback_after_seconds"
              seconds={after}
              disabled={readOnly}
              onChange={(seconds) => onChange(withRows(config, mode, rows, seconds ?? null))}
            />
          </Field>
        </>
      )}
      <p className="jn-rule" data-testid="send-rule">
        {describeRule(mode, rows, after)}
      </p>
      <Field label={mode === "single" ? "When the contact is over a frequency cap" : "When no channel can reach the contact"}>
        <Select
          name="on_capped"
          value={onCapped}
          disabled={readOnly}
          options={[
            { value: "skip", label: "skip this message and go on" },
            { value: "exit", label: "leave the journey" },
          ]}
          onChange={(v) => onChange({ ...config, on_capped: v })}
        />
      </Field>
    </>
  );
}

export const send: NodeKind = {
  type: "send",
  label: "Send",
  hint: "Email, SMS, WeChat, webhook or in-app message, with fallback",
  icon: "✉",
  defaultConfig: () => ({ channel: "email", template: "", on_capped: "skip" }),
  Component: memo(SendCard),
  Panel: SendPanel,
};
