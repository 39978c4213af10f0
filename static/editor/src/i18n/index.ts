/**
 * The editor's message catalogues (design §10): en and zh-hans, the language the Django page was
 * rendered in (`<html lang>`, which the header switch and Accept-Language decide).
 *
 * Why i18next + react-i18next rather than FormatJS or our own: both are mature and widely used, the
 * `useTranslation` hook fits function components, the plural rules come from the browser's
 * Intl.PluralRules (so no ICU message parser ships: Chinese has one form, English two, which is all
 * we need), and the two packages add little to the bundle. Catalogues are bundled, not fetched:
 * the editor draws at once, in the right language, without a second request.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import zhHans from "./zh-hans.json";

export const LANGUAGES = ["en", "zh-hans"] as const;
export type Language = (typeof LANGUAGES)[number];

// Each feature may keep its messages in its own pair of files, parts/<area>.en.json and
// parts/<area>.zh-hans.json, found at build time and merged under the key <area> (t("<area>.x")).
const parts = import.meta.glob<{ default: object }>("./parts/*.json", { eager: true });
function withParts(base: object, language: Language): object {
  const merged: Record<string, unknown> = { ...base };
  for (const [path, module] of Object.entries(parts)) {
    const match = /\/([\w-]+)\.(en|zh-hans)\.json$/.exec(path);
    if (match && match[2] === language) merged[match[1]] = module.default;
  }
  return merged;
}
export const catalogues: Record<Language, object> = { en: withParts(en, "en"), "zh-hans": withParts(zhHans, "zh-hans") };

/** Our code for a BCP 47 tag ("zh-Hans", "zh-CN", "zh" → zh-hans); anything else is English. */
export function pickLanguage(tag: string | null | undefined): Language {
  return (tag ?? "").toLowerCase().startsWith("zh") ? "zh-hans" : "en";
}

function pageLanguage(): Language {
  return typeof document === "undefined" ? "en" : pickLanguage(document.documentElement.lang);
}

// Synchronous: resources are in the bundle, so the first render is already translated.
void i18next.use(initReactI18next).init({
  resources: { en: { translation: catalogues.en }, "zh-hans": { translation: catalogues["zh-hans"] } },
  lng: pageLanguage(),
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  lowerCaseLng: true,
  load: "currentOnly",
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

export const i18n = i18next;
/** For modules outside components (hooks' notices, computed labels); components use `useTranslation`. */
export const t = i18next.t.bind(i18next);
/** Numbers and dates in the page's language. */
export const formatNumber = (n: number) => new Intl.NumberFormat(i18next.language).format(n);
export const formatTime = (d: Date) => d.toLocaleTimeString(i18next.language);
