/** `send`: {"channel", "template", "on_capped"}; out port `next`. */
import { memo, useEffect, useState } from "react";
import type { NodeProps } from "@xyflow/react";
import { listTemplates, type Template } from "../api";
import { Field, Select } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { TemplatePreview } from "../components/TemplatePreview";
import { useTemplatePreview } from "../hooks/useTemplatePreview";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

export const CHANNELS = [
  { value: "email", label: "Email" },
  { value: "sms", label: "SMS" },
  { value: "webhook", label: "Webhook" },
  { value: "inapp", label: "In-app" },
] as const;

const CHANNEL_ICONS: Record<string, string> = { email: "✉", sms: "✆", webhook: "⇄", inapp: "☰" };

function SendCard({ id, data, selected }: NodeProps<FlowNode>) {
  const c = data.config;
  const channel = String(c.channel ?? "?");
  return (
    <NodeShell id={id} type="send" label="Send" icon={CHANNEL_ICONS[channel] ?? "✉"} config={c} selected={selected}>
      <div className="jn-line">
        <span className={`jn-chip jn-chip-${channel}`}>{CHANNELS.find((x) => x.value === channel)?.label ?? channel}</span>{" "}
        <span className="jn-em">{String(c.template || "no template")}</span>
      </div>
      {c.on_capped === "exit" && <div className="jn-sub">exits when capped</div>}
    </NodeShell>
  );
}

function useTemplates(channel: string) {
  const [state, setState] = useState<{ channel: string; templates: Template[]; error: string | null; loading: boolean }>({
    channel,
    templates: [],
    error: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState({ channel, templates: [], error: null, loading: true });
    listTemplates(channel)
      .then((templates) => live && setState({ channel, templates, error: null, loading: false }))
      .catch((e: Error) => live && setState({ channel, templates: [], error: e.message, loading: false }));
    return () => {
      live = false;
    };
  }, [channel]);
  return state;
}

function SendPanel({ config, onChange, readOnly }: PanelProps) {
  const channel = typeof config.channel === "string" ? config.channel : "email";
  const template = typeof config.template === "string" ? config.template : "";
  const { templates, error, loading } = useTemplates(channel);
  const chosen = templates.find((t) => t.slug === template);
  const preview = useTemplatePreview(chosen ? chosen.slug : null);
  const onCapped = config.on_capped === "exit" ? "exit" : "skip";
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
      <Field label="When the contact is over a frequency cap">
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
  hint: "Email, SMS, webhook or in-app message",
  icon: "✉",
  defaultConfig: () => ({ channel: "email", template: "", on_capped: "skip" }),
  Component: memo(SendCard),
  Panel: SendPanel,
};
