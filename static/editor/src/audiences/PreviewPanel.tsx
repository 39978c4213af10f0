/** The live size and sample beside the condition builder. */
import { useTranslation } from "react-i18next";
import { formatNumber } from "../i18n";
import type { PreviewState } from "./usePreview";

export function PreviewPanel({ state, savedSize }: { state: PreviewState; savedSize?: number }) {
  const { t } = useTranslation();
  const { preview, loading, error, complete } = state;
  return (
    <aside className="seg-preview" aria-live="polite">
      <h3>{t("audiences.sizeNow")}</h3>
      <div className="seg-size" data-testid="preview-size" data-loading={loading ? "1" : "0"}>
        {preview ? formatNumber(preview.size) : "–"}
      </div>
      <div className="pf-hint">
        {loading ? t("audiences.counting") : !complete ? t("audiences.finishRule") : error ? "" : t("audiences.matchNow")}
        {typeof savedSize === "number" && <> · {t("audiences.savedSize", { size: formatNumber(savedSize) })}</>}
      </div>
      {error && (
        <div className="pf-error" role="alert" data-testid="preview-error">
          {error}
        </div>
      )}
      {preview && preview.sample.length > 0 && (
        <>
          <h3>{t("audiences.sample")}</h3>
          <ul className="seg-sample" data-testid="preview-sample">
            {preview.sample.map((id) => (
              <li key={id}>
                <a href={`/contacts/${encodeURIComponent(id)}`}>{id}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {preview && preview.size === 0 && <p className="pf-hint">{t("audiences.nobody")}</p>}
    </aside>
  );
}
