/** The diff against the live version, as canvas classes. */
import type { Diff } from "./api";

/** Node id -> the canvas class of its change ("diff-added" / "diff-changed"). */
export function diffClasses(diff: Diff | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!diff) return out;
  for (const n of diff.nodes.added) out[n.id] = "diff-added";
  for (const n of diff.nodes.changed) out[n.id] = "diff-changed";
  return out;
}
