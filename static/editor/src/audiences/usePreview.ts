/**
 * The live size and sample of the condition being edited: POST /api/v1/segments/preview, debounced so
 * typing sends one request per pause, the previous one aborted so an old answer never overwrites a newer.
 */
import { useEffect, useState } from "react";
import type { Json } from "../spec";
import { previewSegment, type Preview } from "./api";
import { isComplete } from "./logic";

export const PREVIEW_DEBOUNCE_MS = 350;

export interface PreviewState {
  preview: Preview | null;
  loading: boolean;
  error: string | null;
  /** False while a rule is still half filled in: nothing was asked. */
  complete: boolean;
}

export function useSegmentPreview(condition: Json | null, enabled: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, loading: false, error: null, complete: false });
  const text = JSON.stringify(condition ?? null);
  useEffect(() => {
    const complete = enabled && isComplete(condition ?? undefined);
    if (!complete) {
      setState((s) => ({ ...s, loading: false, error: null, complete: false }));
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true, complete: true }));
    const timer = setTimeout(() => {
      previewSegment(condition as Json, abort.signal)
        .then((preview) => setState({ preview, loading: false, error: null, complete: true }))
        .catch((err: Error) => {
          if (abort.signal.aborted) return;
          setState((s) => ({ ...s, loading: false, error: err.message, complete: true }));
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, enabled]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}
