/**
 * Schema 1 (journeys/graph/spec.py is the truth) and its conversion to and from
 * React Flow state.
 *
 * The editor never stores its own notion of a journey: it loads a schema-1 graph,
 * turns it into React Flow nodes and edges with `graphToFlow`, and everything it
 * saves, validates or exports goes back through `flowToGraph`. The round trip is
 * exact (ids, order, configs, positions, settings), which `tests/spec.test.ts`
 * proves for every node type. No editor-only key (label, data, selection, sizes,
 * CSS classes) ever reaches the schema-1 JSON: the server refuses unknown keys.
 */
import type { Edge, Node } from "@xyflow/react";
import { t } from "./i18n";

export const SCHEMA_VERSION = 1;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Config = { [key: string]: Json };

export interface SpecNode {
  id: string;
  type: string;
  config: Config;
  position: { x: number; y: number };
}

export interface SpecEdge {
  source: string;
  target: string;
  port: string;
}

export interface Settings {
  reentry?: "never" | "after_exit";
  reentry_cooldown_seconds?: number;
  goal?: { event: string; where?: Json; within_seconds: number; exit: boolean };
  quiet_hours?: { start: string; end: string };
  exempt_from_caps?: boolean;
  [key: string]: Json | undefined;
}

export interface Graph {
  schema: 1;
  name?: string;
  nodes: SpecNode[];
  edges: SpecEdge[];
  settings: Settings;
}

/** The eight node types of design section 3, in palette order. */
export const NODE_TYPES = ["trigger", "wait", "wait_event", "split", "branch", "send", "update", "exit"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export function isKnownType(type: string): type is NodeType {
  return (NODE_TYPES as readonly string[]).includes(type);
}

/** The React Flow type used for a node whose schema type the editor does not know. */
export const UNKNOWN_FLOW_TYPE = "unknown";

/** What a React Flow node carries. `specType` is set only for unknown types, so they round-trip. */
export type NodeData = { config: Config; specType?: string };
export type FlowNode = Node<NodeData>;
export type FlowEdge = Edge;

/** A node's schema type: its React Flow type, or the unknown type it was loaded with. */
export function specType(node: FlowNode): string {
  return node.data.specType ?? node.type ?? UNKNOWN_FLOW_TYPE;
}

export interface FlowState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  settings: Settings;
}

const FIXED_PORTS: Record<string, string[]> = {
  trigger: ["next"],
  wait: ["next"],
  wait_event: ["event", "timeout"],
  branch: ["yes", "no"],
  send: ["next"],
  update: ["next"],
  exit: [],
};

/** Out ports of a node, as journeys/graph/nodes/<type>.py `ports()` computes them. */
export function portsOf(type: string, config: Config | undefined): string[] {
  if (type === "split") {
    const keys: string[] = [];
    const variants = config?.variants;
    if (Array.isArray(variants)) {
      for (const variant of variants) {
        const key = variant && typeof variant === "object" && !Array.isArray(variant) ? variant.key : undefined;
        if (typeof key === "string" && key && !keys.includes(key)) keys.push(key);
      }
    }
    return keys;
  }
  return FIXED_PORTS[type] ?? [];
}

/** Only triggers take no incoming edge. */
export function hasInput(type: string): boolean {
  return type !== "trigger";
}

export function edgeId(source: string, port: string, target: string): string {
  return `${source}:${port}->${target}`;
}

/** Deep copy of JSON data (configs and settings are never shared between states). */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyJson(v);
    return out as T;
  }
  return value;
}

/** Schema 1 -> React Flow. Accepts a graph with or without `name` (files carry one). */
export function graphToFlow(graph: Graph): FlowState {
  const nodes: FlowNode[] = graph.nodes.map((node) => {
    const known = isKnownType(node.type);
    const data: NodeData = { config: copyJson(node.config ?? {}) };
    if (!known) data.specType = node.type;
    return {
      id: node.id,
      type: known ? node.type : UNKNOWN_FLOW_TYPE,
      position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
      data,
    };
  });
  const seen = new Map<string, number>();
  const edges: FlowEdge[] = graph.edges.map((edge) => {
    // React Flow needs unique edge ids; a (broken) graph may repeat an edge, so
    // repeats get a suffix. The id is editor state only and never saved.
    const base = edgeId(edge.source, edge.port, edge.target);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      id: n === 0 ? base : `${base}#${n}`,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.port,
    };
  });
  return { nodes, edges, settings: copyJson(graph.settings ?? {}) };
}

/** React Flow -> schema 1: exactly the keys the server accepts, in document order. */
export function flowToGraph(state: FlowState): Graph {
  return {
    schema: SCHEMA_VERSION,
    nodes: state.nodes.map((node) => ({
      id: node.id,
      type: node.data.specType ?? node.type ?? UNKNOWN_FLOW_TYPE,
      config: copyJson(node.data.config ?? {}),
      position: { x: node.position.x, y: node.position.y },
    })),
    edges: state.edges.map((edge) => ({
      source: edge.source,
      target: edge.target,
      port: edge.sourceHandle ?? "",
    })),
    settings: copyJson(state.settings ?? {}),
  };
}

/** A stable text form of a graph, for "has it changed since the last save?". */
export function graphKey(graph: Graph): string {
  return JSON.stringify({ nodes: graph.nodes, edges: graph.edges, settings: graph.settings });
}

/**
 * Parse a schema-1 file (import). Checks structure only, like Graph.from_dict:
 * meaning (types, configs, ports) is left to validation, which pins findings on nodes.
 */
export function parseGraphFile(text: string): Graph {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(t("file.notJson", { reason: (e as Error).message }));
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error(t("file.notObject"));
  const doc = data as Record<string, unknown>;
  if (doc.schema !== SCHEMA_VERSION) throw new Error(t("file.schema", { schema: JSON.stringify(doc.schema) }));
  if (!Array.isArray(doc.nodes)) throw new Error(t("file.listNeeded", { key: "nodes" }));
  if (!Array.isArray(doc.edges)) throw new Error(t("file.listNeeded", { key: "edges" }));
  for (const [i, node] of (doc.nodes as unknown[]).entries()) {
    const n = node as Record<string, unknown>;
    if (!n || typeof n !== "object" || typeof n.id !== "string" || typeof n.type !== "string")
      throw new Error(t("file.nodeFields", { node: `nodes[${i}]`, id: "id", type: "type" }));
  }
  for (const [i, edge] of (doc.edges as unknown[]).entries()) {
    const e = edge as Record<string, unknown>;
    if (!e || typeof e.source !== "string" || typeof e.target !== "string" || typeof e.port !== "string")
      throw new Error(t("file.edgeFields", { edge: `edges[${i}]`, source: "source", target: "target", port: "port" }));
  }
  const graph: Graph = {
    schema: 1,
    nodes: (doc.nodes as SpecNode[]).map((n) => ({
      id: n.id,
      type: n.type,
      config: (n.config ?? {}) as Config,
      position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
    })),
    edges: (doc.edges as SpecEdge[]).map((e) => ({ source: e.source, target: e.target, port: e.port })),
    settings: (doc.settings ?? {}) as Settings,
  };
  if (typeof doc.name === "string") graph.name = doc.name;
  return graph;
}

/** A node id not used yet: `<type>_<n>`. */
export function freshId(type: string, taken: Set<string>): string {
  let n = 1;
  while (taken.has(`${type}_${n}`)) n += 1;
  return `${type}_${n}`;
}
