/** Trigger panel for date-based entry: `{"date_trait", "offset_days", "at", "timezone", "yearly"}` (design §14). */
import { useState } from "react";
import type { Config } from "../spec";
import { Checkbox, Field, LIST_TIMEZONES, LIST_TRAITS, NumberInput, TextInput } from "./fields";
import { NextOccurrences } from "./NextOccurrences";

interface Props {
  config: Config;
  onChange: (config: Config) => void;
  readOnly: boolean;
}

export function DateTriggerFields({ config, onChange, readOnly }: Props) {
  const tz = typeof config.timezone === "string" ? config.timezone : "contact";
  const [sample, setSample] = useState("");
  const [sampleZone, setSampleZone] = useState("UTC");
  return (
    <>
      <Field label="Date trait" hint="An ISO date on the contact (birthday, renewal_date…).">
        <TextInput
          name="date_trait"
          value={String(config.date_trait ?? "")}
          list={LIST_TRAITS}
          placeholder="birthday"
          disabled={readOnly}
          onChange={(date_trait) => onChange({ ...config, date_trait })}
        />
      </Field>
      <Field label="Days from the date" hint="−3 enters three days before; 0 on the day.">
        <NumberInput
          name="offset_days"
          value={typeof config.offset_days === "number" ? config.offset_days : 0}
          step={1}
          disabled={readOnly}
          onChange={(v) => onChange({ ...config, offset_days: Math.round(v ?? 0) })}
        />
      </Field>
      <Field label="At (local time, HH:MM)">
        <input
          type="time"
          name="at"
          value={String(config.at ?? "")}
          disabled={readOnly}
          onChange={(e) => onChange({ ...config, at: e.target.value })}
        />
      </Field>
      <Field label="Time zone" hint={'"contact" uses each contact\'s own time zone.'}>
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
        label="Every year (month and day only)"
        checked={config.yearly !== false}
        disabled={readOnly}
        onChange={(yearly) => onChange({ ...config, yearly })}
      />
      <Field label="Try a date value" hint="Empty: the daily moments contacts are checked.">
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
