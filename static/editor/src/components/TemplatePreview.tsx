/**
 * A template preview as the server rendered it (useTemplatePreview): the message by channel, the
 * SMS length, segments and encoding it counted, and its warnings.
 */
import { useTranslation } from "react-i18next";
import "../i18n"; // the catalogues, loaded before the first render (also when rendered on its own)
import type { TemplatePreview as Preview } from "../api";
import type { PreviewState } from "../hooks/useTemplatePreview";

function Warnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="preview-warnings" data-testid="preview-warnings">
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}

function Rendered({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const r = preview.rendered;
  switch (preview.channel) {
    case "sms": {
      const sms = preview.sms;
      return (
        <>
          <div className="bubble">{r.body}</div>
          {sms && (
            <div className="pf-hint" data-testid="sms-stats">
              {t("preview.characters", { count: sms.characters })} · {t("preview.segments", { count: sms.segments })} · {sms.encoding}
            </div>
          )}
        </>
      );
    }
    case "email":
      return (
        <>
          <div className="preview-subject">
            <b>{t("preview.subject")}</b> {r.subject}
          </div>
          {r.html ? <iframe title={t("preview.emailTitle")} sandbox="" srcDoc={r.html} /> : <pre>{r.text}</pre>}
        </>
      );
    case "webhook":
      return (
        <>
          <div>
            <b>POST</b> {r.url}
          </div>
          <pre>{r.body}</pre>
        </>
      );
    default:
      return (
        <>
          <b>{r.title}</b>
          <p>{r.body}</p>
          {r.link && <a>{r.link}</a>}
        </>
      );
  }
}

export function TemplatePreview({ state }: { state: PreviewState }) {
  const { t } = useTranslation();
  switch (state.status) {
    case "idle":
      return null;
    case "loading":
      return (
        <div className="preview preview-loading" data-testid="template-preview" aria-busy="true">
          <span className="pf-hint">{t("preview.rendering")}</span>
        </div>
      );
    case "error":
      return (
        <div className="preview preview-error" data-testid="template-preview" role="alert">
          {t("preview.failed", { error: state.error })}
        </div>
      );
    case "ready":
      return (
        <div className={`preview preview-${state.preview.channel}`} data-testid="template-preview">
          <Rendered preview={state.preview} />
          <Warnings warnings={state.preview.warnings} />
        </div>
      );
  }
}
