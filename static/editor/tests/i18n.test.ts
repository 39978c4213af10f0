import { describe, expect, it } from "vitest";
import { catalogues, i18n, pickLanguage } from "../src/i18n";
import en from "../src/i18n/en.json";
import zhHans from "../src/i18n/zh-hans.json";

// i18next plural suffixes: English has _one and _other, Chinese only _other; both name one message.
const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(tree: object, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object") Object.assign(out, leaves(value, path));
    else out[path] = value as string;
  }
  return out;
}
const messages = (tree: object) => new Set(Object.keys(leaves(tree)).map((k) => k.replace(PLURAL, "")));

describe("the editor's catalogues", () => {
  it("have the same messages in English and Chinese", () => {
    expect([...messages(zhHans)].sort()).toEqual([...messages(en)].sort());
  });

  it("have no empty message and no English left in the Chinese one", () => {
    for (const [key, value] of Object.entries(leaves(en))) expect(value.trim(), key).not.toBe("");
    for (const [key, value] of Object.entries(leaves(zhHans))) {
      expect(value.trim(), key).not.toBe("");
      // No English word left, but placeholders and the names kept as they are (keys, formats, products).
      const rest = value.replace(/\{\{\w+\}\}|schema-1|JSON|Ctrl|Shift|Delete|Webhook|contact/g, "");
      expect(rest, `${key} still reads as English`).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it("gives Chinese plurals their one form and English both", () => {
    const zh = leaves(zhHans);
    const enLeaves = leaves(en);
    for (const key of Object.keys(enLeaves).filter((k) => k.endsWith("_one"))) {
      expect(enLeaves[key.replace(/_one$/, "_other")], key).toBeDefined();
      expect(zh[key.replace(/_one$/, "_other")], key).toBeDefined();
    }
  });

  it("translates with the page's language and counts", () => {
    expect(pickLanguage("zh-Hans")).toBe("zh-hans");
    expect(pickLanguage("zh-CN")).toBe("zh-hans");
    expect(pickLanguage("en-US")).toBe("en");
    expect(pickLanguage("")).toBe("en");
    expect(Object.keys(catalogues)).toEqual(["en", "zh-hans"]);
    const zh = i18n.getFixedT("zh-hans");
    const english = i18n.getFixedT("en");
    expect(english("editor.fixErrorsFirst", { count: 1 })).toBe("fix 1 error first");
    expect(english("editor.fixErrorsFirst", { count: 3 })).toBe("fix 3 errors first");
    expect(zh("editor.fixErrorsFirst", { count: 3 })).toBe("请先修复 3 个错误");
    expect(zh("toolbar.submit")).toBe("提交审批");
  });
});
