/** The live view's left column: the version's totals, updated with the counts. */
import type { Counts } from "../context";

export function LiveLegend({ counts }: { counts: Record<string, Counts> | null }) {
  const totals = Object.values(counts ?? {}).reduce(
    (t, c) => ({ entered: t.entered + c.entered, waiting: t.waiting + c.waiting, exited: t.exited + c.exited, sent: t.sent + c.sent }),
    { entered: 0, waiting: 0, exited: 0, sent: 0 },
  );
  return (
    <section className="live-legend">
      <h3>Live version</h3>
      <p className="pf-hint">Read-only. Counts update live, within a second or two of contacts moving.</p>
      <table className="counts-table" data-testid="live-totals">
        <tbody>
          <tr><th>waiting now</th><td>{totals.waiting}</td></tr>
          <tr><th>left the journey</th><td>{totals.exited}</td></tr>
          <tr><th>messages sent</th><td>{totals.sent}</td></tr>
        </tbody>
      </table>
    </section>
  );
}
