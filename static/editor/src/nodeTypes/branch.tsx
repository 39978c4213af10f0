/** `branch`: {"condition": cond}; out ports `yes`, `no`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { ConditionBuilder } from "../components/ConditionBuilder";
import { Section } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { describeCondition } from "../conditions";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";

function BranchCard({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeShell id={id} type="branch" label="Branch" icon="◇" config={data.config} selected={selected}>
      <div className="jn-line jn-cond">if {describeCondition(data.config.condition)}</div>
    </NodeShell>
  );
}

function BranchPanel({ config, onChange, readOnly }: PanelProps) {
  return (
    <Section title="Contacts go to yes when">
      <ConditionBuilder name="condition" value={config.condition} disabled={readOnly} onChange={(condition) => onChange({ condition })} />
    </Section>
  );
}

export const branch: NodeKind = {
  type: "branch",
  label: "Branch",
  hint: "Yes / no on traits and past events",
  icon: "◇",
  defaultConfig: () => ({ condition: { attr: "", op: "eq", value: "" } }),
  Component: memo(BranchCard),
  Panel: BranchPanel,
};
