/**
 * A send node's channels (design §12), as the panel edits them: one channel with its `template`, or
 * several tried in order (`channels` list) or ranked per contact (`channels: "auto"`), each with its
 * template in `templates`. With "auto", ties go in DEFAULT_ORDER (journeys/graph/nodes/send.py): the
 * `templates` key order cannot carry it, as PostgreSQL's jsonb does not keep key order.
 * Pure functions over the schema-1 config, so the Vitest tests cover what the panel does.
 */
import { t } from "./i18n";
import type { Config, Json } from "./spec";

/** "auto" ties: as journeys/graph/nodes/send.py DEFAULT_ORDER. */
export const DEFAULT_ORDER = ["wechat", "sms", "email", "inapp", "webhook"];

export type SendMode = "single" | "ordered" | "auto";

function byDefaultOrder(channels: string[]): string[] {
  const rank = (c: string) => (DEFAULT_ORDER.includes(c) ? DEFAULT_ORDER.indexOf(c) : DEFAULT_ORDER.length);
  return channels.slice().sort((a, b) => rank(a) - rank(b));
}

export interface ChannelRow {
  channel: string;
  template: string;
}

export function sendMode(config: Config): SendMode {
  if (!("channels" in config)) return "single";
  return config.channels === "auto" ? "auto" : "ordered";
}

function templatesOf(config: Config): Record<string, string> {
  const templates = config.templates;
  const out: Record<string, string> = {};
  if (templates && typeof templates === "object" && !Array.isArray(templates)) {
    for (const [channel, slug] of Object.entries(templates)) out[channel] = typeof slug === "string" ? slug : "";
  }
  return out;
}

/** The channels in the order they are tried (before any ranking), each with its template. */
export function channelRows(config: Config): ChannelRow[] {
  const mode = sendMode(config);
  if (mode === "single") {
    const channel = typeof config.channel === "string" ? config.channel : "email";
    return [{ channel, template: typeof config.template === "string" ? config.template : "" }];
  }
  const templates = templatesOf(config);
  const order = mode === "auto" ? byDefaultOrder(Object.keys(templates)) : (config.channels as Json[]).filter((c): c is string => typeof c === "string");
  return order.map((channel) => ({ channel, template: templates[channel] ?? "" }));
}

/** The config for these rows in this mode, keeping the node's other keys (on_capped). */
export function withRows(config: Config, mode: SendMode, rows: ChannelRow[], afterSeconds?: number | null): Config {
  const { channel: _c, template: _t, channels: _l, templates: _m, fallback_after_seconds: after, ...rest } = config;
  void _c;
  void _t;
  void _l;
  void _m;
  if (mode === "single" || rows.length === 0) {
    const first = rows[0] ?? { channel: "email", template: "" };
    return { channel: first.channel, template: first.template, ...rest };
  }
  const templates: Config = {};
  const ordered = mode === "auto" ? byDefaultOrder(rows.map((r) => r.channel)).map((c) => rows.find((r) => r.channel === c)!) : rows;
  for (const row of ordered) templates[row.channel] = row.template;
  const out: Config = { channels: mode === "auto" ? "auto" : rows.map((r) => r.channel), templates, ...rest };
  const seconds = afterSeconds === undefined ? after : afterSeconds;
  if (typeof seconds === "number" && seconds > 0) out.fallback_after_seconds = seconds;
  return out;
}

/** `rows` with the row at `from` moved to `to` (drag and drop, or the up/down buttons). */
export function moveRow<T>(rows: T[], from: number, to: number): T[] {
  if (from === to || from < 0 || from >= rows.length || to < 0 || to >= rows.length) return rows;
  const out = rows.slice();
  const [row] = out.splice(from, 1);
  out.splice(to, 0, row);
  return out;
}

/** Channel names that read the same in every language (Chinese operators say "Webhook" too). */
const SAME_IN_EVERY_LANGUAGE: Record<string, string> = { webhook: "Webhook" };

/** A channel's name in the page's language (the catalogue's `channel.<name>`); an unknown one as it is. */
export function label(channel: string): string {
  return SAME_IN_EVERY_LANGUAGE[channel] ?? t(`channel.${channel}`, { defaultValue: channel });
}

/** The rule in words, shown under the list. */
export function describeRule(mode: SendMode, rows: ChannelRow[], afterSeconds?: number | null): string {
  if (mode === "single") return t("send.rule.single", { channel: label(rows[0]?.channel ?? "?") });
  const names = rows.map((r) => label(r.channel));
  const timer = afterSeconds ? t("send.rule.timer", { duration: formatSeconds(afterSeconds) }) : "";
  const moves = t("send.rule.moves", { timer });
  if (mode === "auto") {
    const ties = byDefaultOrder(rows.map((r) => r.channel)).map(label);
    return t("send.rule.auto", { ties: ties.join(t("send.rule.listSeparator")), moves });
  }
  return t("send.rule.ordered", { names: names.join(t("send.rule.thenSeparator")), moves });
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return t("send.rule.days", { count: seconds / 86400 });
  if (seconds % 3600 === 0) return t("send.rule.hours", { count: seconds / 3600 });
  if (seconds % 60 === 0) return t("send.rule.minutes", { count: seconds / 60 });
  return t("send.rule.seconds", { count: seconds });
}
