/** The segment editor's pure helpers: keys from names, whether a condition is worth previewing. */
import { condForm } from "../conditions";
import type { Json } from "../spec";
import { formatNumber, t } from "../i18n";
import type { MembersResult } from "./api";

/** A key from a name: "Repeat buyers (30 d)" -> "repeat-buyers-30-d". */
export function keyFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
}

/**
 * Whether every rule of a condition is filled in enough to ask the server for a count: a trait or
 * computed rule needs its name, an event rule its event, a segment rule its key. Half-typed rules
 * would only produce 400s while the user types.
 */
export function isComplete(cond: Json | undefined): boolean {
  const form = condForm(cond);
  if (!form) return false;
  const c = cond as Record<string, Json>;
  switch (form) {
    case "all":
    case "any":
      return Array.isArray(c[form]) && (c[form] as Json[]).length > 0 && (c[form] as Json[]).every(isComplete);
    case "not":
      return isComplete(c.not);
    case "event":
      return typeof c.event === "string" && c.event.trim() !== "" && (c.where === undefined || isComplete(c.where));
    case "segment":
      return typeof c.segment === "string" && c.segment !== "";
    default: {
      const name = c[form];
      return typeof name === "string" && name.trim() !== "";
    }
  }
}

/** What an upload did, in a sentence: "12 added, 40 members now; 2 unknown userIds not added: a, b". */
export function describeMembers(result: MembersResult): string {
  const ids = `${result.unknown.slice(0, 10).join(", ")}${result.unknown.length > 10 ? ", …" : ""}`;
  const unknown = result.unknown.length ? t("audiences.unknownIds", { count: result.unknown.length, ids }) : "";
  return t("audiences.uploaded", { added: formatNumber(result.added), size: formatNumber(result.size), unknown });
}
