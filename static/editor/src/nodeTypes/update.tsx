/** `update`: {"set": {trait: value, …}}; out port `next`. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { LIST_TRAITS, ParsedInput, Section, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import { textToValue, valueToText } from "../format";
import type { Config, FlowNode, Json } from "../spec";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { NodeKind, PanelProps } from "./kind";

function entriesOf(config: Config): [string, Json][] {
  const set = config.set;
  return set && typeof set === "object" && !Array.isArray(set) ? Object.entries(set) : [];
}

function UpdateCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const entries = entriesOf(data.config);
  return (
    <NodeShell id={id} type="update" label={t("node.update.label")} icon="✎" config={data.config} selected={selected}>
      {entries.length === 0 ? (
        <div className="jn-sub">{t("update.nothingSet")}</div>
      ) : (
        entries.slice(0, 3).map(([k, v]) => (
          <div className="jn-line" key={k}>
            {k} = <span className="jn-em">{valueToText(v)}</span>
          </div>
        ))
      )}
      {entries.length > 3 && <div className="jn-sub">{t("update.more", { count: entries.length - 3 })}</div>}
    </NodeShell>
  );
}

function UpdatePanel({ config, onChange, readOnly }: PanelProps) {
  const { t } = useTranslation();
  const entries = entriesOf(config);
  const set = (next: [string, Json][]) => onChange({ set: Object.fromEntries(next) });
  return (
    <Section title={t("update.setTraits")}>
      {entries.map(([key, value], i) => (
        <div className="pf-row" key={i}>
          <TextInput
            name={`set-${i}-key`}
            value={key}
            list={LIST_TRAITS}
            disabled={readOnly}
            onChange={(k) => set(entries.map((e, j) => (j === i ? [k, e[1]] : e)))}
          />
          <ParsedInput<Json>
            name={`set-${i}-value`}
            value={value}
            format={valueToText}
            parse={textToValue}
            disabled={readOnly}
            onChange={(v) => set(entries.map((e, j) => (j === i ? [e[0], v] : e)))}
          />
          {!readOnly && (
            <button type="button" className="link danger" onClick={() => set(entries.filter((_, j) => j !== i))}>
              ✕
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          onClick={() => {
            let n = entries.length + 1;
            const keys = new Set(entries.map((e) => e[0]));
            while (keys.has(`trait_${n}`)) n++;
            set([...entries, [`trait_${n}`, ""]]);
          }}
        >
          {t("update.addTrait")}
        </button>
      )}
      <p className="pf-hint">{t("update.valuesHint")}</p>
    </Section>
  );
}

export const update: NodeKind = {
  type: "update",
  label: translate("node.update.label"),
  hint: translate("node.update.hint"),
  icon: "✎",
  defaultConfig: () => ({ set: { trait_1: "" } }),
  Component: memo(UpdateCard),
  Panel: UpdatePanel,
};
