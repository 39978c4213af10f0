/** The editor's calls to the v1 API, with the browser session (CSRF header on writes). */
import type { Graph } from "./spec";

export interface Issue {
  node: string | null;
  code: string;
  message: string;
  severity: "error" | "warning";
}

export interface Validation {
  valid: boolean;
  issues: Issue[];
}

export interface Template {
  slug: string;
  channel: string;
  subject?: string;
  body?: string;
  html?: string;
  url?: string;
  title?: string;
  link?: string;
}

/** SMS length as the server counts it (channels_app SmsStatsOutput). */
export interface SmsStats {
  encoding: "GSM-7" | "UCS-2";
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  per_segment: number;
}

/** What to render a template for (channels_app PreviewInput). */
export interface PreviewInput {
  userId?: string;
  /** Merged over the contact's traits. */
  traits?: Record<string, unknown>;
  /** The triggering event's properties. */
  event?: Record<string, unknown>;
  journey?: Record<string, unknown>;
}

/** A template rendered by the server (channels_app PreviewOutput). */
export interface TemplatePreview {
  slug: string;
  channel: string;
  userId: string | null;
  /** sms: body; email: subject, text, html; webhook: url, body; inapp: title, body, link. */
  rendered: Record<string, string>;
  /** Variables not found, rendered empty. */
  missing: string[];
  /** Variables not found but given a `|default`. */
  defaulted: string[];
  sms: SmsStats | null;
  warnings: string[];
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public detail: string,
    public body: unknown,
  ) {
    super(detail);
  }
}

export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function detailOf(body: unknown, status: number): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    if (typeof b.detail === "string") return b.detail;
    const first = Object.entries(b)[0];
    if (first) return `${first[0]}: ${Array.isArray(first[1]) ? first[1].join(" ") : String(first[1])}`;
  }
  return `HTTP ${status}`;
}

export async function call(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    signal,
    headers: { Accept: "application/json", ...headers },
  };
  if (method !== "GET" && method !== "HEAD") {
    (init.headers as Record<string, string>)["X-CSRFToken"] = csrfToken();
  }
  if (body !== undefined) {
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (!response.ok) {
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      /* not JSON */
    }
    throw new ApiError(response.status, detailOf(parsed, response.status), parsed);
  }
  return response;
}

export function journeyUrl(id: number): string {
  return `/api/v1/journeys/${id}/`;
}

export async function loadDraft(id: number): Promise<{ graph: Graph; etag: string | null }> {
  const response = await call("GET", `/api/v1/journeys/${id}/draft`);
  return { graph: (await response.json()) as Graph, etag: response.headers.get("ETag") };
}

export async function saveDraft(
  id: number,
  graph: Graph,
  etag: string | null,
): Promise<{ etag: string | null; version: number; valid: boolean; issues: Issue[] }> {
  const headers: Record<string, string> = etag ? { "If-Match": etag } : {};
  const response = await call("PUT", `/api/v1/journeys/${id}/draft`, graph, headers);
  const body = await response.json();
  return { etag: response.headers.get("ETag"), version: body.version, valid: body.valid, issues: body.issues ?? [] };
}

export async function validateGraph(id: number, graph: Graph, signal?: AbortSignal): Promise<Validation> {
  const response = await fetch(`/api/v1/journeys/${id}/validate`, {
    method: "POST",
    credentials: "same-origin",
    signal,
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(graph),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    // A structural problem (400 naming the path) is still a finding to show.
    return {
      valid: false,
      issues: [{ node: null, code: "invalid_document", message: detailOf(body, response.status), severity: "error" }],
    };
  }
  return body as Validation;
}

export async function renameJourney(id: number, name: string): Promise<void> {
  await call("PATCH", journeyUrl(id), { name });
}

/** A workflow action (submit, publish, …) of design section 5. */
export async function journeyAction(id: number, action: string): Promise<unknown> {
  const response = await call("POST", `/api/v1/journeys/${id}/${action}`, {});
  return response.json().catch(() => ({}));
}

const templateCache = new Map<string, Promise<Template[]>>();

/** Every template of one channel (follows `next` pages), cached for the page's life. */
export function listTemplates(channel: string): Promise<Template[]> {
  let pending = templateCache.get(channel);
  if (!pending) {
    pending = (async () => {
      const all: Template[] = [];
      let url: string | null = `/api/v1/templates?channel=${encodeURIComponent(channel)}`;
      for (let page = 0; url && page < 20; page++) {
        const response = await call("GET", url);
        const body = (await response.json()) as { results: Template[]; next: string | null };
        all.push(...body.results);
        url = body.next;
      }
      return all;
    })();
    pending.catch(() => templateCache.delete(channel));
    templateCache.set(channel, pending);
  }
  return pending;
}

/** The server renders a template (POST /api/v1/templates/{slug}/preview); it writes nothing. */
export async function previewTemplate(slug: string, input: PreviewInput, signal?: AbortSignal): Promise<TemplatePreview> {
  const response = await call("POST", `/api/v1/templates/${encodeURIComponent(slug)}/preview`, input, {}, signal);
  return (await response.json()) as TemplatePreview;
}
