/** A node whose type the editor does not know (from a file): shown and kept as is, never dropped. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { NodeShell } from "../components/NodeShell";
import type { FlowNode } from "../spec";

function UnknownCard({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeShell id={id} type={data.specType ?? "unknown"} label={`Unknown: ${data.specType ?? "?"}`} icon="?" config={data.config} selected={selected}>
      <pre className="jn-sub">{JSON.stringify(data.config)}</pre>
    </NodeShell>
  );
}

export const UnknownNode = memo(UnknownCard);
