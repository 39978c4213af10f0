/**
 * A simulated (or test-sent) path drawn on the canvas: which nodes were visited, at what time, which
 * edges were taken, what each send would have done and which variant a split chose.
 *
 * Pure, so tests/simulation.test.ts can check the mapping without React Flow. The server's path is a
 * list of steps in order; an edge is "taken" when two consecutive steps are its source and target
 * (through the step's `port` when the server names it, else the split's chosen variant).
 */
import type { FlowEdge } from "./spec";
import { i18n } from "./i18n";

/** One step of `simulate`'s `path` (journeys/services/simulate.py). */
export interface SimStep {
  node: string;
  type?: string;
  /** ISO datetime, simulated. */
  at: string;
  /** The out port the step left through, when the server says. */
  port?: string;
  channel?: string;
  template?: string;
  /** A send's verdict: "sent" | "capped" | "quiet" | "suppressed" | … */
  would?: string;
  reason?: string | null;
  variant?: string;
  waits_until?: string;
}

export interface SimResult {
  version?: number;
  path: SimStep[];
  outcome: string;
  variants: Record<string, string>;
  converted?: { event: string; at: string; seconds_to_convert: number } | null;
  ended_at?: string;
  /** A real (test-send) run rather than a simulation: its times are seconds apart. */
  live?: boolean;
  /** Taken edges as the server computed them, when it does. */
  edges?: { source: string; target: string; port: string }[];
}

/** What one visited node shows on its card. */
export interface NodeVisit {
  /** 1-based position of the first visit in the path. */
  order: number;
  /** Every time the node was entered (a loop visits twice). */
  times: string[];
  verdict?: string;
  reason?: string;
  variant?: string;
  waitsUntil?: string;
  /** The last visited node: where the contact is (or ended). */
  current: boolean;
}

export interface PathView {
  visits: Record<string, NodeVisit>;
  /** React Flow edge ids of the taken edges. */
  edgeIds: Set<string>;
  /** From a live test run (times shown to the second). */
  live: boolean;
}

export const EMPTY_PATH: PathView = { visits: {}, edgeIds: new Set(), live: false };

/** The port a step left through: the server's, else a split's chosen variant. */
function portOf(step: SimStep, variants: Record<string, string>): string | undefined {
  return step.port ?? step.variant ?? variants[step.node];
}

/** The server's path -> per-node visits and taken edge ids of this canvas. */
export function pathView(result: SimResult, edges: FlowEdge[]): PathView {
  const visits: Record<string, NodeVisit> = {};
  const variants = result.variants ?? {};
  result.path.forEach((step, index) => {
    const visit = (visits[step.node] ??= { order: index + 1, times: [], current: false });
    visit.times.push(step.at);
    if (step.would) visit.verdict = step.would;
    if (step.reason) visit.reason = step.reason;
    const variant = step.variant ?? variants[step.node];
    if (variant) visit.variant = variant;
    visit.waitsUntil = step.waits_until;
  });
  const last = result.path[result.path.length - 1];
  if (last) visits[last.node].current = true;

  const edgeIds = new Set<string>();
  const take = (source: string, target: string, port: string | undefined) => {
    const match =
      edges.find((e) => e.source === source && e.target === target && (port === undefined || e.sourceHandle === port)) ??
      edges.find((e) => e.source === source && e.target === target);
    if (match) edgeIds.add(match.id);
  };
  if (result.edges) {
    for (const e of result.edges) take(e.source, e.target, e.port);
  } else {
    for (let i = 1; i < result.path.length; i++) {
      const prev = result.path[i - 1];
      take(prev.node, result.path[i].node, portOf(prev, variants));
    }
  }
  return { visits, edgeIds, live: result.live === true };
}

/** Node and edge classes for React Flow: visited / taken, and dimmed for the rest while a path shows. */
export function nodePathClass(view: PathView, nodeId: string): string | undefined {
  if (Object.keys(view.visits).length === 0) return undefined;
  const visit = view.visits[nodeId];
  if (!visit) return "sim-dim";
  return visit.current ? "sim-visited sim-current" : "sim-visited";
}

export function edgePathClass(view: PathView, edgeId: string): string | undefined {
  if (Object.keys(view.visits).length === 0) return undefined;
  return view.edgeIds.has(edgeId) ? "sim-taken" : "sim-dim";
}

/** "Mon 10:00" style short time for a node card (the page's language, the browser's zone). */
export function shortTime(iso: string, withSeconds = false, locale: string = i18n.language): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale, {
    weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
  });
}

/** Typed events with delays -> the `events` list `simulate` takes. Blank names are left out. */
export interface EventRow {
  event: string;
  /** Delay after the start, in seconds. */
  afterSeconds: number;
  /** Properties as JSON text; empty means none. */
  properties: string;
}

export function eventsPayload(rows: EventRow[]): { event: string; after_seconds: number; properties?: object }[] {
  return rows
    .filter((r) => r.event.trim())
    .map((r) => {
      const out: { event: string; after_seconds: number; properties?: object } = {
        event: r.event.trim(),
        after_seconds: Math.max(0, r.afterSeconds || 0),
      };
      if (r.properties.trim()) out.properties = JSON.parse(r.properties) as object;
      return out;
    });
}

/** A datetime-local input value ("2027-02-06T10:00") -> ISO with the browser's offset, or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
