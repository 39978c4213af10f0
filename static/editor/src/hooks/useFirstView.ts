/**
 * The first view, and the ready signal the 300-node open -> interactive measurement reads
 * (`html[data-editor-ready]`, `window.__editorReadyAt`). A journey that fits at a readable zoom is
 * fitted; a big one opens at its trigger, readable, rather than as a cloud of dots.
 */
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { specType, type FlowEdge, type FlowNode } from "../spec";

/** Below this zoom a fitted journey is unreadable; open at its trigger instead. */
const MIN_FIT_ZOOM = 0.35;

/** Returns the `onInit` for <ReactFlow>. */
export function useFirstView(nodes: FlowNode[]) {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const nodesInitialized = useNodesInitialized();
  const [flowReady, setFlowReady] = useState(false);
  const viewed = useRef(false);

  useEffect(() => {
    if (!flowReady || (nodes.length > 0 && !nodesInitialized) || viewed.current) return;
    viewed.current = true;
    if (nodes.length > 0) {
      const box = document.querySelector(".canvas")?.getBoundingClientRect();
      const bounds = rf.getNodesBounds(nodes);
      const fit = box ? Math.min(box.width / (bounds.width + 80), box.height / (bounds.height + 80)) : 1;
      if (fit >= MIN_FIT_ZOOM || !box) {
        void rf.fitView({ padding: 0.15, maxZoom: 1 });
      } else {
        const start = nodes.find((n) => specType(n) === "trigger") ?? nodes[0];
        const zoom = 0.75;
        void rf.setViewport({
          x: box.width / 2 - (start.position.x + (start.measured?.width ?? 220) / 2) * zoom,
          y: 40 - start.position.y * zoom,
          zoom,
        });
      }
    }
    requestAnimationFrame(() => {
      (window as unknown as { __editorReadyAt: number }).__editorReadyAt = performance.now();
      document.documentElement.dataset.editorReady = "true";
    });
  }, [flowReady, nodesInitialized, nodes, rf]);

  return useCallback(() => setFlowReady(true), []);
}
