/** The changes of the shown version against the live one, listed (the canvas highlights them too). */
import { useTranslation } from "react-i18next";
import type { Diff, EdgeRef } from "./api";
import { templateLines } from "./diff";

const edgeKey = (prefix: string, e: EdgeRef) => `${prefix}-${e.source}-${e.port}-${e.target}`;

export function DiffPanel({ diff }: { diff: Diff }) {
  const { t } = useTranslation();
  const templates = templateLines(diff);
  const empty =
    !diff.nodes.added.length && !diff.nodes.removed.length && !diff.nodes.changed.length &&
    !diff.edges.added.length && !diff.edges.removed.length && !diff.settings_changed && !templates.length;
  return (
    <div className="review-panel" data-testid="diff">
      <b>
        {t("diff.title", { version: diff.version })}{" "}
        {diff.base_version ? t("diff.againstLive", { version: diff.base_version }) : t("diff.nothingLive")}
      </b>
      <ul>
        {diff.nodes.added.map((n) => (
          <li key={`a-${n.id}`} className="diff-added" data-diff="added" data-node={n.id}>
            + {t("diff.stepAdded", { id: n.id, type: n.type })}
          </li>
        ))}
        {diff.nodes.removed.map((n) => (
          <li key={`r-${n.id}`} className="diff-removed" data-diff="removed" data-node={n.id}>
            − {t("diff.stepRemoved", { id: n.id, type: n.type })}
          </li>
        ))}
        {diff.nodes.changed.map((n) => (
          <li key={`c-${n.id}`} className="diff-changed" data-diff="changed" data-node={n.id}>
            ~ {t("diff.stepChanged", { id: n.id, type: n.type, fields: n.fields.join(", ") || t("diff.type") })}
          </li>
        ))}
        {diff.edges.added.map((e) => (
          <li key={edgeKey("ea", e)} className="diff-added" data-diff="edge-added">
            + {t("diff.connection")} {e.source} —{e.port}→ {e.target}
          </li>
        ))}
        {diff.edges.removed.map((e) => (
          <li key={edgeKey("er", e)} className="diff-removed" data-diff="edge-removed">
            − {t("diff.connection")} {e.source} —{e.port}→ {e.target}
          </li>
        ))}
        {diff.settings_changed && <li className="diff-changed">~ {t("diff.settingsChanged")}</li>}
        {templates.map((line) => (
          <li key={`t-${line.kind}-${line.slug}`} className={`diff-${line.kind}`} data-diff={`template-${line.kind}`} data-template={line.slug}>
            {line.text}
            {line.fields.length > 0 && (
              <ul className="diff-fields">
                {line.fields.map((f) => (
                  <li key={f.field} data-field={f.field}>
                    {f.field}: <del>{f.before || t("cond.read.empty")}</del> → <ins>{f.after || t("cond.read.empty")}</ins>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
        {empty && <li className="muted">{t("diff.none")}</li>}
      </ul>
    </div>
  );
}
