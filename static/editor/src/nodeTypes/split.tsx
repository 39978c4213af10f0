/** `split`: {"variants": [{key, weight}, …]} summing to 100; one out port per variant key. */
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { NumberInput, Section, TextInput } from "../components/fields";
import { NodeShell } from "../components/NodeShell";
import type { Config, FlowNode, Json } from "../spec";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { NodeKind, PanelProps } from "./kind";

type Variant = { key: Json; weight: Json };

function variantsOf(config: Config): Variant[] {
  return Array.isArray(config.variants) ? (config.variants as Variant[]) : [];
}

export function weightSum(config: Config): number {
  return variantsOf(config).reduce((sum, v) => sum + (typeof v?.weight === "number" ? v.weight : 0), 0);
}

function SplitCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { t } = useTranslation();
  const variants = variantsOf(data.config);
  const sum = weightSum(data.config);
  return (
    <NodeShell id={id} type="split" label={t("node.split.label")} icon="⋔" config={data.config} selected={selected}>
      <div className="jn-variants">
        {variants.map((v, i) => (
          <span className="jn-variant" key={i}>
            {String(v?.key ?? "?")} <b>{typeof v?.weight === "number" ? v.weight : "?"}%</b>
          </span>
        ))}
      </div>
      {Math.abs(sum - 100) > 1e-9 && <div className="jn-sub jn-warn">{t("split.weightsSum", { sum })}</div>}
    </NodeShell>
  );
}

function nextKey(variants: Variant[]): string {
  const taken = new Set(variants.map((v) => v.key));
  for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") if (!taken.has(letter)) return letter;
  let n = variants.length + 1;
  while (taken.has(`V${n}`)) n++;
  return `V${n}`;
}

function SplitPanel({ config, onChange, readOnly }: PanelProps) {
  const { t } = useTranslation();
  const variants = variantsOf(config);
  const sum = weightSum(config);
  const set = (next: Variant[]) => onChange({ variants: next as Json[] as Json } as Config);
  const ok = Math.abs(sum - 100) < 1e-9;
  return (
    <Section
      title={t("split.variants")}
      actions={
        <span className={`weight-sum ${ok ? "ok" : "bad"}`} data-testid="weight-sum">
          Σ {sum}%{ok ? "" : t("split.mustBe100")}
        </span>
      }
    >
      <table className="variants">
        <thead>
          <tr>
            <th>{t("split.key")}</th>
            <th>{t("split.weight")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {variants.map((v, i) => (
            <tr key={i}>
              <td>
                <TextInput
                  name={`variant-${i}-key`}
                  value={String(v?.key ?? "")}
                  disabled={readOnly}
                  onChange={(key) => set(variants.map((x, j) => (j === i ? { key, weight: x.weight } : x)))}
                />
              </td>
              <td>
                <NumberInput
                  name={`variant-${i}-weight`}
                  value={typeof v?.weight === "number" ? v.weight : undefined}
                  min={0}
                  disabled={readOnly}
                  onChange={(weight) => set(variants.map((x, j) => (j === i ? { key: x.key, weight: weight ?? 0 } : x)))}
                />
              </td>
              <td>
                {!readOnly && variants.length > 1 && (
                  <button type="button" className="link danger" title={t("split.removeVariant")} onClick={() => set(variants.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <button type="button" onClick={() => set([...variants, { key: nextKey(variants), weight: Math.max(0, 100 - sum) }])}>
          {t("split.addVariant")}
        </button>
      )}
      <p className="pf-hint">{t("split.holdoutHint")}</p>
    </Section>
  );
}

export const split: NodeKind = {
  type: "split",
  label: translate("node.split.label"),
  hint: translate("node.split.hint"),
  icon: "⋔",
  defaultConfig: () => ({ variants: [{ key: "A", weight: 50 }, { key: "B", weight: 50 }] }),
  Component: memo(SplitCard),
  Panel: SplitPanel,
};
