/** Copy / paste of a selection: nodes plus the edges between them, with fresh ids. */
import { copyJson, edgeId, freshId, type FlowEdge, type FlowNode } from "./spec";

export interface Clip {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copySelection(nodes: FlowNode[], edges: FlowEdge[], selectedIds: Set<string>): Clip | null {
  const picked = nodes.filter((n) => selectedIds.has(n.id));
  if (picked.length === 0) return null;
  const inner = edges.filter((e) => selectedIds.has(e.source) && selectedIds.has(e.target));
  return { nodes: copyJson(picked), edges: copyJson(inner) };
}

/** The clip's nodes and edges renamed to unused ids and moved by `offset`, selected. */
export function pasteClip(
  clip: Clip,
  existing: FlowNode[],
  offset: { x: number; y: number } = { x: 40, y: 40 },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const taken = new Set(existing.map((n) => n.id));
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((node) => {
    const type = node.data.specType ?? node.type ?? "node";
    const id = freshId(type, taken);
    taken.add(id);
    rename.set(node.id, id);
    return {
      id,
      type: node.type,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
      data: copyJson(node.data),
      selected: true,
    } as FlowNode;
  });
  const edges = clip.edges.map((edge) => {
    const source = rename.get(edge.source)!;
    const target = rename.get(edge.target)!;
    const port = edge.sourceHandle ?? "";
    return { id: edgeId(source, port, target), source, target, sourceHandle: port } as FlowEdge;
  });
  return { nodes, edges };
}
