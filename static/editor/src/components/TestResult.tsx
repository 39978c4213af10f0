/** What a simulation or a test run did, step by step; a step's node can be picked on the canvas. */
import { useTranslation } from "react-i18next";
import { shortTime, type SimResult } from "../simulation";
import type { TestRun } from "../testApi";

export function SimSummary({ result, onPick }: { result: SimResult; onPick: (nodeId: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="test-result" data-testid="sim-result" data-outcome={result.outcome}>
      <p>
        {t("test.outcome")} <b>{t(`test.outcomes.${result.outcome}`, { defaultValue: result.outcome })}</b>
        {result.ended_at && <> · {t("test.until", { time: shortTime(result.ended_at) })}</>}
        {result.converted && (
          <>
            {" "}
            · {t("test.convertedOn")} <b>{result.converted.event}</b> {t("test.at", { time: shortTime(result.converted.at) })}
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
                {t(`test.would.${step.would}`, { defaultValue: step.would })}
              </span>
            )}
            {step.variant && <span className="jn-variant">{step.variant}</span>}
            {step.waits_until && <span className="pf-hint"> {t("test.waitsUntil", { time: shortTime(step.waits_until) })}</span>}
            {step.reason && <div className="pf-hint">{step.reason}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function TestRunSummary({ run }: { run: TestRun }) {
  const { t } = useTranslation();
  return (
    <div className="test-result" data-testid="test-run" data-state={run.state}>
      <p>
        {t("test.run", { id: run.run_id })} <b data-testid="test-run-state">{run.state}</b>
        {run.current_node && <> {t("test.atNode", { node: run.current_node })}</>}
        {run.wake_at && <> · {t("test.wakes", { time: shortTime(run.wake_at, true) })}</>}
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
