/** Trigger panel for date-based entry: `{"date_trait", "offset_days", "at", "timezone", "yearly"}` (design §14). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Config } from "../spec";
import { Checkbox, Field, LIST_TIMEZONES, LIST_TRAITS, NumberInput, TextInput } from "./fields";
import { NextOccurrences } from "./NextOccurrences";

interface Props {
  config: Config;
  onChange: (config: Config) => void;
  readOnly: boolean;
}

export function DateTriggerFields({ config, onChange, readOnly }: Props) {
  const { t } = useTranslation();
  const tz = typeof config.timezone === "string" ? config.timezone : "contact";
  const [sample, setSample] = useState("");
  const [sampleZone, setSampleZone] = useState("UTC");
  return (
    <>
      <Field label={t("dateTrigger.dateTrait")} hint={t("dateTrigger.dateTraitHint", { format: "ISO" })}>
        <TextInput
          name="date_trait"
          value={String(config.date_trait ?? "")}
          list={LIST_TRAITS}
          placeholder="birthday"
          disabled={readOnly}
          onChange={(date_trait) => onChange({ ...config, date_trait })}
        />
      </Field>
      <Field label={t("dateTrigger.offset")} hint={t("dateTrigger.offsetHint")}>
        <NumberInput
          name="offset_days"
          value={typeof config.offset_days === "number" ? config.offset_days : 0}
          step={1}
          disabled={readOnly}
          onChange={(v) => onChange({ ...config, offset_days: Math.round(v ?? 0) })}
        />
      </Field>
      <Field label={t("dateTrigger.atLocal")}>
        <input
          type="time"
          name="at"
          value={String(config.at ?? "")}
          disabled={readOnly}
          onChange={(e) => onChange({ ...config, at: e.target.value })}
        />
      </Field>
      <Field label={t("node.wait.timezone")} hint={t("node.wait.timezoneHint")}>
        <TextInput
          name="timezone"
          value={tz}
          list={LIST_TIMEZONES}
          disabled={readOnly}
          onChange={(timezone) => onChange({ ...config, timezone })}
        />
      </Field>
      <Checkbox
        name="yearly"
        label={t("dateTrigger.yearly")}
        checked={config.yearly !== false}
        disabled={readOnly}
        onChange={(yearly) => onChange({ ...config, yearly })}
      />
      <Field label={t("dateTrigger.tryDate")} hint={t("dateTrigger.tryDateHint")}>
        <span className="pf-row">
          <input type="date" name="sample_date" value={sample} onChange={(e) => setSample(e.target.value)} />
          {tz === "contact" && (
            <TextInput name="sample_timezone" value={sampleZone} list={LIST_TIMEZONES} onChange={setSampleZone} />
          )}
        </span>
      </Field>
      <NextOccurrences trigger={config} sampleDate={sample || undefined} timezone={tz === "contact" ? sampleZone : undefined} />
    </>
  );
}
