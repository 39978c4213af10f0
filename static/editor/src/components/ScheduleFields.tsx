/**
 * Trigger panel for scheduled entry of a segment (a recurring broadcast journey, design §14):
 * `{"schedule": {"dates": […]} | {"every", "weekday"?, "day"?}, "at", "timezone", "segment": key}`.
 */
import { useTranslation } from "react-i18next";
import { EVERY, ISO_DATE, WEEKDAYS, textToDates, weekdayName } from "../dates";
import type { Config } from "../spec";
import { Field, LIST_TIMEZONES, NumberInput, ParsedInput, Select, TextInput } from "./fields";
import { NextOccurrences } from "./NextOccurrences";
import { SegmentPicker } from "./SegmentPicker";

interface Props {
  config: Config;
  onChange: (config: Config) => void;
  readOnly: boolean;
}

type Kind = "dates" | (typeof EVERY)[number];

/** The schedule for a kind, keeping what still applies from the one before. */
function scheduleFor(kind: Kind, before: Config): Config {
  if (kind === "dates") return { dates: Array.isArray(before.dates) ? before.dates : [] };
  if (kind === "week") return { every: "week", weekday: typeof before.weekday === "string" ? before.weekday : "mon" };
  if (kind === "month") return { every: "month", day: typeof before.day === "number" ? before.day : 1 };
  return { every: "day" };
}

export function ScheduleFields({ config, onChange, readOnly }: Props) {
  const { t } = useTranslation();
  const schedule = (config.schedule && typeof config.schedule === "object" && !Array.isArray(config.schedule)
    ? config.schedule
    : {}) as Config;
  const kind: Kind = Array.isArray(schedule.dates) ? "dates" : ((schedule.every as Kind) ?? "day");
  const setSchedule = (next: Config) => onChange({ ...config, schedule: next });
  const dates = Array.isArray(schedule.dates) ? schedule.dates.map(String) : [];
  const badDates = dates.filter((d) => !ISO_DATE.test(d));
  return (
    <>
      <Field label={t("schedule.segment")} hint={t("schedule.segmentHint")}>
        <SegmentPicker
          name="schedule-segment"
          value={String(config.segment ?? "")}
          disabled={readOnly}
          onChange={(segment) => onChange({ ...config, segment })}
        />
      </Field>
      <Field label={t("schedule.when")}>
        <Select
          name="schedule-kind"
          value={kind}
          disabled={readOnly}
          options={[
            { value: "dates", label: t("schedule.kind.dates") },
            { value: "day", label: t("schedule.kind.day") },
            { value: "week", label: t("schedule.kind.week") },
            { value: "month", label: t("schedule.kind.month") },
          ]}
          onChange={(k) => setSchedule(scheduleFor(k, schedule))}
        />
      </Field>
      {kind === "dates" && (
        <Field
          label={t("schedule.dates", { format: "YYYY-MM-DD" })}
          error={badDates.length ? t("schedule.notADate", { dates: badDates.join(", ") }) : undefined}
        >
          <ParsedInput<string[]>
            name="schedule-dates"
            value={dates}
            placeholder="2027-02-06, 2027-09-15"
            disabled={readOnly}
            format={(v) => v.join(", ")}
            parse={textToDates}
            onChange={(list) => setSchedule({ dates: list })}
          />
        </Field>
      )}
      {kind === "week" && (
        <Field label={t("schedule.weekday")}>
          <Select
            name="schedule-weekday"
            value={String(schedule.weekday ?? "mon")}
            disabled={readOnly}
            options={WEEKDAYS.map((day) => ({ value: day, label: weekdayName(day) }))}
            onChange={(weekday) => setSchedule({ every: "week", weekday })}
          />
        </Field>
      )}
      {kind === "month" && (
        <Field label={t("schedule.dayOfMonth")}>
          <NumberInput
            name="schedule-day"
            value={typeof schedule.day === "number" ? schedule.day : undefined}
            min={1}
            step={1}
            disabled={readOnly}
            onChange={(day) => setSchedule({ every: "month", day: Math.min(28, Math.max(1, Math.round(day ?? 1))) })}
          />
        </Field>
      )}
      <Field label={t("schedule.at")}>
        <input
          type="time"
          name="at"
          value={String(config.at ?? "")}
          disabled={readOnly}
          onChange={(e) => onChange({ ...config, at: e.target.value })}
        />
      </Field>
      <Field label={t("node.wait.timezone")} hint={t("schedule.timezoneHint", { standard: "IANA", example: "Asia/Shanghai" })}>
        <TextInput
          name="timezone"
          value={String(config.timezone ?? "")}
          list={LIST_TIMEZONES}
          placeholder="UTC"
          disabled={readOnly}
          onChange={(timezone) => onChange({ ...config, timezone })}
        />
      </Field>
      <NextOccurrences trigger={config} />
    </>
  );
}
