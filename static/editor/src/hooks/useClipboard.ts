/**
 * Copy / paste of the selected steps with the connections between them. The copy is also kept in
 * localStorage, so it pastes into another journey in another tab.
 */
import { useCallback, useRef, type RefObject } from "react";
import { t } from "../i18n";
import { copySelection, pasteClip, type Clip } from "../clipboard";
import type { FlowState } from "../spec";
import type { Update } from "./useFlowHistory";
import type { SetNotice } from "./useNotice";

const CLIP_STORAGE_KEY = "journeys-editor-clipboard";

export function useClipboard(flowRef: RefObject<FlowState>, update: Update, setNotice: SetNotice) {
  const clip = useRef<Clip | null>(null);

  const copy = useCallback(() => {
    const f = flowRef.current;
    const selected = new Set(f.nodes.filter((n) => n.selected).map((n) => n.id));
    const copied = copySelection(f.nodes, f.edges, selected);
    if (!copied) return;
    clip.current = copied;
    try {
      localStorage.setItem(CLIP_STORAGE_KEY, JSON.stringify(copied));
    } catch {
      /* storage full or off: the in-page clipboard still works */
    }
    setNotice({ kind: "ok", text: t("notice.copied", { count: copied.nodes.length }) });
  }, [flowRef, setNotice]);

  /** Adds the copy under fresh ids, a little offset, selected instead of what was. */
  const paste = useCallback(() => {
    let source = clip.current;
    try {
      const stored = localStorage.getItem(CLIP_STORAGE_KEY);
      if (stored) source = JSON.parse(stored) as Clip;
    } catch {
      /* ignore */
    }
    if (!source || source.nodes.length === 0) return;
    const from = source;
    update((f) => {
      const pasted = pasteClip(from, f.nodes);
      return {
        ...f,
        nodes: [...f.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes],
        edges: [...f.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...pasted.edges],
      };
    });
  }, [update]);

  return { copy, paste };
}
