// The analytics and overview pages: Chart.js charts from a JSON boot block, live over a websocket.
// Built by Vite into dist/charts.js (a separate entry from the editor; no React).
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip,
} from "chart.js";

import {
  counters, duration, funnelDatasets, pct, perDayDatasets, pValue, sendsDatasets, type Stats, variantDatasets,
} from "./data";
import { ct } from "./text";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.animation = false;

type GraphNode = { id: string; type: string; position?: { x: number; y: number } };
type Graph = { nodes: GraphNode[]; edges: Array<{ source: string; target: string; port: string }> };

const charts = new Map<string, Chart>();

function bar(id: string, data: ReturnType<typeof sendsDatasets>, stacked = false, horizontal = false) {
  const canvas = document.getElementById(id) as HTMLCanvasElement | null;
  if (!canvas) return;
  const existing = charts.get(id);
  if (existing) {
    existing.data.labels = data.labels;
    existing.data.datasets = data.datasets as never;
    existing.update();
    return;
  }
  charts.set(id, new Chart(canvas, {
    type: "bar", data: data as never,
    options: {
      responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
      scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
      plugins: { legend: { position: "bottom" } },
    },
  }));
}

function text(el: Element | null, value: string) {
  if (el && el.textContent !== value) el.textContent = value;
}

function esc(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** The read-only graph with each node's counts drawn on it (positions from the editor). */
function drawGraph(svg: SVGSVGElement, graph: Graph, stats: Stats) {
  const W = 170, H = 58;
  const pos = new Map(graph.nodes.map((n, i) => [n.id, n.position ?? { x: 0, y: i * 120 }]));
  const xs = [...pos.values()].map((p) => p.x), ys = [...pos.values()].map((p) => p.y);
  const minX = Math.min(...xs, 0) - 20, minY = Math.min(...ys, 0) - 20;
  const width = Math.max(...xs, 0) - minX + W + 40, height = Math.max(...ys, 0) - minY + H + 40;
  svg.setAttribute("viewBox", `${minX} ${minY} ${width} ${height}`);
  const edges = graph.edges.map((e) => {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b) return "";
    return `<line x1="${a.x + W / 2}" y1="${a.y + H}" x2="${b.x + W / 2}" y2="${b.y}" stroke="#98a2b3" stroke-width="2"/>` +
      (e.port !== "next" ? `<text x="${(a.x + b.x) / 2 + W / 2 + 4}" y="${(a.y + H + b.y) / 2}" font-size="11" fill="#667085">${esc(e.port)}</text>` : "");
  }).join("");
  const nodes = graph.nodes.map((n) => {
    const p = pos.get(n.id)!, c = stats.nodes[n.id] ?? { entered: 0, waiting: 0, exited: 0, sent: 0 };
    return `<g data-node="${esc(n.id)}"><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="8" fill="#fff" stroke="#4f5bd5"/>` +
      `<text x="${p.x + 8}" y="${p.y + 18}" font-size="12" font-weight="600">${esc(n.id)} · ${esc(n.type)}</text>` +
      `<text x="${p.x + 8}" y="${p.y + 38}" font-size="11" fill="#344054">${esc(ct("charts.graph.in"))} <tspan data-count="entered">${c.entered}</tspan>` +
      ` · ${esc(ct("charts.graph.wait"))} <tspan data-count="waiting">${c.waiting}</tspan>` +
      ` · ${esc(ct("charts.graph.out"))} <tspan data-count="exited">${c.exited}</tspan></text>` +
      (c.sent ? `<text x="${p.x + 8}" y="${p.y + 52}" font-size="11" fill="#12b76a">${esc(ct("charts.graph.sent"))} ${c.sent}</text>` : "") + "</g>";
  }).join("");
  svg.innerHTML = edges + nodes;
}

