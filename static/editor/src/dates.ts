/**
 * Date-based entry and weekday waits (design §14) read at a glance: the one-line descriptions the
 * node cards show, and the defaults the panels start from. Pure, tested in tests/dates.test.ts.
 */
import { t } from "./i18n";
import type { Config, Json } from "./spec";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const EVERY = ["day", "week", "month"] as const;

export const DATE_TRIGGER_DEFAULT: Config = { date_trait: "birthday", offset_days: 0, at: "10:00", timezone: "contact", yearly: true };
export const SCHEDULE_TRIGGER_DEFAULT: Config = {
  schedule: { every: "week", weekday: "mon" },
  at: "10:00",
  timezone: "UTC",
  segment: "",
};

export function isDateTrigger(config: Config): boolean {
  return "date_trait" in config;
}

/** A schedule trigger also carries `segment` (a key): check it before the segment-condition trigger. */
export function isScheduleTrigger(config: Config): boolean {
  return "schedule" in config;
}

/** A weekday key ("mon") as the page's language names it ("mon" / "周一"). */
export const weekdayName = (day: string): string => t(`weekday.${day}`, { defaultValue: day });

const zoneText = (tz: Json | undefined) => (typeof tz === "string" && tz && tz !== "contact" ? tz : t("node.wait.contactTime"));

/** "3 days before birthday, 10:00 contact's time, every year". */
export function describeDateTrigger(c: Config): string {
  const trait = typeof c.date_trait === "string" && c.date_trait ? c.date_trait : "…";
  const offset = typeof c.offset_days === "number" ? c.offset_days : 0;
  const count = Math.abs(offset);
  const when = offset === 0 ? t("dates.onTrait", { trait }) : t(offset < 0 ? "dates.before" : "dates.after", { count, trait });
  const text = t("dates.dateTrigger", { when, at: String(c.at ?? "…"), zone: zoneText(c.timezone) });
  return c.yearly === false ? text : t("dates.yearly", { text });
}

/** "every week on mon, 10:00 UTC" / "on 2027-02-06, 2027-09-17, 10:00 Asia/Shanghai". */
export function describeSchedule(c: Config): string {
  const s = (c.schedule && typeof c.schedule === "object" && !Array.isArray(c.schedule) ? c.schedule : {}) as Config;
  let when: string;
  if (Array.isArray(s.dates)) {
    const dates = s.dates.map(String);
    const more = dates.length > 3 ? ` +${dates.length - 3}` : "";
    when = dates.length === 0 ? t("dates.noDates") : t("dates.onDates", { dates: dates.slice(0, 3).join(", ") + more });
  } else if (s.every === "week") {
    when = t("dates.everyWeek", { weekday: s.weekday === undefined ? "…" : weekdayName(String(s.weekday)) });
  } else if (s.every === "month") {
    when = t("dates.everyMonth", { day: String(s.day ?? "…") });
  } else {
    when = t("dates.everyDay");
  }
  return t("dates.dateTrigger", { when, at: String(c.at ?? "…"), zone: zoneText(c.timezone) });
}

/** Weekdays in week order, no repeats, only known names. */
export function normalizeWeekdays(days: readonly string[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

export function describeWeekdays(days: Json | undefined): string {
  if (!Array.isArray(days) || days.length === 0) return "";
  const list = normalizeWeekdays(days.map(String));
  if (list.length === 5 && !list.includes("sat") && !list.includes("sun")) return t("dates.onWeekdays");
  if (list.length === 2 && list.includes("sat") && list.includes("sun")) return t("dates.onWeekend");
  return t("dates.onDays", { days: list.map(weekdayName).join(t("dates.listSeparator")) });
}

/** Dates typed one per line or comma-separated -> the `dates` list (blank entries dropped). */
export function textToDates(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
