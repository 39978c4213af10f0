/** The validation findings, listed; a click selects the node they are pinned on. */
import type { Issue } from "../api";

interface Props {
  issues: Issue[];
  checking: boolean;
  onPick: (nodeId: string) => void;
}

export function IssuesPanel({ issues, checking, onPick }: Props) {
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  return (
    <section className="issues" data-testid="issues-panel" aria-live="polite">
      <h3>
        Checks{" "}
        <span className={`issues-summary ${errors ? "bad" : warnings ? "warn" : "ok"}`} data-testid="issues-summary">
          {checking ? "checking…" : errors || warnings ? `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}` : "no problems"}
        </span>
      </h3>
      <ul>
        {issues.map((issue, i) => (
          <li key={i} className={`issue issue-${issue.severity}`} data-node={issue.node ?? ""} data-code={issue.code}>
            {issue.node ? (
              <button type="button" className="link issue-node" onClick={() => onPick(issue.node!)}>
                {issue.node}
              </button>
            ) : (
              <span className="issue-node">journey</span>
            )}{" "}
            {issue.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
