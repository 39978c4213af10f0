/**
 * The two date-based ways into a journey (design §14), as the trigger node offers them: the modes for
 * its "Contacts enter" select, their starting configs, their panel fields and their line on the card.
 */
import { DATE_TRIGGER_DEFAULT, SCHEDULE_TRIGGER_DEFAULT, describeDateTrigger, describeSchedule, isDateTrigger, isScheduleTrigger } from "../dates";
import { useTranslation } from "react-i18next";
import { t } from "../i18n";
import { copyJson, type Config } from "../spec";
import { DateTriggerFields } from "./DateTriggerFields";
import { ScheduleFields } from "./ScheduleFields";

export type DateMode = "date" | "schedule";

/** The date modes for the trigger's "Contacts enter" select, in the page's language. */
export function dateModeOptions(): { value: DateMode; label: string }[] {
  return [
    { value: "date", label: t("dateTrigger.mode.date") },
    { value: "schedule", label: t("dateTrigger.mode.schedule") },
  ];
}

/** The date mode of a trigger config, or null for the other kinds. */
export function dateMode(config: Config): DateMode | null {
  return isDateTrigger(config) ? "date" : isScheduleTrigger(config) ? "schedule" : null;
}

export function isDateMode(mode: string): mode is DateMode {
  return mode === "date" || mode === "schedule";
}

export function dateModeDefault(mode: DateMode): Config {
  return copyJson(mode === "date" ? DATE_TRIGGER_DEFAULT : SCHEDULE_TRIGGER_DEFAULT);
}

interface FieldsProps {
  mode: DateMode;
  config: Config;
  onChange: (config: Config) => void;
  readOnly: boolean;
}

export function DateModeFields({ mode, ...rest }: FieldsProps) {
  return mode === "date" ? <DateTriggerFields {...rest} /> : <ScheduleFields {...rest} />;
}

export function DateModeCardLine({ config }: { config: Config }) {
  const { t } = useTranslation();
  const schedule = isScheduleTrigger(config);
  return (
    <>
      <div className="jn-line jn-cond" title={schedule ? describeSchedule(config) : describeDateTrigger(config)}>
        <span className="jn-em">{schedule ? describeSchedule(config) : describeDateTrigger(config)}</span>
      </div>
      {schedule && <div className="jn-sub">{t("dateTrigger.segmentLine", { segment: String(config.segment || "…") })}</div>}
    </>
  );
}
