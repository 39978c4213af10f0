// The simulated (or test-sent) path on the canvas: visited nodes, taken edges, times, verdicts, variants.
import { describe, expect, it } from "vitest";
import { eventsPayload, edgePathClass, nodePathClass, pathView, type SimResult } from "../src/simulation";
import { testRunAsResult, type TestRun } from "../src/testApi";
import { simulateInput } from "../src/components/TestPanel";
import { flowToGraph, graphToFlow, type Graph } from "../src/spec";

const pos = { x: 0, y: 0 };
// t -> s (split A/B) -> A: m (send) -> x ; B: w (wait) -> x
const GRAPH: Graph = {
  schema: 1,
  nodes: [
    { id: "t", type: "trigger", config: { event: "signed_up" }, position: pos },
    { id: "s", type: "split", config: { variants: [{ key: "A", weight: 50 }, { key: "B", weight: 50 }] }, position: pos },
    { id: "m", type: "send", config: { channel: "email", template: "hi" }, position: pos },
    { id: "w", type: "wait", config: { seconds: 60 }, position: pos },
    { id: "x", type: "exit", config: {}, position: pos },
  ],
  edges: [
    { source: "t", target: "s", port: "next" },
    { source: "s", target: "m", port: "A" },
    { source: "s", target: "w", port: "B" },
    { source: "m", target: "x", port: "next" },
    { source: "w", target: "x", port: "next" },
  ],
  settings: {},
};
const { edges } = graphToFlow(GRAPH);

const RESULT: SimResult = {
  path: [
    { node: "t", type: "trigger", at: "2027-02-06T02:00:00+00:00" },
    { node: "s", type: "split", at: "2027-02-06T02:00:00+00:00", variant: "A" },
    { node: "m", type: "send", at: "2027-02-06T02:00:00+00:00", would: "capped", reason: "2 per day" },
    { node: "x", type: "exit", at: "2027-02-06T02:00:01+00:00" },
  ],
  outcome: "completed",
  variants: { s: "A" },
};

describe("pathView", () => {
  it("marks visited nodes with their order, time, verdict and variant, and the last as current", () => {
    const view = pathView(RESULT, edges);
    expect(Object.keys(view.visits).sort()).toEqual(["m", "s", "t", "x"]);
    expect(view.visits.t).toMatchObject({ order: 1, times: ["2027-02-06T02:00:00+00:00"], current: false });
    expect(view.visits.s.variant).toBe("A");
    expect(view.visits.m).toMatchObject({ verdict: "capped", reason: "2 per day" });
    expect(view.visits.x.current).toBe(true);
    expect(view.visits.w).toBeUndefined();
  });

  it("takes the split's edge of the chosen variant only", () => {
    const view = pathView(RESULT, edges);
    expect([...view.edgeIds].sort()).toEqual(["m:next->x", "s:A->m", "t:next->s"]);
  });

  it("uses the server's taken edges when it gives them", () => {
    const view = pathView({ ...RESULT, edges: [{ source: "s", target: "w", port: "B" }] }, edges);
    expect([...view.edgeIds]).toEqual(["s:B->w"]);
  });

  it("keeps every visit of a node a loop passes twice", () => {
    const view = pathView({ path: [{ node: "w", at: "a" }, { node: "x", at: "b" }, { node: "w", at: "c" }], outcome: "waiting", variants: {} }, edges);
    expect(view.visits.w.times).toEqual(["a", "c"]);
    expect(view.visits.w.current).toBe(true);
  });

  it("classes visited, current and dimmed nodes and edges; nothing while no path shows", () => {
    const view = pathView(RESULT, edges);
    expect(nodePathClass(view, "x")).toBe("sim-visited sim-current");
    expect(nodePathClass(view, "t")).toBe("sim-visited");
    expect(nodePathClass(view, "w")).toBe("sim-dim");
    expect(edgePathClass(view, "s:A->m")).toBe("sim-taken");
    expect(edgePathClass(view, "s:B->w")).toBe("sim-dim");
    const empty = pathView({ path: [], outcome: "waiting", variants: {} }, edges);
    expect(nodePathClass(empty, "t")).toBeUndefined();
    expect(edgePathClass(empty, "t:next->s")).toBeUndefined();
  });

  it("never leaks the path classes into the saved graph", () => {
    const flow = graphToFlow(GRAPH);
    const view = pathView(RESULT, flow.edges);
    flow.nodes = flow.nodes.map((n) => ({ ...n, className: nodePathClass(view, n.id) }));
    flow.edges = flow.edges.map((e) => ({ ...e, className: edgePathClass(view, e.id), animated: true }));
    expect(flowToGraph(flow)).toEqual(GRAPH);
  });
});

describe("a test run on the canvas", () => {
  it("draws the run's path with the messages' statuses as verdicts", () => {
    const run: TestRun = {
      run_id: 12,
      state: "waiting",
      current_node: "m",
      path: [["t", "2027-01-01T00:00:00Z"], ["s", "2027-01-01T00:00:00Z"], ["m", "2027-01-01T00:00:01Z"]],
      wake_at: null,
      exit_reason: "",
      messages: [{ id: 1, node: "m", channel: "email", status: "sent", reason: "", address: "qa@example.com", created_at: "x" }],
    };
    const view = pathView(testRunAsResult(run), edges);
    expect(view.visits.m).toMatchObject({ verdict: "sent", current: true });
    expect([...view.edgeIds].sort()).toEqual(["s:A->m", "t:next->s"]);
  });
});

describe("the Test panel's request", () => {
  it("sends a stored contact, events with delays and properties, and the start time", () => {
    const input = simulateInput("user", " u1 ", "", [
      { event: "order_completed", afterSeconds: 3600, properties: '{"total": 80}' },
      { event: " ", afterSeconds: 0, properties: "" },
    ], "2027-02-06T10:00");
    expect(input).toMatchObject({ userId: "u1", events: [{ event: "order_completed", after_seconds: 3600, properties: { total: 80 } }] });
    expect(typeof (input as { now: string }).now).toBe("string");
  });

  it("sends made-up traits and refuses what is not a JSON object", () => {
    expect(simulateInput("traits", "", '{"timezone": "Asia/Shanghai"}', [], "")).toEqual({ traits: { timezone: "Asia/Shanghai" }, events: [] });
    expect(simulateInput("traits", "", "[1]", [], "")).toBe("Traits must be a JSON object.");
    expect(simulateInput("user", "", "", [], "")).toBe("Give a userId.");
    expect(simulateInput("user", "u", "", [{ event: "e", afterSeconds: 0, properties: "{oops" }], "")).toBe(
      "Event properties must be JSON objects.",
    );
  });

  it("leaves blank events out and never a negative delay", () => {
    expect(eventsPayload([{ event: "a", afterSeconds: -5, properties: "" }])).toEqual([{ event: "a", after_seconds: 0 }]);
  });
});
