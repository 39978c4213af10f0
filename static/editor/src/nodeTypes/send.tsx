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
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { NodeKind, PanelProps } from "./kind";

/** Every channel a send may use, in the order the selects offer them (names from channelOrder's `label`). */
export const CHANNELS = ["email", "sms", "wechat", "webhook", "inapp"] as const;

const CHANNEL_ICONS: Record<string, string> = { email: "✉", sms: "✆", webhook: "⇄", inapp: "☰", wechat: "◎" };

const MODES: SendMode[] = ["single", "ordered", "auto"];

function SendCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const c = data.config;
  const mode = sendMode(c);
  const rows = channelRows(c);
  const first = rows[0]?.channel ?? "?";
  return (
    <NodeShell id={id} type="send" label={t("node.send.label")} icon={CHANNEL_ICONS[first] ?? "✉"} config={c} selected={selected}>
      <div className="jn-line">
        {mode === "auto" && <span className="jn-em">{t("send.bestOf")} </span>}
        {rows.map((row, i) => (
          <span key={row.channel}>
            {i > 0 && (mode === "auto" ? ", " : " → ")}
            <span className={`jn-chip jn-chip-${row.channel}`}>{label(row.channel)}</span>
          </span>
        ))}{" "}
        {mode === "single" && <span className="jn-em">{String(c.template || t("send.noTemplate"))}</span>}
      </div>
      {typeof c.fallback_after_seconds === "number" && <div className="jn-sub">{t("send.movesOn")}</div>}
      {c.on_capped === "exit" && <div className="jn-sub">{t("send.exitsWhenCapped")}</div>}
    </NodeShell>
  );
}

function SingleChannel({ config, onChange, readOnly }: PanelProps) {
  const channel = typeof config.channel === "string" ? config.channel : "email";
  const template = typeof config.template === "string" ? config.template : "";
  const { t } = useTranslation();
  const { templates, error, loading } = useTemplates(channel);
  const chosen = templates.find((x) => x.slug === template);
  const preview = useTemplatePreview(chosen ? chosen.slug : null);
  return (
    <>
      <Field label={t("send.channel")}>
        <Select
          name="channel"
          value={channel}
          disabled={readOnly}
          options={CHANNELS.map((value) => ({ value, label: label(value) }))}
          onChange={(ch) => onChange({ ...config, channel: ch, template: "" })}
        />
      </Field>
      <Field
        label={t("send.template")}
        hint={
          loading
            ? t("send.loadingTemplates")
            : error
              ? t("send.templatesFailed", { error })
              : templates.length === 0
                ? t("send.noTemplatesYet", { channel: label(channel) })
                : undefined
        }
      >
        <select name="template" value={template} disabled={readOnly} onChange={(e) => onChange({ ...config, template: e.target.value })}>
          <option value="">{t("send.chooseTemplate")}</option>
          {template && !chosen && !loading && <option value={template}>{t("send.missingTemplate", { slug: template })}</option>}
          {templates.map((x) => (
            <option key={x.slug} value={x.slug}>
              {x.slug}
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
  const { t } = useTranslation();
  const mode = sendMode(config);
  const rows = channelRows(config);
  const after = typeof config.fallback_after_seconds === "number" ? config.fallback_after_seconds : undefined;
  const onCapped = config.on_capped === "exit" ? "exit" : "skip";
  return (
    <>
      <Field label={t("send.sendOn")}>
        <Select
          name="send-mode"
          value={mode}
          disabled={readOnly}
          options={MODES.map((value) => ({ value, label: t(`send.mode.${value}`) }))}
          onChange={(next) => onChange(withRows(config, next, next === "single" ? rows.slice(0, 1) : rows))}
        />
      </Field>
      {mode === "single" ? (
        <SingleChannel {...props} />
      ) : (
        <>
          {/* Not a <label>: the list holds several controls. */}
          <div className="pf">
            <span className="pf-label">{mode === "auto" ? t("send.channelsRanked") : t("send.channelsOrdered")}</span>
            <ChannelList
              rows={rows}
              channels={CHANNELS}
              readOnly={readOnly}
              orderable={mode === "ordered"}
              onChange={(next) => onChange(withRows(config, mode, next))}
            />
            {mode === "ordered" && <span className="pf-hint">{t("send.dragHint", { keys: "Alt+↑ / Alt+↓" })}</span>}
          </div>
          <Field label={t("send.fallbackAfter")} hint={t("send.fallbackAfterHint")}>
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
      <Field label={mode === "single" ? t("send.whenCapped") : t("send.whenUnreachable")}>
        <Select
          name="on_capped"
          value={onCapped}
          disabled={readOnly}
          options={[
            { value: "skip", label: t("send.onCapped.skip") },
            { value: "exit", label: t("send.onCapped.exit") },
          ]}
          onChange={(v) => onChange({ ...config, on_capped: v })}
        />
      </Field>
    </>
  );
}

export const send: NodeKind = {
  type: "send",
  label: translate("node.send.label"),
  hint: translate("node.send.hint"),
  icon: "✉",
  defaultConfig: () => ({ channel: "email", template: "", on_capped: "skip" }),
  Component: memo(SendCard),
  Panel: SendPanel,
};
