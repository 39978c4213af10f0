/**
 * Undo / redo over whole editor snapshots (nodes, edges, settings).
 *
 * Snapshots are immutable React Flow states, so keeping a hundred of them costs
 * only the objects that changed. `commit(next, key)` records that the state moved
 * from the last committed one to `next`; commits with the same non-empty `key`
 * within `coalesceMs` (typing in one field) merge into one undo step.
 */
export interface History<S> {
  past: S[];
  present: S;
  future: S[];
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 200;

export function createHistory<S>(present: S): History<S> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

export function commit<S>(h: History<S>, next: S, key: string | null = null, now = Date.now(), coalesceMs = 1000): History<S> {
  if (next === h.present) return h;
  if (key && key === h.lastKey && now - h.lastAt < coalesceMs) {
    return { ...h, present: next, future: [], lastAt: now };
  }
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: next, future: [], lastKey: key, lastAt: now };
}

export function undo<S>(h: History<S>): History<S> {
  if (h.past.length === 0) return h;
  const past = h.past.slice(0, -1);
  return { past, present: h.past[h.past.length - 1], future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo<S>(h: History<S>): History<S> {
  if (h.future.length === 0) return h;
  const [next, ...future] = h.future;
  return { past: [...h.past, h.present], present: next, future, lastKey: null, lastAt: 0 };
}

export const canUndo = <S,>(h: History<S>) => h.past.length > 0;
export const canRedo = <S,>(h: History<S>) => h.future.length > 0;
