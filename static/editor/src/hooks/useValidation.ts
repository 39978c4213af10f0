/**
 * Server-side validation of the committed graph: at once on opening, then debounced after each
 * change, the previous request aborted. The findings are pinned on their nodes (`issuesByNode`).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { validateGraph, type Issue } from "../api";
import type { Graph } from "../spec";

export const VALIDATE_DEBOUNCE_MS = 300;

/** `graphKey` identifies `graph`: a new key is a new graph to check. Nothing is checked when `enabled` is false. */
export function useValidation(journeyId: number, graph: Graph, graphKey: string, enabled: boolean) {
  const [issues, setIssues] = useState<Issue[]>([]);
  const [checking, setChecking] = useState(enabled);
  const first = useRef(true);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setChecking(true);
    const delay = first.current ? 0 : VALIDATE_DEBOUNCE_MS;
    first.current = false;
    const timer = setTimeout(() => {
      validateGraph(journeyId, graph, controller.signal)
        .then((result) => {
          setIssues(result.issues);
          setChecking(false);
        })
        .catch((e: Error) => {
          if (e.name !== "AbortError") setChecking(false);
        });
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [graphKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const issuesByNode = useMemo(() => {
    const by: Record<string, Issue[]> = {};
    for (const issue of issues) if (issue.node) (by[issue.node] ??= []).push(issue);
    return by;
  }, [issues]);
  const errorCount = issues.filter((i) => i.severity === "error").length;

  /** `setIssues`: findings that arrive another way (a save's answer, a refused submit). */
  return { issues, setIssues, checking, issuesByNode, errorCount };
}
