// The audiences' pure helpers: segment keys from names, when a condition is worth a preview, how the
// new condition forms and saved-segment triggers read, what an upload of members did.
import { describe, expect, it } from "vitest";
import { describeMembers, isComplete, keyFromName } from "../src/audiences/logic";
import { isSavedSegmentTrigger, newSavedSegmentTrigger, savedSegmentLine } from "../src/components/SavedSegmentTrigger";
import { condForm, describeCondition, newComputedRule, newSegmentRule } from "../src/conditions";

describe("segment keys", () => {
  it("slugs a name, dropping accents and punctuation", () => {
    expect(keyFromName("Repeat buyers (30 d)")).toBe("repeat-buyers-30-d");
    expect(keyFromName("  Clientes fiéis! ")).toBe("clientes-fieis");
    expect(keyFromName("x".repeat(150))).toHaveLength(100);
  });
});

describe("isComplete", () => {
  it("asks for a preview only when every rule names what it tests", () => {
    expect(isComplete({ all: [{ attr: "plan", op: "eq", value: "pro" }] })).toBe(true);
    expect(isComplete({ all: [{ attr: "", op: "eq", value: "" }] })).toBe(false);
    expect(isComplete({ all: [] })).toBe(false);
    expect(isComplete({ not: { event: "order_completed", count: { op: "gte", value: 1 } } })).toBe(true);
    expect(isComplete({ event: "order_completed", where: { prop: "", op: "eq", value: 1 } })).toBe(false);
    expect(isComplete({ any: [{ segment: "vip" }, { computed: "rfm_segment", op: "eq", value: "x" }] })).toBe(true);
    expect(isComplete({ segment: "" })).toBe(false);
    expect(isComplete(newComputedRule())).toBe(false);
    expect(isComplete(null)).toBe(false);
  });
});

describe("audience condition forms", () => {
  it("recognises segment membership and computed traits", () => {
    expect(condForm(newSegmentRule())).toBe("segment");
    expect(condForm(newComputedRule())).toBe("computed");
    expect(describeCondition({ all: [{ segment: "vip" }, { computed: "rfm_r", op: "gte", value: 4 }] })).toBe(
      "in segment vip and computed.rfm_r ≥ 4",
    );
  });
});

describe("saved-segment triggers", () => {
  it("tell a key from an inline condition and say enter or leave", () => {
    expect(isSavedSegmentTrigger(newSavedSegmentTrigger())).toBe(true);
    expect(isSavedSegmentTrigger({ segment: { attr: "plan", op: "exists" } })).toBe(false);
    expect(isSavedSegmentTrigger({ event: "signed_up" })).toBe(false);
    expect(savedSegmentLine({ segment: "vip", on: "exit" })).toBe("leaves segment vip");
    expect(savedSegmentLine({ segment: "vip", on: "enter" })).toBe("enters segment vip");
  });
});

describe("member uploads", () => {
  it("report what was added and which userIds are unknown", () => {
    expect(describeMembers({ added: 2, size: 5, unknown: [] })).toBe("2 added, 5 members now");
    const many = Array.from({ length: 12 }, (_, i) => `u${i}`);
    expect(describeMembers({ added: 0, size: 5, unknown: many })).toBe(
      "0 added, 5 members now; 12 unknown userIds not added: u0, u1, u2, u3, u4, u5, u6, u7, u8, u9, …",
    );
  });
});
