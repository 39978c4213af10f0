/** The journey's recent audit log under the review bar, with a link to the full history page. */
import type { AuditRow } from "./api";

export function HistoryPanel({ rows, historyUrl }: { rows: AuditRow[]; historyUrl: string }) {
  return (
    <div className="review-panel" data-testid="history">
      <table className="audit">
        <tbody>
          {rows.map((h) => (
            <tr key={h.id} data-action={h.action}>
              <td>{new Date(h.at).toLocaleString()}</td>
              <td>{h.actor}</td>
              <td>
                {h.action} v{h.version}
              </td>
              <td>{h.from_status || h.to_status ? `${h.from_status ?? "·"} → ${h.to_status ?? "·"}` : ""}</td>
              <td>{h.comment}</td>
              <td>
                <code title={h.content_hash}>{h.content_hash.slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <a href={historyUrl}>Versions, full audit log and diff</a>
    </div>
  );
}
