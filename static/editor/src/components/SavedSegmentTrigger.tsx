/** The trigger's saved-segment form (design section 9): `{"segment": key, "on": "enter" | "exit"}`. */
import { useTranslation } from "react-i18next";
import { t } from "../i18n";
import type { Json } from "../spec";
import { Field, Select } from "./fields";
import { SegmentPicker } from "./SegmentPicker";

type Config = Record<string, Json>;

/** A trigger config naming a saved segment by key (the inline form holds a condition object instead). */
export const isSavedSegmentTrigger = (config: Config) => typeof config.segment === "string";

export const newSavedSegmentTrigger = (): Config => ({ segment: "", on: "enter" });

export function savedSegmentLine(config: Config): string {
  const segment = String(config.segment || "…");
  return config.on === "exit" ? t("savedSegment.leaves", { segment }) : t("savedSegment.enters", { segment });
}

export function SavedSegmentFields({ config, onChange, readOnly }: { config: Config; onChange: (c: Config) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("savedSegment.label")} hint={t("savedSegment.hint")}>
        <SegmentPicker
          name="trigger-segment"
          value={String(config.segment ?? "")}
          disabled={readOnly}
          onChange={(segment) => onChange({ ...config, segment })}
        />
      </Field>
      <Field label={t("savedSegment.whenThey")}>
        <Select
          name="trigger-segment-on"
          value={config.on === "exit" ? "exit" : "enter"}
          disabled={readOnly}
          options={[
            { value: "enter", label: t("savedSegment.enter") },
            { value: "exit", label: t("savedSegment.exit") },
          ]}
          onChange={(on) => onChange({ ...config, on })}
        />
      </Field>
    </>
  );
}
