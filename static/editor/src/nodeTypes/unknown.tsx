/** A node whose type the editor does not know (from a file): shown and kept as is, never dropped. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { NodeShell } from "../components/NodeShell";
import type { FlowNode } from "../spec";
import { useTranslation } from "react-i18next";

function UnknownCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type={data.specType ?? "unknown"} label={t("node.unknown", { type: data.specType ?? "?" })} icon="?" config={data.config} selected={selected}>
      <pre className="jn-sub">{JSON.stringify(data.config)}</pre>
    </NodeShell>
  );
}

export const UnknownNode = memo(UnknownCard);
