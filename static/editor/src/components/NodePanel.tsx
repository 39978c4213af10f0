/** The selected step's side panel: its findings, its live counts (live view), its config form, delete. */
import type { Issue } from "../api";
import type { Counts } from "../context";
import { NODE_KINDS } from "../nodeTypes";
import { isKnownType, specType, type Config, type FlowNode } from "../spec";
import { useTranslation } from "react-i18next";
import { kindLabel } from "../nodeTypes/labels";

interface Props {
  node: FlowNode;
  issues: Issue[];
  counts: Counts | null;
  readOnly: boolean;
  onChange: (id: string, config: Config) => void;
  onDelete: (id: string) => void;
}

export function NodePanel({ node, issues, counts, readOnly, onChange, onDelete }: Props) {
  const { t } = useTranslation();
  const type = specType(node);
  const kind = isKnownType(type) ? NODE_KINDS[type] : null;
  const Panel = kind?.Panel;
  return (
    <div className="panel-body" data-testid="node-panel" data-node={node.id}>
      <h3>
        {kind ? `${kind.icon} ${kindLabel(kind)}` : t("panel.unknownType", { type })} <code className="jn-id">{node.id}</code>
      </h3>
      {issues.length > 0 && (
        <ul className="panel-issues">
          {issues.map((issue, i) => (
            <li key={i} className={`issue issue-${issue.severity}`}>
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {counts && (
        <table className="counts-table" data-testid="panel-counts">
          <tbody>
            <tr><th>{t("counts.entered")}</th><td>{counts.entered}</td></tr>
            <tr><th>{t("counts.waitingHere")}</th><td>{counts.waiting}</td></tr>
            <tr><th>{t("counts.exitedTitle")}</th><td>{counts.exited}</td></tr>
            {type === "send" && <tr><th>{t("counts.sent")}</th><td>{counts.sent}</td></tr>}
          </tbody>
        </table>
      )}
      <fieldset disabled={readOnly} className="panel-fields">
        {Panel ? (
          <Panel nodeId={node.id} config={node.data.config} onChange={(config) => onChange(node.id, config)} readOnly={readOnly} />
        ) : (
          <pre>{JSON.stringify(node.data.config, null, 2)}</pre>
        )}
      </fieldset>
      {!readOnly && (
        <button type="button" className="link danger" onClick={() => onDelete(node.id)} data-action="delete-node">
          {t("panel.delete")}
        </button>
      )}
    </div>
  );
}
