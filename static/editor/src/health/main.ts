// The /health/ page: activity, stickiness, LTV curves, lifecycle mix and channel ROI as Chart.js charts, and
// the weekly retention heatmap as a table. Fed by the page's JSON boot block (no inline script: CSP-safe).
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement,
  Tooltip,
} from "chart.js";

import { ct } from "../charts/text";
import { heatColour, type HealthBoot, percent } from "./data";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement,
  Legend, Tooltip);
Chart.defaults.animation = false;

const PALETTE = ["#4f5bd5", "#12b76a", "#f79009", "#f04438", "#7a5af8", "#06aed4", "#667085", "#dd2590"];

function canvas(id: string): HTMLCanvasElement | null {
  return document.getElementById(id) as HTMLCanvasElement | null;
}

function lines(id: string, labels: string[], series: Array<{ label: string; data: Array<number | null> }>,
  yPercent = false) {
  const el = canvas(id);
  if (!el) return;
  new Chart(el, {
    type: "line",
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label, data: s.data, borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length], pointRadius: 0, spanGaps: true, tension: 0.2,
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: yPercent ? { callback: (v) => `${Math.round(Number(v) * 100)} %` } : {} } },
      plugins: { legend: { position: "bottom" } },
    },
  });
}

function bars(id: string, labels: string[], series: Array<{ label: string; data: number[] }>) {
  const el = canvas(id);
  if (!el) return;
  new Chart(el, {
    type: "bar",
    data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: PALETTE[i] })) },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } },
      plugins: { legend: { position: "bottom" } } },
  });
}

/** The retention triangle: one row per cohort, one cell per period, shaded by the share still active. */
function heatmap(root: HTMLElement, boot: HealthBoot) {
  const cohorts = boot.retention.cohorts.filter((c) => c.size > 0);
  if (!cohorts.length) return;
  const periods = boot.retention.periods;
  const table = document.createElement("table");
  table.className = "list heatmap";
  const head = table.createTHead().insertRow();
  const weeks = Array.from({ length: periods }, (_, i) => ct("charts.health.week", { n: i }));
  for (const label of [ct("charts.health.cohortWeek"), ct("charts.health.contacts"), ...weeks]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const cohort of cohorts) {
    const row = body.insertRow();
    row.insertCell().textContent = cohort.cohort;
    const size = row.insertCell();
    size.textContent = String(cohort.size);
    size.className = "num";
    for (let p = 0; p < periods; p++) {
      const cell = row.insertCell();
      cell.className = "num";
      const share = cohort.retention[p];
      if (share === undefined || share === null) continue;
      cell.textContent = percent(share);
      cell.title = ct("charts.health.activeOf", { active: cohort.active[p], size: cohort.size });
      cell.style.backgroundColor = heatColour(share);  // CSSOM, not an inline style attribute: CSP allows it
    }
  }
  root.replaceChildren(table);
}

function draw(boot: HealthBoot) {
  const days = boot.activity.map((d) => d.date);
  lines("chart-activity", days, [
    { label: ct("charts.health.dau"), data: boot.activity.map((d) => d.dau) },
    { label: ct("charts.health.wau"), data: boot.activity.map((d) => d.wau) },
    { label: ct("charts.health.mau"), data: boot.activity.map((d) => d.mau) },
  ]);
  const stickiness = ct("charts.health.stickiness");
  lines("chart-stickiness", days, [{ label: stickiness, data: boot.activity.map((d) => d.stickiness) }], true);
  const heat = document.getElementById("retention-heatmap");
  if (heat) heatmap(heat, boot);
  const ltvCohorts = boot.ltv.cohorts.filter((c) => c.size > 0);
  const longest = Math.max(0, ...ltvCohorts.map((c) => c.ltv.length));
  lines("chart-ltv", Array.from({ length: longest }, (_, i) => ct("charts.health.month", { n: i })),
    ltvCohorts.map((c) => ({ label: c.cohort.slice(0, 7), data: c.ltv })));
  const ltvEmpty = document.getElementById("ltv-empty");
  if (ltvEmpty) ltvEmpty.hidden = ltvCohorts.some((c) => c.revenue.some((r) => r > 0));
  const stages = Object.entries(boot.lifecycle.stages ?? {});
  const stageNames = stages.map(([s]) => ct(`charts.health.stage.${s}`, { defaultValue: s }));
  bars("chart-lifecycle", stageNames, [{ label: ct("charts.health.contacts"), data: stages.map(([, n]) => n) }]);
  const channels = boot.channels.channels.filter((c) => c.sends || c.revenue);
  const currency = boot.channels.currency;
  bars("chart-channels", channels.map((c) => ct(`charts.channel.${c.channel}`, { defaultValue: c.channel })), [
    { label: ct("charts.health.revenue", { currency }), data: channels.map((c) => c.revenue) },
    { label: ct("charts.health.cost", { currency }), data: channels.map((c) => c.cost) },
  ]);
  document.body.dataset.healthCharts = "drawn";  // for the browser test: the bundle ran
}

const bootEl = document.getElementById("health-boot");
if (bootEl?.textContent) draw(JSON.parse(bootEl.textContent) as HealthBoot);
