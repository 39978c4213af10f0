// Pure helpers of the analytics / overview pages: payload -> chart datasets and labels.
// No DOM and no Chart.js here, so Vitest checks them in node.
import { ct } from "./text";

export type Counts = { entered: number; waiting: number; exited: number; sent: number };
export type VariantRow = {
  key: string; control: boolean; enrolled: number; converted: number; rate: number | null;
  p_value: number | null; ci_low: number | null; ci_high: number | null; uplift: number | null;
};
export type Stats = {
  journey: number; version: number;
  nodes: Record<string, Counts>;
  enrollments: Record<string, number>;
  funnel: Array<Counts & { node: string; type: string; exit_reasons: Record<string, number> }>;
  sends: { total: number; by_status: Record<string, number>; by_channel: Record<string, Record<string, number>> };
  rates: { sent: number; delivered: number; opened: number; clicked: number; blocked: number;
           delivery_rate: number | null; open_rate: number | null; click_rate: number | null };
  variants: Array<{ split: string; control: string | null; variants: VariantRow[] }>;
  conversions: { enrolled: number; converted: number; rate: number | null;
                 time_to_convert: { histogram: Array<{ bucket: string; count: number }>;
                                    median_seconds: number | null; p90_seconds: number | null } };
};

export const STATUS_ORDER = ["delivered", "sent", "sending", "queued", "undelivered", "bounced", "failed",
  "suppressed", "capped", "deferred"];
export const STATUS_COLOURS: Record<string, string> = {
  delivered: "#12b76a", sent: "#6ce9a6", sending: "#a6f4c5", queued: "#d0d5dd", undelivered: "#fdb022",
  bounced: "#f79009", failed: "#f04438", suppressed: "#7a5af8", capped: "#9e77ed", deferred: "#b692f6",
};
export const CHANNEL_COLOURS: Record<string, string> = {
  sms: "#4f5bd5", email: "#12b76a", webhook: "#f79009", inapp: "#ee46bc",
};

export function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "–" : `${(value * 100).toFixed(digits)}%`;
}

export function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return value < 0.001 ? "< 0.001" : value.toFixed(3);
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 120) return ct("charts.unit.seconds", { n: Math.round(seconds) });
  if (seconds < 7200) return ct("charts.unit.minutes", { n: Math.round(seconds / 60) });
  if (seconds < 172800) return ct("charts.unit.hours", { n: (seconds / 3600).toFixed(1) });
  return ct("charts.unit.days", { n: (seconds / 86400).toFixed(1) });
}

/** One stacked dataset per status, one bar per channel. */
export function sendsDatasets(byChannel: Record<string, Record<string, number>>) {
  const channels = Object.keys(byChannel).sort();
  const statuses = STATUS_ORDER.filter((s) => channels.some((c) => byChannel[c][s]));
  return {
    labels: channels,
    datasets: statuses.map((status) => ({
      label: ct(`charts.status.${status}`, { defaultValue: status }), backgroundColor: STATUS_COLOURS[status] ?? "#98a2b3",
      data: channels.map((c) => byChannel[c][status] ?? 0),
    })),
  };
}

export function funnelDatasets(funnel: Stats["funnel"]) {
  return {
    labels: funnel.map((step) => step.node),
    datasets: [
      { label: ct("charts.entered"), backgroundColor: "#4f5bd5", data: funnel.map((s) => s.entered ?? 0) },
      { label: ct("charts.waitingNow"), backgroundColor: "#fdb022", data: funnel.map((s) => s.waiting ?? 0) },
      { label: ct("charts.leftHere"), backgroundColor: "#98a2b3", data: funnel.map((s) => s.exited ?? 0) },
    ],
  };
}

/** Conversion rate per variant (in %), control last-coloured grey. */
export function variantDatasets(split: Stats["variants"][number]) {
  return {
    labels: split.variants.map((v) => (v.control ? ct("charts.controlVariant", { key: v.key }) : v.key)),
    datasets: [{
      label: ct("charts.conversionRate"),
      backgroundColor: split.variants.map((v) => (v.control ? "#98a2b3" : "#4f5bd5")),
      data: split.variants.map((v) => (v.rate === null ? 0 : +(v.rate * 100).toFixed(2))),
    }],
  };
}

/** Messages per day, one stacked dataset per channel. */
export function perDayDatasets(days: string[], perDay: Record<string, Record<string, number>>) {
  const channels = [...new Set(days.flatMap((d) => Object.keys(perDay[d] ?? {})))].sort();
  return {
    labels: days.map((d) => d.slice(5)),
    datasets: channels.map((channel) => ({
      label: ct(`charts.channel.${channel}`, { defaultValue: channel }), backgroundColor: CHANNEL_COLOURS[channel] ?? "#98a2b3",
      data: days.map((d) => perDay[d]?.[channel] ?? 0),
    })),
  };
}

/** The headline numbers the page shows as counters, keyed by their data-stat name. */
export function counters(stats: Stats): Record<string, string> {
  const out: Record<string, string> = {
    enrolled: String(stats.conversions.enrolled), converted: String(stats.conversions.converted),
    conversion_rate: pct(stats.conversions.rate), sends: String(stats.sends.total),
    sent: String(stats.rates.sent), delivered: String(stats.rates.delivered), opened: String(stats.rates.opened),
    clicked: String(stats.rates.clicked), blocked: String(stats.rates.blocked),
    delivery_rate: pct(stats.rates.delivery_rate), open_rate: pct(stats.rates.open_rate),
    click_rate: pct(stats.rates.click_rate),
    median_ttc: duration(stats.conversions.time_to_convert.median_seconds),
    p90_ttc: duration(stats.conversions.time_to_convert.p90_seconds),
  };
  for (const [state, n] of Object.entries(stats.enrollments)) out[`state_${state}`] = String(n);
  return out;
}
