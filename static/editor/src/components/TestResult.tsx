/** What a simulation or a test run did, step by step; a step's node can be picked on the canvas. */
import { shortTime, type SimResult } from "../simulation";
import type { TestRun } from "../testApi";

export function SimSummary({ result, onPick }: { result: SimResult; onPick: (nodeId: string) => void }) {
  return (
    <div className="test-result" data-testid="sim-result" data-outcome={result.outcome}>
      <p>
        Outcome: <b>{result.outcome}</b>
        {result.ended_at && <> · until {shortTime(result.ended_at)}</>}
        {result.converted && (
          <>
            {" "}
            · converted on <b>{result.converted.event}</b> at {shortTime(result.converted.at)}
          </>
        )}
      </p>
      <ol className="test-steps">
        {result.path.map((step, i) => (
          <li key={i}>
            <button type="button" className="link" onClick={() => onPick(step.node)}>
              {step.node}
            </button>{" "}
            <span className="pf-hint">{shortTime(step.at)}</span>
            {step.would && (
              <span className={`jn-sim-verdict is-${step.would}`} title={step.reason ?? ""}>
                {step.would}
              </span>
            )}
            {step.variant && <span className="jn-variant">{step.variant}</span>}
            {step.waits_until && <span className="pf-hint"> waits until {shortTime(step.waits_until)}</span>}
            {step.reason && <div className="pf-hint">{step.reason}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function TestRunSummary({ run }: { run: TestRun }) {
  return (
    <div className="test-result" data-testid="test-run" data-state={run.state}>
      <p>
        Run #{run.run_id}: <b data-testid="test-run-state">{run.state}</b>
        {run.current_node && <> at {run.current_node}</>}
        {run.wake_at && <> · wakes {shortTime(run.wake_at, true)}</>}
        {run.exit_reason && <> · {run.exit_reason}</>}
      </p>
      {run.messages.length > 0 && (
        <ul className="test-steps" data-testid="test-messages">
          {run.messages.map((m) => (
            <li key={m.id}>
              {m.node} · {m.channel} → {m.address || "—"}{" "}
              <span className={`jn-sim-verdict is-${m.status}`} title={m.reason}>
                {m.status}
              </span>
              {m.reason && <div className="pf-hint">{m.reason}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
