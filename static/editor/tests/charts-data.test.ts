import { describe, expect, it } from "vitest";

import { counters, duration, funnelDatasets, pct, perDayDatasets, pValue, sendsDatasets, variantDatasets } from "../src/charts/data";

describe("chart data for the analytics pages", () => {
  it("formats rates, p-values and durations", () => {
    expect(pct(0.25)).toBe("25.0%");
    expect(pct(null)).toBe("–");
    expect(pValue(0.10247)).toBe("0.102");
    expect(pValue(0.00001)).toBe("< 0.001");
    expect(duration(1800)).toBe("30 min");
    expect(duration(2 * 86400)).toBe("2.0 d");
  });

  it("stacks sends by status per channel, in a fixed status order, skipping empty statuses", () => {
    const data = sendsDatasets({ sms: { delivered: 80, failed: 5 }, email: { delivered: 70, capped: 10 } });
    expect(data.labels).toEqual(["email", "sms"]);
    expect(data.datasets.map((d) => d.label)).toEqual(["delivered", "failed", "capped"]);
    expect(data.datasets[0].data).toEqual([70, 80]);
    expect(data.datasets[2].data).toEqual([10, 0]);
  });

  it("draws the funnel in graph order", () => {
    const data = funnelDatasets([
      { node: "t", type: "trigger", entered: 10, waiting: 0, exited: 0, sent: 0, exit_reasons: {} },
      { node: "x", type: "exit", entered: 7, waiting: 0, exited: 7, sent: 0, exit_reasons: { completed: 7 } },
    ]);
    expect(data.labels).toEqual(["t", "x"]);
    expect(data.datasets[2].data).toEqual([0, 7]);
  });

  it("marks the control variant", () => {
    const data = variantDatasets({ split: "s", control: "control", variants: [
      { key: "A", control: false, enrolled: 100, converted: 30, rate: 0.3, p_value: 0.1, ci_low: -0.02, ci_high: 0.22, uplift: 0.5 },
      { key: "control", control: true, enrolled: 100, converted: 20, rate: 0.2, p_value: null, ci_low: null, ci_high: null, uplift: null },
    ] });
    expect(data.labels).toEqual(["A", "control (control)"]);
    expect(data.datasets[0].data).toEqual([30, 20]);
  });

  it("fills missing days with zeros", () => {
    const data = perDayDatasets(["2026-06-01", "2026-06-02"], { "2026-06-02": { sms: 3 } });
    expect(data.labels).toEqual(["06-01", "06-02"]);
    expect(data.datasets).toEqual([{ label: "sms", backgroundColor: "#4f5bd5", data: [0, 3] }]);
  });

  it("derives the headline counters", () => {
    const c = counters({
      journey: 1, version: 1, nodes: {}, enrollments: { waiting: 4 }, funnel: [],
      sends: { total: 10, by_status: {}, by_channel: {} },
      rates: { sent: 9, delivered: 6, opened: 3, clicked: 1, blocked: 1, delivery_rate: 6 / 9, open_rate: 0.5, click_rate: null },
      variants: [],
      conversions: { enrolled: 20, converted: 5, rate: 0.25, time_to_convert: { histogram: [], median_seconds: 60, p90_seconds: null } },
    });
    expect(c.conversion_rate).toBe("25.0%");
    expect(c.delivery_rate).toBe("66.7%");
    expect(c.click_rate).toBe("–");
    expect(c.state_waiting).toBe("4");
    expect(c.median_ttc).toBe("60 s");
  });
});
