/**
 * The boot data the Django page embeds (journeys/pages/editor.py `journey_editor`, a `json_script` with id
 * `journey-editor-boot`): what the editor needs to draw at once, including what this user may do.
 */
import type { Counts, Suggestions } from "./context";
import type { Graph } from "./spec";

/**
 * The approval workflow as the server sees it for this user and the shown version (pages.py
 * `_workflow`). The `can_*` flags are the only source of who may do what; the API checks again.
 */
export interface Workflow {
  user: string;
  roles: string[];
  can_edit: boolean;
  can_submit: boolean;
  can_withdraw: boolean;
  can_approve: boolean;
  can_reject: boolean;
  four_eyes_blocked: boolean;
  can_publish: boolean;
  can_pause: boolean;
  can_resume: boolean;
  can_archive: boolean;
  can_comment: boolean;
  is_editor: boolean;
  may_approve: boolean;
  live_status: string | null;
  notices_ws: string;
}

export interface Boot {
  journey: { id: number; name: string; status: string; live_version: number | null; draft_version: number | null };
  mode: "edit" | "live";
  version: number | null;
  version_status: string | null;
  graph: Graph;
  etag: string | null;
  counts: Record<string, Counts> | null;
  ws_path: string | null;
  suggestions: Suggestions;
  links: { list: string; live: string | null; edit: string | null; history?: string; approvals?: string };
  workflow: Workflow;
}

export const BOOT_SCRIPT_ID = "journey-editor-boot";

/** The boot data in a page (this one, or one fetched), or null when the page has none. */
export function bootFrom(doc: Document): Boot | null {
  const script = doc.getElementById(BOOT_SCRIPT_ID);
  return script ? (JSON.parse(script.textContent || "{}") as Boot) : null;
}

/**
 * The editor page's boot data as the server renders it now: after the shown version's status
 * changes, this is how the editor learns what the user may do with it.
 */
export async function fetchBoot(journeyId: number): Promise<Boot> {
  const response = await fetch(`/journeys/${journeyId}/`, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const boot = bootFrom(new DOMParser().parseFromString(await response.text(), "text/html"));
  if (!boot) throw new Error("the editor page carries no boot data");
  return boot;
}
