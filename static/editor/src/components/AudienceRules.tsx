/**
 * The condition builder's audience rules (design section 9): membership of a saved segment
 * (`{"segment": key}`) and the "add" buttons for it and for computed traits (`{"computed": key, op, value}`,
 * edited by the builder's own rule row with the computed-trait suggestions below).
 */
import { newComputedRule, newSegmentRule, type Cond } from "../conditions";
import { useTranslation } from "react-i18next";
import { useAudienceOptions } from "../audiences/options";
import { SegmentPicker } from "./SegmentPicker";

export const LIST_COMPUTED = "jn-known-computed";

export function SegmentRule({ cond, onChange, disabled, path }: { cond: Cond; onChange: (c: Cond) => void; disabled: boolean; path: string }) {
  const { t } = useTranslation();
  return (
    <div className="cb-rule">
      <span className="cb-kw">{t("cond.isInSegment")}</span>
      <SegmentPicker name={`${path}.segment`} value={String(cond.segment ?? "")} disabled={disabled} onChange={(segment) => onChange({ segment })} />
    </div>
  );
}

export function AudienceAddButtons({ onAdd }: { onAdd: (cond: Cond) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" onClick={() => onAdd(newSegmentRule())}>
        {t("cond.addInSegment")}
      </button>
      <button type="button" onClick={() => onAdd(newComputedRule())}>
        {t("cond.addComputed")}
      </button>
    </>
  );
}

/** Suggestions for a computed rule's name: the product's own (RFM, lifecycle) and the defined ones. */
export function ComputedDatalist() {
  const { computed } = useAudienceOptions();
  return (
    <datalist id={LIST_COMPUTED}>
      {computed.map((key) => (
        <option key={key} value={key} />
      ))}
    </datalist>
  );
}
