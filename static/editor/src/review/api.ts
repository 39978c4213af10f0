/** The approval workflow's API calls and payloads (journeys/api/views/approvals.py). */
import { ApiError, csrfToken } from "../api";

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  comment: string;
  from_status: string | null;
  to_status: string | null;
  version: number;
  content_hash: string;
}

export interface Comment {
  id: number;
  version: number;
  author: string;
  node: string | null;
  body: string;
  created_at: string;
}

interface NodeRef {
  id: string;
  type: string;
}

interface ChangedNode extends NodeRef {
  fields: string[];
}

export interface EdgeRef {
  source: string;
  port: string;
  target: string;
}

/** A template's content as a version pins it: channel and content fields (subject, body, html, url, …). */
export type TemplateContent = Record<string, unknown>;

export interface TemplatesDiff {
  added: { slug: string; channel: string | null; content: TemplateContent }[];
  removed: { slug: string; channel: string | null }[];
  changed: { slug: string; channel: string | null; fields: string[]; before: TemplateContent; after: TemplateContent }[];
}

export interface Diff {
  version: number;
  base_version: number | null;
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: ChangedNode[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  settings_changed: boolean;
  /** What the version would send against what live sends (absent from servers before templates were pinned). */
  templates?: TemplatesDiff;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = parsed && typeof parsed === "object" && "detail" in parsed ? String((parsed as { detail: unknown }).detail) : `HTTP ${response.status}`;
    throw new ApiError(response.status, detail, parsed);
  }
  return parsed;
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`, null);
  return (await response.json()) as T;
}

/** The newest 50 entries of the journey's audit log. */
export async function loadHistory(journeyId: number): Promise<AuditRow[]> {
  return (await get<{ results: AuditRow[] }>(`/api/v1/journeys/${journeyId}/history`)).results.slice(0, 50);
}

export async function loadComments(journeyId: number): Promise<Comment[]> {
  return (await get<{ results: Comment[] }>(`/api/v1/journeys/${journeyId}/comments`)).results;
}

export async function addComment(journeyId: number, body: string): Promise<void> {
  await post(`/api/v1/journeys/${journeyId}/comments`, { body });
}

/** The editable version against the live one. */
export function loadDiff(journeyId: number): Promise<Diff> {
  return get<Diff>(`/api/v1/journeys/${journeyId}/diff`);
}

/** A workflow transition (withdraw, approve, reject, pause, …); `body` may carry a comment. */
export async function transition(journeyId: number, action: string, body: Record<string, unknown> = {}): Promise<void> {
  await post(`/api/v1/journeys/${journeyId}/${action}`, body);
}
