/** Auto-layout with dagre: top to bottom, ports in order, positions snapped to the grid. */
import dagre from "@dagrejs/dagre";
import type { FlowEdge, FlowNode } from "./spec";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 96;
const GRID = 10;

export function autoLayout(nodes: FlowNode[], edges: FlowEdge[], direction: "TB" | "LR" = "TB"): FlowNode[] {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: direction, nodesep: 50, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    g.setNode(node.id, {
      width: node.measured?.width ?? NODE_WIDTH,
      height: node.measured?.height ?? NODE_HEIGHT,
    });
  }
  for (const edge of edges) {
    if (ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target) {
      g.setEdge(edge.source, edge.target, {}, edge.id);
    }
  }
  dagre.layout(g);
  const snap = (v: number) => Math.round(v / GRID) * GRID;
  return nodes.map((node) => {
    const p = g.node(node.id);
    if (!p) return node;
    const w = node.measured?.width ?? NODE_WIDTH;
    const h = node.measured?.height ?? NODE_HEIGHT;
    return { ...node, position: { x: snap(p.x - w / 2), y: snap(p.y - h / 2) } };
  });
}
