// The editor's components and readings in Chinese (design §10): rendered on the server with the page's
// language switched to zh-hans, they show the catalogue's Chinese and no English left over.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRule } from "../src/channelOrder";
import { describeCondition } from "../src/conditions";
import { describeDateTrigger, describeSchedule, describeWeekdays } from "../src/dates";
import { formatDuration } from "../src/format";
import { i18n } from "../src/i18n";
import { describeMembers } from "../src/audiences/logic";
import { PreviewPanel } from "../src/audiences/PreviewPanel";
import { CommentsPanel } from "../src/review/CommentsPanel";
import { DiffPanel } from "../src/review/DiffPanel";
import type { Diff } from "../src/review/api";
import { ConditionBuilder } from "../src/components/ConditionBuilder";
import { TemplatePreview } from "../src/components/TemplatePreview";
import { TestEvents } from "../src/components/TestEvents";
import { TestPanel } from "../src/components/TestPanel";
import { NODE_KINDS } from "../src/nodeTypes";
import { kindLabel } from "../src/nodeTypes/labels";
import { NODE_TYPES, type Config, type Json, type NodeType } from "../src/spec";

const noop = () => {};
/** The text a reader sees: tags and their attributes dropped. */
const shown = (html: string) => html.replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/g, " ");
/** English words (3+ letters) left in shown text, apart from names and typed values that stay as they are
 * (formats, standards, an example zone, the "contact" time-zone keyword). */
const english = (text: string) =>
  text.replace(/JSON|Webhook|Alt|ISO|IANA|Asia\/Shanghai|“contact”/g, "").match(/[A-Za-z]{3,}/g) ?? [];

beforeAll(async () => {
  await i18n.changeLanguage("zh-hans");
});
afterAll(async () => {
  await i18n.changeLanguage("en");
});

describe("the node panels in Chinese", () => {
  it.each(NODE_TYPES.map((type) => [type]))("the %s panel shows no English", (type) => {
    const kind = NODE_KINDS[type];
    const html = renderToStaticMarkup(
      createElement(kind.Panel, { nodeId: "n1", config: kind.defaultConfig(), onChange: noop, readOnly: false }),
    );
    expect(english(shown(html))).toEqual([]);
  });

  it.each([
    ["trigger", { date_trait: "birthday", offset_days: -3, at: "10:00", timezone: "contact", yearly: true }],
    ["trigger", { schedule: { every: "week", weekday: "mon" }, at: "10:00", timezone: "UTC", segment: "" }],
    ["trigger", { segment: "", on: "enter" }],
    ["trigger", { segment: { attr: "plan", op: "eq", value: "pro" } }],
    ["trigger", { event: "signed_up", where: { prop: "plan", op: "exists" } }],
    ["wait", { until: "09:00", timezone: "contact", weekdays: ["mon"] }],
    ["send", { channels: ["wechat", "sms", "webhook"], templates: { wechat: "", sms: "", webhook: "" }, fallback_after_seconds: 3600 }],
    ["send", { channels: "auto", templates: { email: "", inapp: "" }, on_capped: "exit" }],
  ] as [NodeType, Config][])("the %s panel of %j shows no English", (type, config) => {
    const html = renderToStaticMarkup(createElement(NODE_KINDS[type].Panel, { nodeId: "n1", config, onChange: noop, readOnly: false }));
    expect(english(shown(html))).toEqual([]);
  });

  it("the Test panel shows no English", () => {
    const simulation = { status: { kind: "idle" }, result: null, run: noop, clear: noop };
    const testSend = { status: { kind: "idle" }, run: null, reset: noop, start: noop };
    const html = renderToStaticMarkup(createElement(TestPanel, {
      readOnly: false, canTestSend: true, simulation: simulation as never, testSend: testSend as never,
      saveFirst: async () => {}, onPick: noop, onClose: noop,
    }));
    expect(html).toContain("测试此旅程");
    expect(english(shown(html))).toEqual([]);
  });

  it("names the kinds as Chinese operators do", () => {
    expect(NODE_TYPES.map((type) => kindLabel(NODE_KINDS[type]))).toEqual(
      ["触发", "等待", "等待事件", "A/B 实验", "条件分支", "触达", "更新用户", "退出"],
    );
  });

  it("reads the split's weights and variants", () => {
    const html = renderToStaticMarkup(
      createElement(NODE_KINDS.split.Panel, { nodeId: "s", config: { variants: [{ key: "A", weight: 70 }] }, onChange: noop, readOnly: false }),
    );
    expect(html).toContain("实验组");
    expect(html).toContain("Σ 70%（须为 100）");
    expect(html).toContain("+ 添加实验组");
  });
});

