import { describe, expect, it } from "vitest";
import { channelRows, describeRule, moveRow, sendMode, withRows } from "../src/channelOrder";
import { flowToGraph, graphToFlow, type Graph } from "../src/spec";

const ordered = {
  channels: ["wechat", "sms", "email"],
  templates: { wechat: "wx-1", sms: "sms-1", email: "mail-1" },
  fallback_after_seconds: 3600,
  on_capped: "exit",
};

describe("a send node's channels", () => {
  it("reads the mode and the rows of each config shape", () => {
    expect(sendMode({ channel: "sms", template: "t" })).toBe("single");
    expect(sendMode(ordered)).toBe("ordered");
    expect(sendMode({ channels: "auto", templates: { sms: "a", wechat: "b" } })).toBe("auto");
    expect(channelRows(ordered).map((r) => r.channel)).toEqual(["wechat", "sms", "email"]);
    // "auto": rows in the default order whatever the key order (jsonb does not keep it)
    expect(channelRows({ channels: "auto", templates: { sms: "a", wechat: "b" } })).toEqual([
      { channel: "wechat", template: "b" },
      { channel: "sms", template: "a" },
    ]);
  });

  it("moves a row (drag and drop, or up and down) and writes the new order back", () => {
    const rows = moveRow(channelRows(ordered), 2, 0);
    expect(rows.map((r) => r.channel)).toEqual(["email", "wechat", "sms"]);
    const config = withRows(ordered, "ordered", rows);
    expect(config).toEqual({ ...ordered, channels: ["email", "wechat", "sms"], templates: { email: "mail-1", wechat: "wx-1", sms: "sms-1" } });
    expect(moveRow(rows, 0, -1)).toBe(rows); // past either end: unchanged
  });

  it("writes auto's templates in the default order, keeps the timer, and drops it when cleared", () => {
    const auto = withRows(ordered, "auto", moveRow(channelRows(ordered), 0, 2));
    expect(auto.channels).toBe("auto");
    expect(Object.keys(auto.templates as object)).toEqual(["wechat", "sms", "email"]);
    expect(auto.fallback_after_seconds).toBe(3600);
    expect("fallback_after_seconds" in withRows(ordered, "ordered", channelRows(ordered), null)).toBe(false);
  });

  it("goes back to one channel with its single template and no fallback keys", () => {
    expect(withRows(ordered, "single", channelRows(ordered).slice(0, 1))).toEqual({ channel: "wechat", template: "wx-1", on_capped: "exit" });
  });

  it("states the rule", () => {
    expect(describeRule("ordered", channelRows(ordered), 3600)).toBe(
      "Tries WeChat, then SMS, then Email. The next channel is tried when the contact has no address there, is blacklisted or capped, or the provider fails, or it is not delivered within 1 hour. At most one is delivered.",
    );
    expect(describeRule("auto", channelRows({ channels: "auto", templates: { sms: "a", wechat: "b" } }))).toContain("ties go WeChat, SMS");
  });

  it("round-trips a fallback send through the editor state exactly", () => {
    const graph: Graph = {
      schema: 1,
      nodes: [{ id: "s", type: "send", config: withRows(ordered, "auto", channelRows(ordered)), position: { x: 0, y: 0 } }],
      edges: [],
      settings: {},
    };
    const back = flowToGraph(graphToFlow(graph));
    expect(back.nodes[0].config).toEqual(graph.nodes[0].config);
    expect(Object.keys(back.nodes[0].config.templates as object)).toEqual(["wechat", "sms", "email"]);
  });
});
