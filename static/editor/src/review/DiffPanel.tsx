/** The changes of the shown version against the live one, listed (the canvas highlights them too). */
import type { Diff, EdgeRef } from "./api";
import { templateLines } from "./diff";

const edgeKey = (prefix: string, e: EdgeRef) => `${prefix}-${e.source}-${e.port}-${e.target}`;

export function DiffPanel({ diff }: { diff: Diff }) {
  const templates = templateLines(diff);
  const empty =
    !diff.nodes.added.length && !diff.nodes.removed.length && !diff.nodes.changed.length &&
    !diff.edges.added.length && !diff.edges.removed.length && !diff.settings_changed && !templates.length;
  return (
    <div className="review-panel" data-testid="diff">
      <b>
        Changes in v{diff.version} {diff.base_version ? `against live v${diff.base_version}` : "(nothing is live: everything is new)"}
      </b>
      <ul>
        {diff.nodes.added.map((n) => (
          <li key={`a-${n.id}`} className="diff-added" data-diff="added" data-node={n.id}>
            + step {n.id} ({n.type}) added
          </li>
        ))}
        {diff.nodes.removed.map((n) => (
          <li key={`r-${n.id}`} className="diff-removed" data-diff="removed" data-node={n.id}>
            − step {n.id} ({n.type}) removed
          </li>
        ))}
        {diff.nodes.changed.map((n) => (
          <li key={`c-${n.id}`} className="diff-changed" data-diff="changed" data-node={n.id}>
            ~ step {n.id} ({n.type}): {n.fields.join(", ") || "type"} changed
          </li>
        ))}
        {diff.edges.added.map((e) => (
          <li key={edgeKey("ea", e)} className="diff-added" data-diff="edge-added">
            + connection {e.source} —{e.port}→ {e.target}
          </li>
        ))}
        {diff.edges.removed.map((e) => (
          <li key={edgeKey("er", e)} className="diff-removed" data-diff="edge-removed">
            − connection {e.source} —{e.port}→ {e.target}
          </li>
        ))}
        {diff.settings_changed && <li className="diff-changed">~ journey settings changed</li>}
        {templates.map((t) => (
          <li key={`t-${t.kind}-${t.slug}`} className={`diff-${t.kind}`} data-diff={`template-${t.kind}`} data-template={t.slug}>
            {t.text}
            {t.fields.length > 0 && (
              <ul className="diff-fields">
                {t.fields.map((f) => (
                  <li key={f.field} data-field={f.field}>
                    {f.field}: <del>{f.before || "(empty)"}</del> → <ins>{f.after || "(empty)"}</ins>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
        {empty && <li className="muted">no changes</li>}
      </ul>
    </div>
  );
}