describe("the condition builder in Chinese", () => {
  it("offers its groups, rules and operators in Chinese", () => {
    const value: Json = {
      all: [{ attr: "plan", op: "eq", value: "pro" }, { event: "order_completed", count: { op: "gte", value: 2 }, within_days: 30 }],
    };
    const html = renderToStaticMarkup(createElement(ConditionBuilder, { value, onChange: noop }));
    for (const text of ["满足全部（且）", "+ 用户属性条件", "+ 事件次数", "+ 属于分群", "+ 计算属性", "做过", "天内", "等于", "大于等于"]) {
      expect(html).toContain(text);
    }
    expect(english(shown(html))).toEqual([]);
  });

  it("reads conditions in one line", () => {
    expect(describeCondition({ all: [{ attr: "a", op: "gt", value: 1 }, { not: { segment: "vip" } }] })).toBe("a > 1 且 非 属于分群 vip");
    expect(describeCondition({ event: "order_completed", count: { op: "gte", value: 2 }, within_days: 30 })).toBe(
      "order_completed ≥2×（30 天内）",
    );
    expect(describeCondition(undefined)).toBe("（无条件）");
  });
});

describe("dates, durations and channels in Chinese", () => {
  it("reads date triggers, schedules and weekdays", () => {
    const base = { date_trait: "birthday", at: "10:00", timezone: "contact", yearly: true };
    expect(describeDateTrigger({ ...base, offset_days: -3 })).toBe("birthday 前 3 天，用户当地时间 10:00，每年");
    expect(describeSchedule({ schedule: { every: "week", weekday: "fri" }, at: "09:00", timezone: "UTC" })).toBe("每周五，UTC 09:00");
    expect(describeWeekdays(["mon", "sat"])).toBe("仅周一、周六");
    expect(formatDuration(7200)).toBe("2 小时");
  });

  it("states a send's fallback rule", () => {
    const rows = [{ channel: "wechat", template: "a" }, { channel: "sms", template: "b" }];
    const rule = describeRule("ordered", rows, 3600);
    expect(rule).toMatch(/^依次尝试微信，然后是短信。/);
    expect(rule).toContain("1 小时内未送达");
    expect(describeRule("single", rows.slice(0, 1))).toBe("仅通过微信发送。");
  });
});

describe("panels around the canvas in Chinese", () => {
  it("counts an SMS preview's characters and segments", () => {
    const html = renderToStaticMarkup(createElement(TemplatePreview, { state: { status: "ready", preview: {
      slug: "s", channel: "sms", userId: null, rendered: { body: "你好" }, missing: [], defaulted: [],
      sms: { encoding: "UCS-2", characters: 71, units: 71, segments: 2, per_segment: 67 }, warnings: [],
    } } }));
    expect(html).toContain("71 个字符 · 2 条短信 · UCS-2");
  });

  it("lists the changes against live", () => {
    const diff = {
      version: 2, base_version: 1,
      nodes: { added: [{ id: "w2", type: "wait" }], removed: [], changed: [{ id: "w", type: "wait", fields: ["seconds"] }] },
      edges: { added: [], removed: [] }, settings_changed: true,
    } as unknown as Diff;
    const html = renderToStaticMarkup(createElement(DiffPanel, { diff }));
    expect(html).toContain("v2 的改动 对比线上 v1");
    expect(html).toContain("新增步骤 w2（wait）");
    expect(html).toContain("步骤 w（wait）：seconds 有改动");
    expect(html).toContain("旅程设置有改动");
  });

  it("shows comments, test events and a segment's preview", () => {
    expect(renderToStaticMarkup(createElement(CommentsPanel, { comments: [], canComment: true, text: "", onText: noop, onAdd: noop })))
      .toContain("还没有评论。");
    const events = renderToStaticMarkup(createElement(TestEvents, { rows: [{ event: "", afterSeconds: 0, properties: "" }], onChange: noop }));
    expect(events).toContain("用户完成的事件");
    expect(events).toContain("开始时（点此添加延迟）");
    const preview = renderToStaticMarkup(createElement(PreviewPanel, {
      state: { preview: { size: 12345, sample: ["u1"] }, loading: false, error: null, complete: true }, savedSize: 12000,
    }));
    expect(preview).toContain("12,345");
    expect(preview).toContain("当前符合条件的用户数 · 保存时人数 12,000");
    expect(describeMembers({ added: 3, unknown: ["x"], size: 40 })).toBe("新增 3 人，现有成员 40 人；1 个未知用户 ID 未加入：x");
  });
});
