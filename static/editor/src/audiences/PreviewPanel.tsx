/** The live size and sample beside the condition builder. */
import type { PreviewState } from "./usePreview";

export function PreviewPanel({ state, savedSize }: { state: PreviewState; savedSize?: number }) {
  const { preview, loading, error, complete } = state;
  return (
    <aside className="seg-preview" aria-live="polite">
      <h3>Size now</h3>
      <div className="seg-size" data-testid="preview-size" data-loading={loading ? "1" : "0"}>
        {preview ? preview.size.toLocaleString() : "–"}
      </div>
      <div className="pf-hint">
        {loading ? "counting…" : !complete ? "finish the rule to count" : error ? "" : "contacts match right now"}
        {typeof savedSize === "number" && <> · saved size {savedSize.toLocaleString()}</>}
      </div>
      {error && (
        <div className="pf-error" role="alert" data-testid="preview-error">
          {error}
        </div>
      )}
      {preview && preview.sample.length > 0 && (
        <>
          <h3>Sample</h3>
          <ul className="seg-sample" data-testid="preview-sample">
            {preview.sample.map((id) => (
              <li key={id}>
                <a href={`/contacts/${encodeURIComponent(id)}`}>{id}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {preview && preview.size === 0 && <p className="pf-hint">Nobody matches yet: loosen a rule, or check names against a contact page.</p>}
    </aside>
  );
}
