/** The segment editor's calls to the segments API (design section 9), with the browser session. */
import { ApiError, csrfToken } from "../api";
import type { Json } from "../spec";

export interface SegmentDoc {
  key: string;
  name: string;
  description: string;
  kind: "dynamic" | "static";
  condition: Json | null;
  size?: number;
  updated_at?: string | null;
}

export interface Preview {
  size: number;
  sample: string[];
}

/** POST …/members: how many entered, the userIds no contact has (reported back, not added), the new size. */
export interface MembersResult {
  added: number;
  unknown: string[];
  size: number;
}

function detailOf(body: unknown, status: number): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const fields = Object.entries(b).filter(([k]) => k !== "detail");
    const first = fields[0];
    const extra = first ? ` (${first[0]}: ${Array.isArray(first[1]) ? first[1].join(" ") : JSON.stringify(first[1])})` : "";
    if (typeof b.detail === "string") return b.detail + extra;
    if (first) return extra.slice(2, -1);
  }
  return `HTTP ${status}`;
}

async function send(method: string, url: string, body?: unknown, signal?: AbortSignal, csv = false): Promise<Json> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = csv ? "text/csv" : "application/json";
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    signal,
    headers,
    body: body === undefined ? undefined : csv ? String(body) : JSON.stringify(body),
  });
  const parsed = (await response.json().catch(() => null)) as Json;
  if (!response.ok) throw new ApiError(response.status, detailOf(parsed, response.status), parsed);
  return parsed;
}

export function previewSegment(condition: Json, signal?: AbortSignal): Promise<Preview> {
  return send("POST", "/api/v1/segments/preview", { condition }, signal) as Promise<unknown> as Promise<Preview>;
}

/** Creates (no `existingKey`) or updates the segment; answers the saved document. */
export function saveSegment(doc: SegmentDoc, existingKey: string | null): Promise<SegmentDoc> {
  const body: Record<string, Json> = { name: doc.name, description: doc.description, kind: doc.kind };
  if (doc.kind === "dynamic") body.condition = doc.condition;
  if (existingKey) return send("PATCH", `/api/v1/segments/${encodeURIComponent(existingKey)}`, body) as Promise<unknown> as Promise<SegmentDoc>;
  return send("POST", "/api/v1/segments", { ...body, key: doc.key }) as Promise<unknown> as Promise<SegmentDoc>;
}

/** A static segment's members from a CSV file's text; the server reads the userId column. */
export function addMembersCsv(key: string, csvText: string): Promise<MembersResult> {
  const url = `/api/v1/segments/${encodeURIComponent(key)}/members`;
  return send("POST", url, csvText, undefined, true) as Promise<unknown> as Promise<MembersResult>;
}

/** Every item of a list endpoint, plain or paginated (`results` + `next`), up to `pages` pages. */
export async function listAll<T>(url: string, pages = 10): Promise<T[]> {
  const all: T[] = [];
  let next: string | null = url;
  for (let page = 0; next && page < pages; page++) {
    const body = (await send("GET", next)) as unknown;
    if (Array.isArray(body)) return [...all, ...(body as T[])];
    const b = body as { results?: T[]; next?: string | null };
    all.push(...(b.results ?? []));
    next = b.next ?? null;
  }
  return all;
}
