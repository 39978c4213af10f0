// Schema 1 <-> React Flow: the round trip is exact for every node type (style point 1).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  NODE_TYPES,
  flowToGraph,
  graphKey,
  graphToFlow,
  parseGraphFile,
  portsOf,
  type Config,
  type Graph,
} from "../src/spec";

const ex = (id: string, type: string, config: Config, x = 0, y = 0) => ({ id, type, config, position: { x, y } });

// One row per node type and config shape of design section 3.
const CASES: { name: string; type: string; config: Config; ports: string[] }[] = [
  { name: "trigger on an event", type: "trigger", config: { event: "signed_up" }, ports: ["next"] },
  {
    name: "trigger on an event with a property filter",
    type: "trigger",
    config: { event: "order_completed", where: { all: [{ prop: "total", op: "gte", value: 50 }, { not: { prop: "coupon", op: "exists" } }] } },
    ports: ["next"],
  },
  {
    name: "trigger on a segment",
    type: "trigger",
    config: {
      segment: {
        all: [
          { event: "order_completed", count: { op: "gte", value: 2 }, within_days: 30 },
          { not: { event: "order_completed", where: { prop: "is_new_product", op: "eq", value: true } } },
        ],
      },
    },
    ports: ["next"],
  },
  { name: "wait for a duration", type: "wait", config: { seconds: 3600 }, ports: ["next"] },
  { name: "wait until a time in the contact's zone", type: "wait", config: { until: "09:30", timezone: "contact" }, ports: ["next"] },
  { name: "wait until a time in a named zone", type: "wait", config: { until: "18:00", timezone: "Europe/Berlin" }, ports: ["next"] },
  { name: "wait for an event", type: "wait_event", config: { event: "clicked", timeout_seconds: 86400 }, ports: ["event", "timeout"] },
  {
    name: "wait for an event with a filter",
    type: "wait_event",
    config: { event: "purchase", where: { any: [{ prop: "sku", op: "in", value: ["a", "b"] }] }, timeout_seconds: 604800 },
    ports: ["event", "timeout"],
  },
  {
    name: "two-way split",
    type: "split",
    config: { variants: [{ key: "A", weight: 50 }, { key: "B", weight: 50 }] },
    ports: ["A", "B"],
  },
  {
    name: "split with a holdout and fractional weights",
    type: "split",
    config: { variants: [{ key: "A", weight: 45.5 }, { key: "B", weight: 44.5 }, { key: "control", weight: 10 }] },
    ports: ["A", "B", "control"],
  },
  { name: "branch on a trait", type: "branch", config: { condition: { attr: "plan", op: "eq", value: "pro" } }, ports: ["yes", "no"] },
  {
    name: "branch on nested any/all/not",
    type: "branch",
    config: {
      condition: {
        any: [
          { all: [{ attr: "age", op: "gt", value: 30 }, { attr: "country", op: "in", value: ["DE", "FR"] }] },
          { not: { attr: "email", op: "exists" } },
          { attr: "tags", op: "contains", value: "vip" },
        ],
      },
    },
    ports: ["yes", "no"],
  },
  { name: "send an email", type: "send", config: { channel: "email", template: "welcome-email", on_capped: "skip" }, ports: ["next"] },
  { name: "send an SMS that exits when capped", type: "send", config: { channel: "sms", template: "sms-1", on_capped: "exit" }, ports: ["next"] },
  { name: "send a webhook", type: "send", config: { channel: "webhook", template: "crm-hook" }, ports: ["next"] },
  { name: "send in-app", type: "send", config: { channel: "inapp", template: "banner", on_capped: "skip" }, ports: ["next"] },
  // Design §12: ordered channel fallback, and best channel first.
  {
    name: "send with ordered fallback and a timer",
    type: "send",
    config: {
      channels: ["wechat", "sms", "email"],
      templates: { wechat: "wx-1", sms: "sms-1", email: "welcome-email" },
      fallback_after_seconds: 3600,
      on_capped: "exit",
    },
    ports: ["next"],
  },
  { name: "send on the best channel first", type: "send", config: { channels: "auto", templates: { sms: "sms-1", wechat: "wx-1" } }, ports: ["next"] },
  { name: "update traits", type: "update", config: { set: { plan: "pro", score: 3, vip: true, meta: { a: [1, null] } } }, ports: ["next"] },
  { name: "exit", type: "exit", config: {}, ports: [] },
  // Design §14: date-based entry, scheduled entry of a segment, weekday waits.
  {
    name: "trigger on a date trait, 3 days before, yearly",
    type: "trigger",
    config: { date_trait: "birthday", offset_days: -3, at: "10:00", timezone: "contact", yearly: true },
    ports: ["next"],
  },
  {
    name: "trigger on a one-off date trait in a named zone",
    type: "trigger",
    config: { date_trait: "renewal_date", offset_days: 7, at: "09:30", timezone: "America/New_York", yearly: false },
    ports: ["next"],
  },
  {
    name: "trigger on listed dates for a segment",
    type: "trigger",
    config: { schedule: { dates: ["2027-02-06", "2027-09-15"] }, at: "10:00", timezone: "Asia/Shanghai", segment: "vip" },
    ports: ["next"],
  },
  {
    name: "trigger every week on a weekday",
    type: "trigger",
    config: { schedule: { every: "week", weekday: "fri" }, at: "18:00", timezone: "UTC", segment: "active" },
    ports: ["next"],
  },
  {
    name: "trigger every month on a day",
    type: "trigger",
    config: { schedule: { every: "month", day: 28 }, at: "08:00", timezone: "Europe/Berlin", segment: "all" },
    ports: ["next"],
  },
  {
    name: "wait until a time on listed weekdays",
    type: "wait",
    config: { until: "09:00", weekdays: ["mon", "wed", "fri"], timezone: "contact" },
    ports: ["next"],
  },
];

