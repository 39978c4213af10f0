/** `branch`: {"condition": cond}; out ports `yes`, `no`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { ConditionBuilder } from "../components/ConditionBuilder";
import { Section } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { describeCondition } from "../conditions";
import type { FlowNode } from "../spec";
import type { NodeKind, PanelProps } from "./kind";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";

function BranchCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="branch" label={t("node.branch.label")} icon="◇" config={data.config} selected={selected}>
      <div className="jn-line jn-cond">{t("node.branch.card", { condition: describeCondition(data.config.condition) })}</div>
    </NodeShell>
  );
}

function BranchPanel({ config, onChange, readOnly }: PanelProps) {
  const { t } = useTranslation();
  return (
    <Section title={t("node.branch.panel")}>
      <ConditionBuilder name="condition" value={config.condition} disabled={readOnly} onChange={(condition) => onChange({ condition })} />
    </Section>
  );
}

export const branch: NodeKind = {
  type: "branch",
  label: translate("node.branch.label"),
  hint: translate("node.branch.hint"),
  icon: "◇",
  defaultConfig: () => ({ condition: { attr: "", op: "eq", value: "" } }),
  Component: memo(BranchCard),
  Panel: BranchPanel,
};
