/** The diff against the live version, as canvas classes and as the review panel's template lines. */
import { t } from "../i18n";
import type { Diff } from "./api";

/** Node id -> the canvas class of its change ("diff-added" / "diff-changed"). */
export function diffClasses(diff: Diff | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!diff) return out;
  for (const n of diff.nodes.added) out[n.id] = "diff-added";
  for (const n of diff.nodes.changed) out[n.id] = "diff-changed";
  return out;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface TemplateLine {
  kind: "added" | "removed" | "changed";
  slug: string;
  text: string;
  /** Changed templates only: each changed field, before (live) and after (this version). */
  fields: FieldChange[];
}

const SHOWN_CHARS = 160;

function shown(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
}

const label = (slug: string, channel: string | null) => (channel ? `${slug} (${channel})` : slug);

/** One line per template whose content differs from what live sends: the content approval pins. */
export function templateLines(diff: Diff): TemplateLine[] {
  const templates = diff.templates;
  if (!templates) return [];
  return [
    ...templates.added.map((x): TemplateLine => ({
      kind: "added", slug: x.slug, text: `+ ${t("diff.templateAdded", { template: label(x.slug, x.channel) })}`, fields: [],
    })),
    ...templates.removed.map((x): TemplateLine => ({
      kind: "removed", slug: x.slug, text: `− ${t("diff.templateRemoved", { template: label(x.slug, x.channel) })}`, fields: [],
    })),
    ...templates.changed.map((x): TemplateLine => ({
      kind: "changed", slug: x.slug,
      text: `~ ${t("diff.templateChanged", { template: label(x.slug, x.channel), fields: x.fields.join(", ") })}`,
      fields: x.fields.map((field) => ({ field, before: shown(x.before[field]), after: shown(x.after[field]) })),
    })),
  ];
}
