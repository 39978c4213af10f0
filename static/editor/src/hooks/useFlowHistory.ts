/**
 * The editor's state and its undo history.
 *
 * `flow` is what React Flow shows (including selection and drags in progress); `present` is the
 * last committed state, the one that is validated, compared with the saved draft and undone.
 * Structural changes (add, delete, connect, drag end, config edits) commit; selection and
 * measurements do not. Every change made in one tick (React Flow removes a node and its edges in
 * two calls) becomes one undo step.
 */
import { useCallback, useReducer, useRef, useState } from "react";
import { canRedo, canUndo, commit, createHistory, redo, undo, type History } from "../history";
import type { FlowState } from "../spec";

/** `key` false: not an undo step (selection, sizes, drags in flight); a string: coalesce typing in one field. */
export type CommitKey = string | null | false;
export type Update = (fn: (f: FlowState) => FlowState, key?: CommitKey) => void;

/** Undo must not forget sizes React Flow measured on nodes that are still on screen. */
function keepMeasured(restored: FlowState, current: FlowState): FlowState {
  const measured = new Map(current.nodes.map((n) => [n.id, n.measured]));
  return {
    ...restored,
    nodes: restored.nodes.map((n) => (n.measured || !measured.get(n.id) ? n : { ...n, measured: measured.get(n.id) })),
  };
}

export function useFlowHistory(initial: FlowState) {
  const [flow, setFlow] = useState<FlowState>(initial);
  const flowRef = useRef(flow);
  const histRef = useRef<History<FlowState>>(createHistory(initial));
  const [, bumpHistory] = useReducer((x: number) => x + 1, 0);
  const pending = useRef<{ key: string | null } | null>(null);

  const setFlowNow = useCallback((next: FlowState) => {
    flowRef.current = next;
    setFlow(next);
  }, []);

  const flushCommit = useCallback(() => {
    if (!pending.current) return;
    const { key } = pending.current;
    pending.current = null;
    histRef.current = commit(histRef.current, flowRef.current, key);
    bumpHistory();
  }, []);

  const scheduleCommit = useCallback(
    (key: string | null) => {
      if (pending.current && pending.current.key !== key) flushCommit();
      if (!pending.current) {
        pending.current = { key };
        setTimeout(flushCommit, 0);
      }
    },
    [flushCommit],
  );

  /** Apply `fn` to the current state and, unless `key` is false, commit it as an undo step. */
  const update: Update = useCallback(
    (fn, key = null) => {
      setFlowNow(fn(flowRef.current));
      if (key !== false) scheduleCommit(key);
    },
    [setFlowNow, scheduleCommit],
  );

  /** Start over from `next` (a reloaded draft): no undo steps before it. */
  const resetTo = useCallback(
    (next: FlowState) => {
      pending.current = null;
      histRef.current = createHistory(next);
      bumpHistory();
      setFlowNow(next);
    },
    [setFlowNow],
  );

  const step = useCallback(
    (move: (h: History<FlowState>) => History<FlowState>) => {
      flushCommit();
      const next = move(histRef.current);
      if (next === histRef.current) return;
      histRef.current = next;
      bumpHistory();
      setFlowNow(keepMeasured(next.present, flowRef.current));
    },
    [flushCommit, setFlowNow],
  );
  const doUndo = useCallback(() => step(undo), [step]);
  const doRedo = useCallback(() => step(redo), [step]);

  return {
    flow,
    flowRef,
    present: histRef.current.present,
    update,
    resetTo,
    flushCommit,
    undo: doUndo,
    redo: doRedo,
    canUndo: canUndo(histRef.current),
    canRedo: canRedo(histRef.current),
  };
}
