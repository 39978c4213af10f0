// The chart pages (analytics, overview, /health/) read `<html lang>` once: in Chinese their legends,
// units and headings come from the catalogue's `charts.*`, in English they stay as the tests of data.ts read.
import { afterEach, describe, expect, it, vi } from "vitest";

async function chartsIn(lang: string) {
  vi.resetModules();
  vi.stubGlobal("document", { documentElement: { lang } });
  return { text: await import("../src/charts/text"), data: await import("../src/charts/data") };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the chart pages' text", () => {
  it("is Chinese on a zh-Hans page", async () => {
    const { text, data } = await chartsIn("zh-Hans");
    expect(text.chartLanguage).toBe("zh-hans");
    expect(data.duration(1800)).toBe("30 分钟");
    expect(data.funnelDatasets([]).datasets.map((d) => d.label)).toEqual(["进入", "当前等待", "在此离开"]);
    expect(data.sendsDatasets({ sms: { delivered: 3 } }).datasets[0].label).toBe("已送达");
    expect(data.perDayDatasets(["2027-06-01"], { "2027-06-01": { email: 2 } }).datasets[0].label).toBe("邮件");
    expect(text.ct("charts.health.week", { n: 2 })).toBe("第 2 周");
    expect(text.chartNumber(12345)).toBe("12,345");
  });

  it("stays English elsewhere", async () => {
    const { text, data } = await chartsIn("en");
    expect(text.chartLanguage).toBe("en");
    expect(data.duration(1800)).toBe("30 min");
    expect(data.funnelDatasets([]).datasets.map((d) => d.label)).toEqual(["entered", "waiting now", "left here"]);
  });
});
