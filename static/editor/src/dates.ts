/**
 * Date-based entry and weekday waits (design §14) read at a glance: the one-line descriptions the
 * node cards show, and the defaults the panels start from. Pure, tested in tests/dates.test.ts.
 */
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

const zoneText = (tz: Json | undefined) => (typeof tz === "string" && tz && tz !== "contact" ? tz : "contact's time");

/** "3 days before birthday, 10:00 contact's time, every year". */
export function describeDateTrigger(c: Config): string {
  const trait = typeof c.date_trait === "string" && c.date_trait ? c.date_trait : "…";
  const offset = typeof c.offset_days === "number" ? c.offset_days : 0;
  const days = Math.abs(offset) === 1 ? "1 day" : `${Math.abs(offset)} days`;
  const when = offset === 0 ? `on ${trait}` : offset < 0 ? `${days} before ${trait}` : `${days} after ${trait}`;
  const yearly = c.yearly === false ? "" : ", every year";
  return `${when}, ${String(c.at ?? "…")} ${zoneText(c.timezone)}${yearly}`;
}

/** "every week on mon, 10:00 UTC" / "on 2027-02-06, 2027-09-17, 10:00 Asia/Shanghai". */
export function describeSchedule(c: Config): string {
  const s = (c.schedule && typeof c.schedule === "object" && !Array.isArray(c.schedule) ? c.schedule : {}) as Config;
  let when: string;
  if (Array.isArray(s.dates)) {
    const dates = s.dates.map(String);
    when = dates.length === 0 ? "no dates yet" : `on ${dates.slice(0, 3).join(", ")}${dates.length > 3 ? ` +${dates.length - 3}` : ""}`;
  } else if (s.every === "week") {
    when = `every week on ${String(s.weekday ?? "…")}`;
  } else if (s.every === "month") {
    when = `every month on day ${String(s.day ?? "…")}`;
  } else {
    when = "every day";
  }
  return `${when}, ${String(c.at ?? "…")} ${zoneText(c.timezone)}`;
}

/** Weekdays in week order, no repeats, only known names. */
export function normalizeWeekdays(days: readonly string[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

export function describeWeekdays(days: Json | undefined): string {
  if (!Array.isArray(days) || days.length === 0) return "";
  const list = normalizeWeekdays(days.map(String));
  if (list.length === 5 && !list.includes("sat") && !list.includes("sun")) return "on weekdays";
  if (list.length === 2 && list.includes("sat") && list.includes("sun")) return "on the weekend";
  return `on ${list.join(", ")}`;
}

/** Dates typed one per line or comma-separated -> the `dates` list (blank entries dropped). */
export function textToDates(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
