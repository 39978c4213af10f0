/** The journey's recent audit log under the review bar, with a link to the full history page. */
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format";
import type { AuditRow } from "./api";

export function HistoryPanel({ rows, historyUrl }: { rows: AuditRow[]; historyUrl: string }) {
  const { t } = useTranslation();
  return (
    <div className="review-panel" data-testid="history">
      <table className="audit">
        <tbody>
          {rows.map((h) => (
            <tr key={h.id} data-action={h.action}>
              <td>{formatDateTime(new Date(h.at))}</td>
              <td>{h.actor}</td>
              <td>
                {t(`review.audit.${h.action}`, { defaultValue: h.action })} v{h.version}
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
      <a href={historyUrl}>{t("review.fullHistory")}</a>
    </div>
  );
}
