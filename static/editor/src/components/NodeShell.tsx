/** The frame every node card shares: title, id, input handle, labelled output ports, findings, live counts. */
import { Handle, Position } from "@xyflow/react";
import type { ReactNode } from "react";
import { useCanvasInfo } from "../context";
import { hasInput, portsOf, type Config } from "../spec";
import { SimBadge } from "./SimBadge";
import { useTranslation } from "react-i18next";
import { typeLabel } from "../nodeTypes/labels";

interface Props {
  id: string;
  type: string;
  label: string;
  icon: string;
  config: Config;
  selected?: boolean;
  children?: ReactNode;
}

export function NodeShell({ id, type, label, icon, config, selected, children }: Props) {
  const { t } = useTranslation();
  const { issuesByNode, counts, readOnly } = useCanvasInfo();
  const issues = issuesByNode[id] ?? [];
  const errors = issues.filter((i) => i.severity === "error");
  const ports = portsOf(type, config);
  const count = counts?.[id];
  return (
    <div className={`jn jn-${type}${selected ? " is-selected" : ""}`} data-node-type={type}>
      {hasInput(type) && <Handle type="target" position={Position.Top} className="jn-in" isConnectable={!readOnly} />}
      <div className="jn-head">
        <span className="jn-icon" aria-hidden>
          {icon}
        </span>
        <span className="jn-title">{typeLabel(type, label)}</span>
        <span className="jn-id" title={t("shell.nodeId")}>
          {id}
        </span>
        {issues.length > 0 && (
          <span
            className={`jn-badge ${errors.length ? "jn-badge-error" : "jn-badge-warning"}`}
            title={issues.map((i) => `${t(`issues.${i.severity}`)}: ${i.message}`).join("\n")}
            data-testid="issue-badge"
          >
            {errors.length ? "!" : "?"} {issues.length}
          </span>
        )}
      </div>
      <div className="jn-body">{children}</div>
      <SimBadge id={id} />
      {count && (
        <div className="jn-counts" data-testid="node-counts">
          <span title={t("counts.enteredTitle")}>
            <b data-count="entered">{count.entered}</b> {t("counts.in")}
          </span>
          <span title={t("counts.waitingTitle")}>
            <b data-count="waiting">{count.waiting}</b> {t("counts.wait")}
          </span>
          <span title={t("counts.exitedTitle")}>
            <b data-count="exited">{count.exited}</b> {t("counts.out")}
          </span>
          {type === "send" && (
            <span title={t("counts.sentTitle")}>
              <b data-count="sent">{count.sent}</b> {t("counts.sent")}
            </span>
          )}
        </div>
      )}
      {ports.length > 0 && (
        <div className="jn-ports">
          {ports.map((port) => (
            <div className="jn-port" key={port} data-port={port}>
              <span className="jn-port-label">{port}</span>
              <Handle
                type="source"
                id={port}
                position={Position.Bottom}
                className="jn-out"
                isConnectable={!readOnly}
                data-port={port}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
