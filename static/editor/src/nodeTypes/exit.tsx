/** `exit`: {}; the contact leaves the journey. No out ports. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { NodeShell } from "../components/NodeShell";
import type { FlowNode } from "../spec";
import type { NodeKind } from "./kind";

function ExitCard({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeShell id={id} type="exit" label="Exit" icon="⊗" config={data.config} selected={selected}>
      <div className="jn-sub">leaves the journey</div>
    </NodeShell>
  );
}

function ExitPanel() {
  return <p className="pf-hint">Contacts that reach an Exit leave the journey. Nothing to configure.</p>;
}

export const exit: NodeKind = {
  type: "exit",
  label: "Exit",
  hint: "Contacts leave the journey",
  icon: "⊗",
  defaultConfig: () => ({}),
  Component: memo(ExitCard),
  Panel: ExitPanel,
};
