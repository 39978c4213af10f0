/**
 * What the canvas and the panels do to the graph: React Flow's change and connect callbacks,
 * adding steps (palette click or drop), config and settings edits, selection, auto-layout.
 * Read-only, only selection and measurements pass.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, type DragEvent, type RefObject } from "react";
import { DND_MIME } from "../components/Palette";
import { NODE_KINDS } from "../nodeTypes";
import {
  edgeId,
  freshId,
  hasInput,
  isKnownType,
  portsOf,
  specType,
  type Config,
  type FlowEdge,
  type FlowNode,
  type FlowState,
  type NodeType,
  type Settings,
} from "../spec";
import type { Update } from "./useFlowHistory";

export const GRID = 10;
const snap = (v: number) => Math.round(v / GRID) * GRID;

export function useCanvasEditing(flowRef: RefObject<FlowState>, update: Update, readOnly: boolean) {
  const rf = useReactFlow<FlowNode, FlowEdge>();

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const allowed = readOnly ? changes.filter((c) => c.type === "select" || c.type === "dimensions") : changes;
      if (allowed.length === 0) return;
      const structural = allowed.some(
        (c) => c.type === "remove" || c.type === "add" || c.type === "replace" || (c.type === "position" && c.dragging === false),
      );
      update((f) => ({ ...f, nodes: applyNodeChanges(allowed, f.nodes) }), structural ? null : false);
    },
    [readOnly, update],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const allowed = readOnly ? changes.filter((c) => c.type === "select") : changes;
      if (allowed.length === 0) return;
      const structural = allowed.some((c) => c.type === "remove" || c.type === "add" || c.type === "replace");
      update((f) => ({ ...f, edges: applyEdgeChanges(allowed, f.edges) }), structural ? null : false);
    },
    [readOnly, update],
  );

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (conn) => {
      const nodes = flowRef.current.nodes;
      const source = nodes.find((n) => n.id === conn.source);
      const target = nodes.find((n) => n.id === conn.target);
      if (!source || !target || source.id === target.id) return false;
      const port = conn.sourceHandle ?? "";
      return portsOf(specType(source), source.data.config).includes(port) && hasInput(specType(target));
    },
    [flowRef],
  );

  const onConnect = useCallback(
    (conn: Connection) => {
      const port = conn.sourceHandle ?? "";
      // One edge per port: connecting a port again moves its edge.
      update((f) => ({
        ...f,
        edges: [
          ...f.edges.filter((e) => !(e.source === conn.source && (e.sourceHandle ?? "") === port)),
          { id: edgeId(conn.source, port, conn.target), source: conn.source, target: conn.target, sourceHandle: port },
        ],
      }));
    },
    [update],
  );

  /** A new step, selected alone: at `position`, or in the middle of the canvas. */
  const addNode = useCallback(
    (type: NodeType, position?: { x: number; y: number }) => {
      let where = position;
      if (!where) {
        const box = document.querySelector(".canvas")?.getBoundingClientRect();
        const center = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 };
        const p = rf.screenToFlowPosition(center);
        where = { x: snap(p.x - 110), y: snap(p.y - 40) };
      }
      const at = where;
      update((f) => {
        const id = freshId(type, new Set(f.nodes.map((n) => n.id)));
        const node: FlowNode = { id, type, position: at, data: { config: NODE_KINDS[type].defaultConfig() }, selected: true };
        return {
          ...f,
          nodes: [...f.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
          edges: f.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        };
      });
    },
    [rf, update],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      if (readOnly) return;
      const type = event.dataTransfer.getData(DND_MIME) || event.dataTransfer.getData("text/plain");
      if (!isKnownType(type)) return;
      const p = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(type, { x: snap(p.x - 110), y: snap(p.y - 30) });
    },
    [readOnly, rf, addNode],
  );

  const changeConfig = useCallback(
    (id: string, config: Config) => {
      update(
        (f) => ({ ...f, nodes: f.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, config } } : n)) }),
        `config:${id}`,
      );
    },
    [update],
  );

  const changeSettings = useCallback((settings: Settings) => update((f) => ({ ...f, settings }), "settings"), [update]);

  const selectOnly = useCallback(
    (id: string | null) => {
      update(
        (f) => ({
          ...f,
          nodes: f.nodes.map((n) => ((n.id === id) !== !!n.selected ? { ...n, selected: n.id === id } : n)),
          edges: f.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        }),
        false,
      );
    },
    [update],
  );

  /** Select a step and bring it into view (a finding's node link). */
  const focusNode = useCallback(
    (id: string) => {
      selectOnly(id);
      const node = flowRef.current.nodes.find((n) => n.id === id);
      if (node) rf.setCenter(node.position.x + 110, node.position.y + 50, { zoom: Math.max(rf.getZoom(), 0.8), duration: 300 });
    },
    [flowRef, rf, selectOnly],
  );

  const deleteNode = useCallback((id: string) => rf.deleteElements({ nodes: [{ id }] }), [rf]);

  const layout = useCallback(async () => {
    // dagre is loaded on first use: it is not needed to open the editor.
    const { autoLayout } = await import("../layout");
    update((f) => ({ ...f, nodes: autoLayout(f.nodes, f.edges) }));
    setTimeout(() => rf.fitView({ padding: 0.15, duration: 300 }), 50);
  }, [rf, update]);

  /** Fit the whole graph in view, once React Flow has drawn a replaced graph. */
  const fitSoon = useCallback(() => {
    setTimeout(() => rf.fitView({ padding: 0.15 }), 50);
  }, [rf]);

  return {
    onNodesChange,
    onEdgesChange,
    isValidConnection,
    onConnect,
    addNode,
    onDragOver,
    onDrop,
    changeConfig,
    changeSettings,
    focusNode,
    deleteNode,
    layout,
    fitSoon,
  };
}