function renderVariants(root: HTMLElement, stats: Stats) {
  if (!stats.variants.length) {
    root.innerHTML = `<p class="empty muted">${esc(ct("charts.noSplit"))}</p>`;
    return;
  }
  root.innerHTML = stats.variants.map((split) => `
    <h3>${esc(ct("charts.split"))} <code>${esc(split.split)}</code> <span class="muted">${esc(ct("charts.control", { key: split.control ?? "–" }))}</span></h3>
    <div class="chart small"><canvas id="variant-${esc(split.split)}"></canvas></div>
    <table class="list" data-split="${esc(split.split)}"><thead><tr><th>${esc(ct("charts.col.variant"))}</th>
      <th class="num">${esc(ct("charts.col.enrolled"))}</th><th class="num">${esc(ct("charts.col.converted"))}</th>
      <th class="num">${esc(ct("charts.col.rate"))}</th><th class="num">${esc(ct("charts.col.uplift"))}</th>
      <th class="num">${esc(ct("charts.col.ci"))}</th><th class="num">${esc(ct("charts.col.pValue"))}</th></tr></thead><tbody>
    ${split.variants.map((v) => `<tr data-variant="${esc(v.key)}"><td>${esc(v.control ? ct("charts.controlVariant", { key: v.key }) : v.key)}</td>
      <td class="num">${v.enrolled}</td><td class="num">${v.converted}</td><td class="num">${pct(v.rate)}</td>
      <td class="num">${v.control ? "–" : pct(v.uplift)}</td>
      <td class="num">${v.control || v.ci_low === null ? "–" : `${pct(v.ci_low)} … ${pct(v.ci_high)}`}</td>
      <td class="num" ${v.p_value !== null && v.p_value < 0.05 ? 'style="font-weight:700;color:#027a48"' : ""}>${pValue(v.p_value)}</td></tr>`).join("")}
    </tbody></table>`).join("");
  for (const split of stats.variants) {
    charts.get(`variant-${split.split}`)?.destroy();
    charts.delete(`variant-${split.split}`);
    bar(`variant-${split.split}`, variantDatasets(split) as never);
  }
}

function renderAnalytics(stats: Stats, graph: Graph) {
  for (const [name, value] of Object.entries(counters(stats))) {
    document.querySelectorAll(`[data-stat="${name}"]`).forEach((el) => text(el, value));
  }
  const svg = document.getElementById("graph") as SVGSVGElement | null;
  if (svg) drawGraph(svg, graph, stats);
  bar("chart-funnel", funnelDatasets(stats.funnel) as never);
  bar("chart-sends", sendsDatasets(stats.sends.by_channel) as never, true);
  bar("chart-ttc", {
    labels: stats.conversions.time_to_convert.histogram.map((b) => b.bucket),
    datasets: [{ label: ct("charts.conversions"), backgroundColor: "#12b76a",
                 data: stats.conversions.time_to_convert.histogram.map((b) => b.count) }],
  } as never);
  const variants = document.getElementById("variants");
  if (variants) renderVariants(variants, stats);
  const reasons = document.getElementById("exit-reasons");
  if (reasons) {
    const rows = stats.funnel.flatMap((s) => Object.entries(s.exit_reasons).map(([r, n]) =>
      `<tr><td>${esc(s.node)}</td><td>${esc(r)}</td><td class="num">${n}</td></tr>`));
    reasons.innerHTML = rows.length ? rows.join("") : `<tr><td colspan="3" class="muted">${esc(ct("charts.nobodyLeft"))}</td></tr>`;
  }
  document.documentElement.dataset.statsVersion = String(Number(document.documentElement.dataset.statsVersion ?? 0) + 1);
}

function connectLive(path: string, onStats: (stats: Stats) => void) {
  const state = document.querySelector('[data-testid="live-state"]');
  let delay = 1000;
  const open = () => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`);
    ws.onopen = () => { delay = 1000; text(state, ct("charts.live")); };
    ws.onmessage = (msg) => {
      const frame = JSON.parse(msg.data);
      if (frame.type === "stats") onStats(frame as Stats);
    };
    ws.onclose = () => {
      text(state, ct("charts.reconnecting"));
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 15000);
    };
  };
  open();
}

function boot() {
  const el = document.getElementById("charts-boot");
  if (!el) return;
  const data = JSON.parse(el.textContent ?? "{}");
  if (data.page === "analytics") {
    renderAnalytics(data.stats, data.graph);
    if (data.ws_path) connectLive(data.ws_path, (stats) => renderAnalytics(stats, data.graph));
  } else if (data.page === "overview") {
    const o = data.overview;
    bar("chart-per-day", perDayDatasets(o.days, o.messages_per_day) as never, true);
    bar("chart-top", {
      labels: o.top_journeys.map((j: { name: string }) => j.name),
      datasets: [{ label: ct("charts.conversions"), backgroundColor: "#4f5bd5",
                   data: o.top_journeys.map((j: { conversions: number }) => j.conversions) }],
    } as never, false, true);
  }
  document.documentElement.dataset.chartsReady = "1";
  void duration;
}

boot();
