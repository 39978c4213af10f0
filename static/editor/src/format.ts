/** Small pure helpers for showing configs at a glance. */
import type { Json } from "./spec";
import { i18n, t } from "./i18n";

export const DURATION_UNITS = [
  { unit: "days", seconds: 86400, short: "d" },
  { unit: "hours", seconds: 3600, short: "h" },
  { unit: "minutes", seconds: 60, short: "min" },
  { unit: "seconds", seconds: 1, short: "s" },
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number]["unit"];

/** The largest unit that divides `seconds` exactly: 86400 -> {1, days}. */
export function splitDuration(seconds: number): { value: number; unit: DurationUnit } {
  if (!Number.isFinite(seconds) || seconds <= 0) return { value: seconds || 0, unit: "hours" };
  for (const u of DURATION_UNITS) {
    if (seconds % u.seconds === 0) return { value: seconds / u.seconds, unit: u.unit };
  }
  return { value: seconds, unit: "seconds" };
}

export function unitSeconds(unit: DurationUnit): number {
  return DURATION_UNITS.find((u) => u.unit === unit)?.seconds ?? 1;
}

export function formatDuration(seconds: Json | undefined): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "?";
  const { value, unit } = splitDuration(seconds);
  const short = DURATION_UNITS.find((u) => u.unit === unit)?.short ?? "s";
  return `${value} ${t(`duration.${unit}`, { defaultValue: short })}`;
}

/** A date and time in the page's language (Intl): the occurrences list, audit rows. */
export function formatDateTime(date: Date, options?: Intl.DateTimeFormatOptions): string {
  return date.toLocaleString(i18n.language, options);
}

/** A day in the page's language ("Mar 1, 2027" / "2027年3月1日"). */
export function formatDate(date: Date, options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" }): string {
  return date.toLocaleDateString(i18n.language, options);
}

/** A value as a marketer types it: strings bare, everything else as JSON. */
export function valueToText(value: Json | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * Text typed into a value box -> JSON value: true/false/null/numbers/lists/objects
 * parse as JSON, `"42"` (quoted) stays a string, anything else is a string.
 */
export function textToValue(text: string): Json {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  if (/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(trimmed) || /^[[{"]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

/** "a, b, 3" -> ["a", "b", 3] for the `in` op. */
export function textToList(text: string): Json[] {
  if (text.trim().startsWith("[")) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed as Json[];
    } catch {
      /* fall through to comma splitting */
    }
  }
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(textToValue);
}

export function listToText(value: Json | undefined): string {
  if (!Array.isArray(value)) return valueToText(value);
  return value.map(valueToText).join(", ");
}
