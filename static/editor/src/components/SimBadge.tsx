/** On a node card while a test path shows: step number, simulated time(s), send verdict and variant. */
import { shortTime } from "../simulation";
import { useSimulationPath } from "../simulationContext";

export function SimBadge({ id }: { id: string }) {
  const path = useSimulationPath();
  const visit = path.visits[id];
  if (!visit) return null;
  const more = visit.times.length > 1 ? ` (+${visit.times.length - 1})` : "";
  return (
    <div className="jn-sim" data-testid="sim-badge" data-sim-time={visit.times[0]}>
      <span className="jn-sim-order">{visit.order}</span>
      <span className="jn-sim-time" title={visit.times.join("\n")}>
        {shortTime(visit.times[0], path.live)}
        {more}
      </span>
      {visit.verdict && (
        <span className={`jn-sim-verdict is-${visit.verdict}`} title={visit.reason ?? ""} data-testid="sim-verdict">
          {visit.verdict}
        </span>
      )}
      {visit.variant && (
        <span className="jn-variant" data-testid="sim-variant">
          {visit.variant}
        </span>
      )}
    </div>
  );
}
