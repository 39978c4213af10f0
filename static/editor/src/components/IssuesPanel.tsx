/** The validation findings, listed; a click selects the node they are pinned on. */
import type { Issue } from "../api";
import { useTranslation } from "react-i18next";

interface Props {
  issues: Issue[];
  checking: boolean;
  onPick: (nodeId: string) => void;
}

export function IssuesPanel({ issues, checking, onPick }: Props) {
  const { t } = useTranslation();
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  return (
    <section className="issues" data-testid="issues-panel" aria-live="polite">
      <h3>
        {t("issues.title")}{" "}
        <span className={`issues-summary ${errors ? "bad" : warnings ? "warn" : "ok"}`} data-testid="issues-summary">
          {checking
            ? t("issues.checking")
            : errors || warnings
              ? t("issues.summary", { errors: t("issues.errors", { count: errors }), warnings: t("issues.warnings", { count: warnings }) })
              : t("issues.none")}
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
              <span className="issue-node">{t("issues.journey")}</span>
            )}{" "}
            {issue.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
