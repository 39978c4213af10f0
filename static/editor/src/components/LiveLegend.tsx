/** The live view's left column: the version's totals, updated with the counts. */
import type { Counts } from "../context";
import { useTranslation } from "react-i18next";

export function LiveLegend({ counts }: { counts: Record<string, Counts> | null }) {
  const { t } = useTranslation();
  const totals = Object.values(counts ?? {}).reduce(
    (t, c) => ({ entered: t.entered + c.entered, waiting: t.waiting + c.waiting, exited: t.exited + c.exited, sent: t.sent + c.sent }),
    { entered: 0, waiting: 0, exited: 0, sent: 0 },
  );
  return (
    <section className="live-legend">
      <h3>{t("live.title")}</h3>
      <p className="pf-hint">{t("live.hint")}</p>
      <table className="counts-table" data-testid="live-totals">
        <tbody>
          <tr><th>{t("live.waiting")}</th><td>{totals.waiting}</td></tr>
          <tr><th>{t("live.exited")}</th><td>{totals.exited}</td></tr>
          <tr><th>{t("live.sent")}</th><td>{totals.sent}</td></tr>
        </tbody>
      </table>
    </section>
  );
}
