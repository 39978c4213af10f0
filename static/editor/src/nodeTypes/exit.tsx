/** `exit`: {}; the contact leaves the journey. No out ports. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { NodeShell } from "../components/NodeShell";
import type { FlowNode } from "../spec";
import type { NodeKind } from "./kind";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";

function ExitCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  return (
    <NodeShell id={id} type="exit" label={t("node.exit.label")} icon="⊗" config={data.config} selected={selected}>
      <div className="jn-sub">{t("node.exit.card")}</div>
    </NodeShell>
  );
}

function ExitPanel() {
  const { t } = useTranslation();
  return <p className="pf-hint">{t("node.exit.panel")}</p>;
}

export const exit: NodeKind = {
  type: "exit",
  label: translate("node.exit.label"),
  hint: translate("node.exit.hint"),
  icon: "⊗",
  defaultConfig: () => ({}),
  Component: memo(ExitCard),
  Panel: ExitPanel,
};
