/**
 * The chart pages' messages (analytics, overview, /health/) in the page's language (`<html lang>`), from
 * the editor's catalogues (keys `charts.*`). Its own small i18next instance rather than src/i18n: these
 * bundles have no React, and src/i18n brings react-i18next with it.
 */
import i18next from "i18next";
import { charts as enCharts } from "../i18n/en.json";
import { charts as zhCharts } from "../i18n/zh-hans.json";

const zh = typeof document !== "undefined" && document.documentElement.lang.toLowerCase().startsWith("zh");
export const chartLanguage = zh ? "zh-hans" : "en";

const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: { charts: enCharts } }, "zh-hans": { translation: { charts: zhCharts } } },
  lng: chartLanguage,
  fallbackLng: "en",
  lowerCaseLng: true,
  initAsync: false,
  interpolation: { escapeValue: false },
});

/** A `charts.*` message; `count` picks the plural form. */
export const ct = instance.t.bind(instance);
/** Numbers as the page's language writes them. */
export const chartNumber = (n: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(chartLanguage, options).format(n);