function graphWith(type: string, config: Config): Graph {
  const nodes = [ex("t", "trigger", { event: "signed_up" }, 0, 0), ex("n", type, config, 120.5, -40)];
  const edges = [{ source: "t", target: "n", port: "next" }];
  for (const [i, port] of portsOf(type, config).entries()) {
    nodes.push(ex(`x${i}`, "exit", {}, i * 240, 300));
    edges.push({ source: "n", target: `x${i}`, port });
  }
  return { schema: 1, nodes, edges, settings: { reentry: "after_exit", reentry_cooldown_seconds: 3600 } };
}

describe("schema 1 -> React Flow -> schema 1", () => {
  it("covers all eight node types", () => {
    expect(new Set(CASES.map((c) => c.type))).toEqual(new Set(NODE_TYPES));
  });

  it.each(CASES)("round-trips $name", ({ type, config, ports }) => {
    const graph = graphWith(type, config);
    const flow = graphToFlow(graph);

    // React Flow side: the node keeps its type, its config in data, the port as the edge's source handle.
    const node = flow.nodes.find((n) => n.id === "n")!;
    expect(node.type).toBe(type);
    expect(node.data.config).toEqual(config);
    expect(node.position).toEqual({ x: 120.5, y: -40 });
    expect(portsOf(type, node.data.config)).toEqual(ports);
    expect(flow.edges.filter((e) => e.source === "n").map((e) => e.sourceHandle)).toEqual(ports);

    // And back: exactly the same document, same key order, nothing added.
    const back = flowToGraph(flow);
    expect(back).toEqual(graph);
    expect(JSON.stringify(back)).toBe(JSON.stringify(graph));
  });

  it.each(CASES)("does not share config objects with the source ($name)", ({ type, config }) => {
    const graph = graphWith(type, config);
    const flow = graphToFlow(graph);
    const node = flow.nodes.find((n) => n.id === "n")!;
    if (Object.keys(config).length) expect(node.data.config).not.toBe(graph.nodes[1].config);
    (node.data.config as Record<string, unknown>).mutated = true;
    expect(graph.nodes[1].config).not.toHaveProperty("mutated");
  });

  it("writes only schema keys (no label, data, selection or sizes)", () => {
    const flow = graphToFlow(graphWith("split", CASES[8].config));
    // What React Flow adds while editing must not leak into the document.
    flow.nodes = flow.nodes.map((n) => ({ ...n, selected: true, dragging: false, measured: { width: 220, height: 90 }, className: "has-error" }));
    flow.edges = flow.edges.map((e) => ({ ...e, selected: true, type: "smoothstep", animated: true }));
    const graph = flowToGraph(flow);
    expect(Object.keys(graph)).toEqual(["schema", "nodes", "edges", "settings"]);
    for (const n of graph.nodes) expect(Object.keys(n)).toEqual(["id", "type", "config", "position"]);
    for (const e of graph.edges) expect(Object.keys(e)).toEqual(["source", "target", "port"]);
    for (const n of graph.nodes) expect(Object.keys(n.position)).toEqual(["x", "y"]);
  });

  it("keeps unknown node types, dangling edges, unknown ports and repeated edges (validation reports them)", () => {
    const graph: Graph = {
      schema: 1,
      nodes: [ex("t", "trigger", { event: "e" }), ex("q", "teleport", { to: "mars" }, 10, 20)],
      edges: [
        { source: "t", target: "q", port: "next" },
        { source: "t", target: "q", port: "next" },
        { source: "t", target: "ghost", port: "nope" },
      ],
      settings: {},
    };
    const flow = graphToFlow(graph);
    expect(new Set(flow.edges.map((e) => e.id)).size).toBe(3);
    expect(flow.nodes[1].type).toBe("unknown");
    expect(flowToGraph(flow)).toEqual(graph);
  });

  it("round-trips every journey setting", () => {
    const graph: Graph = {
      schema: 1,
      nodes: [],
      edges: [],
      settings: {
        reentry: "after_exit",
        reentry_cooldown_seconds: 86400,
        goal: { event: "order_completed", where: { prop: "total", op: "gt", value: 0 }, within_seconds: 604800, exit: true },
        quiet_hours: { start: "21:00", end: "08:00" },
        exempt_from_caps: false,
      },
    };
    expect(flowToGraph(graphToFlow(graph))).toEqual(graph);
  });

  it("drops a file's name (the journey's name lives on the journey)", () => {
    const graph = { ...graphWith("exit", {}), name: "From a file" };
    const back = flowToGraph(graphToFlow(graph));
    expect(back).not.toHaveProperty("name");
    expect(graphKey(back)).toBe(graphKey(graph));
  });
});

