// The editor's pure helpers: undo history, copy/paste, auto-layout, condition text, value parsing.
import { describe, expect, it } from "vitest";
import { copySelection, pasteClip } from "../src/clipboard";
import { describeCondition } from "../src/conditions";
import { formatDuration, splitDuration, textToList, textToValue, valueToText } from "../src/format";
import { canRedo, canUndo, commit, createHistory, redo, undo } from "../src/history";
import { autoLayout } from "../src/layout";
import { flowToGraph, freshId, graphToFlow, type Graph, type Json } from "../src/spec";

describe("history", () => {
  it("undoes and redoes in order", () => {
    let h = createHistory("a");
    h = commit(h, "b", null, 0);
    h = commit(h, "c", null, 5000);
    expect(h.present).toBe("c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe("b");
    expect(canRedo(h)).toBe(true);
  });

  it("coalesces typing in one field into one step, not across fields", () => {
    let h = createHistory("");
    h = commit(h, "h", "config:n1", 1000);
    h = commit(h, "he", "config:n1", 1200);
    h = commit(h, "hey", "config:n1", 1400);
    h = commit(h, "hey!", "config:n2", 1500);
    expect(h.past).toEqual(["", "hey"]);
  });

  it("drops the redo branch on a new change", () => {
    let h = commit(commit(createHistory(1), 2, null, 0), 3, null, 5000);
    h = commit(undo(h), 4, null, 9000);
    expect(canRedo(h)).toBe(false);
    expect(h.past).toEqual([1, 2]);
  });
});

describe("copy / paste", () => {
  const flow = graphToFlow({
    schema: 1,
    nodes: [
      { id: "t", type: "trigger", config: { event: "e" }, position: { x: 0, y: 0 } },
      { id: "w", type: "wait", config: { seconds: 60 }, position: { x: 0, y: 100 } },
      { id: "x", type: "exit", config: {}, position: { x: 0, y: 200 } },
    ],
    edges: [
      { source: "t", target: "w", port: "next" },
      { source: "w", target: "x", port: "next" },
    ],
    settings: {},
  });

  it("copies the selection with the edges inside it and pastes under fresh ids", () => {
    const clip = copySelection(flow.nodes, flow.edges, new Set(["w", "x"]))!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["w", "x"]);
    expect(clip.edges).toHaveLength(1);
    const pasted = pasteClip(clip, flow.nodes);
    expect(pasted.nodes.map((n) => n.id)).toEqual(["wait_1", "exit_1"]);
    expect(pasted.nodes[0].position).toEqual({ x: 40, y: 140 });
    expect(pasted.edges).toEqual([{ id: "wait_1:next->exit_1", source: "wait_1", target: "exit_1", sourceHandle: "next" }]);
    const graph = flowToGraph({ ...flow, nodes: [...flow.nodes, ...pasted.nodes], edges: [...flow.edges, ...pasted.edges] });
    expect(graph.nodes.map((n) => n.id)).toEqual(["t", "w", "x", "wait_1", "exit_1"]);
  });

  it("copies nothing when nothing is selected", () => {
    expect(copySelection(flow.nodes, flow.edges, new Set())).toBeNull();
  });

  it("fresh ids skip taken ones", () => {
    expect(freshId("send", new Set(["send_1", "send_2"]))).toBe("send_3");
  });
});

describe("auto-layout", () => {
  it("places every step below the one before it, on the grid", () => {
    const graph: Graph = {
      schema: 1,
      nodes: [
        { id: "t", type: "trigger", config: { event: "e" }, position: { x: 500, y: 500 } },
        { id: "s", type: "split", config: { variants: [{ key: "A", weight: 50 }, { key: "B", weight: 50 }] }, position: { x: 0, y: 0 } },
        { id: "a", type: "exit", config: {}, position: { x: 0, y: 0 } },
        { id: "b", type: "exit", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { source: "t", target: "s", port: "next" },
        { source: "s", target: "a", port: "A" },
        { source: "s", target: "b", port: "B" },
      ],
      settings: {},
    };
    const flow = graphToFlow(graph);
    const laid = autoLayout(flow.nodes, flow.edges);
    const pos = Object.fromEntries(laid.map((n) => [n.id, n.position]));
    expect(pos.t.y).toBeLessThan(pos.s.y);
    expect(pos.s.y).toBeLessThan(pos.a.y);
    expect(pos.a.y).toBe(pos.b.y);
    expect(pos.a.x).not.toBe(pos.b.x);
    for (const p of Object.values(pos)) {
      expect(p.x % 10).toBe(0);
      expect(p.y % 10).toBe(0);
    }
  });
});

describe("conditions at a glance", () => {
  it.each([
    [{ attr: "plan", op: "eq", value: "pro" }, "plan = pro"],
    [{ attr: "email", op: "exists" }, "email exists"],
    [{ attr: "country", op: "in", value: ["DE", "FR"] }, "country in [DE, FR]"],
    [{ all: [{ attr: "a", op: "gt", value: 1 }, { not: { attr: "b", op: "eq", value: true } }] }, "a > 1 and not b = true"],
    [{ event: "order_completed", count: { op: "gte", value: 2 }, within_days: 30 }, "order_completed ≥2× in 30 d"],
  ] as [Json, string][])("%j reads %s", (cond, text) => {
    expect(describeCondition(cond)).toBe(text);
  });
});

describe("values typed in the panels", () => {
  it.each([
    ["pro", "pro"],
    ["42", 42],
    ["-1.5", -1.5],
    ["true", true],
    ["null", null],
    ['"42"', "42"],
    ["[1, 2]", [1, 2]],
    ["1.", "1."],
  ])("%s -> %j", (text, value) => {
    expect(textToValue(text)).toEqual(value);
  });

  it("shows values the way they are typed", () => {
    expect(valueToText("pro")).toBe("pro");
    expect(valueToText(3)).toBe("3");
    expect(valueToText(false)).toBe("false");
  });

  it("reads comma lists for `in`", () => {
    expect(textToList("DE, FR, 3")).toEqual(["DE", "FR", 3]);
  });

  it("shows durations in the largest exact unit", () => {
    expect(splitDuration(86400)).toEqual({ value: 1, unit: "days" });
    expect(splitDuration(5400)).toEqual({ value: 90, unit: "minutes" });
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDuration(45)).toBe("45 s");
  });
});
