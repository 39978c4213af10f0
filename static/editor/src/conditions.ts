/** The condition language of design section 3, as the editor builds and shows it. */
import type { Json } from "./spec";
import { listToText, valueToText } from "./format";
import { t } from "./i18n";

export type Cond = { [key: string]: Json };

export const OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "contains", "exists"] as const;
export const COUNT_OPS = ["eq", "neq", "gt", "gte", "lt", "lte"] as const;

/** Operators as the one-line readings show them: symbols, and the word ones in the page's language. */
export const OP_LABELS: Record<string, string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };
const opLabel = (op: string): string => OP_LABELS[op] ?? t(`cond.op.${op}`, { defaultValue: op });

/** Which form a condition object has: all/any/not/attr/event/prop/segment (membership)/computed, or null. */
export function condForm(
  cond: Json | undefined,
): "all" | "any" | "not" | "attr" | "event" | "prop" | "segment" | "computed" | null {
  if (!cond || typeof cond !== "object" || Array.isArray(cond)) return null;
  for (const form of ["all", "any", "not", "attr", "event", "prop", "segment", "computed"] as const) if (form in cond) return form;
  return null;
}

/** `{"segment": key}`: is a member of a saved segment (design section 9). */
export function newSegmentRule(): Cond {
  return { segment: "" };
}

/** `{"computed": key, "op", "value"}`: a computed trait (RFM, lifecycle stage, counts, sums, …). */
export function newComputedRule(): Cond {
  return { computed: "", op: "eq", value: "" };
}

export function newRule(properties: boolean): Cond {
  return properties ? { prop: "", op: "eq", value: "" } : { attr: "", op: "eq", value: "" };
}

export function newEventRule(): Cond {
  return { event: "", count: { op: "gte", value: 1 }, within_days: 30 };
}

function describeRule(name: string, cond: Cond): string {
  const op = String(cond.op ?? "?");
  if (op === "exists") return t("cond.read.exists", { name });
  const value = op === "in" ? `[${listToText(cond.value)}]` : valueToText(cond.value);
  return `${name} ${opLabel(op)} ${value}`;
}

/** A one-line reading of a condition, for node cards. */
export function describeCondition(cond: Json | undefined, depth = 0): string {
  const form = condForm(cond);
  if (!form) return t("cond.read.none");
  const c = cond as Cond;
  const wrap = (s: string) => (depth > 0 ? `(${s})` : s);
  switch (form) {
    case "all":
    case "any": {
      const items = Array.isArray(c[form]) ? (c[form] as Json[]) : [];
      if (items.length === 0) return t("cond.read.empty");
      const parts = items.map((item) => describeCondition(item, depth + 1));
      return parts.length === 1 ? parts[0] : wrap(parts.join(t(form === "all" ? "cond.read.and" : "cond.read.or")));
    }
    case "not":
      return t("cond.read.not", { condition: describeCondition(c.not, depth + 1) });
    case "attr":
      return describeRule(String(c.attr || "?"), c);
    case "prop":
      return describeRule(String(c.prop || "?"), c);
    case "segment":
      return t("cond.read.inSegment", { segment: String(c.segment || "?") });
    case "computed":
      return describeRule(`computed.${String(c.computed || "?")}`, c);
    case "event": {
      const count = (c.count as Cond | undefined) ?? { op: "gte", value: 1 };
      const times = `${opLabel(String(count.op))}${valueToText(count.value)}×`;
      const within = typeof c.within_days === "number" ? t("cond.read.within", { days: c.within_days }) : "";
      const where = c.where ? t("cond.read.where", { condition: describeCondition(c.where, depth + 1) }) : "";
      return `${String(c.event || "?")} ${times}${within}${where}`;
    }
  }
}