describe("React Flow -> schema 1 -> React Flow", () => {
  it.each(CASES)("keeps what the editor built ($name)", ({ type, config }) => {
    const flow = graphToFlow(graphWith(type, config));
    const again = graphToFlow(flowToGraph(flow));
    expect(again).toEqual(flow);
  });
});

describe("the example journeys in examples/", () => {
  const dir = join(__dirname, "..", "..", "..", "examples");
  const files: string[] = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    : [];
  it("are there to test", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files)("%s round-trips through the editor", (file: string) => {
    const graph = parseGraphFile(readFileSync(join(dir, file), "utf8"));
    const original = JSON.parse(readFileSync(join(dir, file), "utf8"));
    const { name: _name, ...withoutName } = original;
    expect(flowToGraph(graphToFlow(graph))).toEqual({ settings: {}, ...withoutName });
  });
});

describe("parseGraphFile", () => {
  it.each([
    ["not json", "{", /not JSON/],
    ["an array", "[]", /object/],
    ["another schema", '{"schema": 2, "nodes": [], "edges": []}', /schema/],
    ["nodes missing", '{"schema": 1, "edges": []}', /nodes/],
    ["an edge without port", '{"schema": 1, "nodes": [], "edges": [{"source": "a", "target": "b"}]}', /edges\[0\]/],
  ])("refuses %s", (_label, text, message) => {
    expect(() => parseGraphFile(text)).toThrow(message);
  });
});
