/**
 * Saving the draft with optimistic locking: each save sends the ETag of the draft it started from
 * (If-Match); a 412 means someone else saved in between, and the conflict banner offers to reload
 * their version or to overwrite it with this one. Leaving with unsaved changes asks first.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { ApiError, loadDraft, saveDraft, type Issue } from "../api";
import { t } from "../i18n";
import { flowToGraph, graphKey, graphToFlow, type FlowState } from "../spec";
import type { SetNotice } from "./useNotice";

interface Options {
  journeyId: number;
  readOnly: boolean;
  /** The boot data's ETag and version number. */
  etag: string | null;
  version: number | null;
  /** The state being edited, and the key of its last committed graph. */
  flowRef: RefObject<FlowState>;
  committedKey: string;
  flushCommit: () => void;
  resetTo: (next: FlowState) => void;
  setIssues: (issues: Issue[]) => void;
  setNotice: SetNotice;
  setVersionStatus: (status: string | null) => void;
  /** After a reload replaced the canvas. */
  onReloaded: () => void;
}

export function useDraftSave(o: Options) {
  const { journeyId, readOnly, flowRef, flushCommit, resetTo, setIssues, setNotice, setVersionStatus, onReloaded } = o;
  const [savedKey, setSavedKey] = useState(() => graphKey(flowToGraph(flowRef.current)));
  const etagRef = useRef<string | null>(o.etag);
  const [version, setVersion] = useState(o.version);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const dirty = !readOnly && o.committedKey !== savedKey;

  const save = useCallback(
    async (etagOverride?: string | null) => {
      if (readOnly) return;
      flushCommit();
      const graph = flowToGraph(flowRef.current);
      setSaving(true);
      setNotice(null);
      try {
        const result = await saveDraft(journeyId, graph, etagOverride === undefined ? etagRef.current : etagOverride);
        etagRef.current = result.etag;
        setSavedKey(graphKey(graph));
        setIssues(result.issues);
        setVersion(result.version);
        setVersionStatus("draft");
        setConflict(null);
        setNotice({ kind: "ok", text: t("notice.savedDraft", { version: result.version }) });
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          setConflict(e.detail);
        } else {
          setNotice({ kind: "error", text: t("notice.notSaved", { reason: (e as Error).message }) });
        }
      } finally {
        setSaving(false);
      }
    },
    [readOnly, flushCommit, flowRef, journeyId, setIssues, setNotice, setVersionStatus],
  );

  /** Throw away the local changes for the draft as saved now. */
  const reload = useCallback(async () => {
    try {
      const { graph, etag } = await loadDraft(journeyId);
      etagRef.current = etag;
      const next = graphToFlow(graph);
      resetTo(next);
      setSavedKey(graphKey(flowToGraph(next)));
      setConflict(null);
      setNotice({ kind: "ok", text: t("notice.reloaded") });
      onReloaded();
    } catch (e) {
      setNotice({ kind: "error", text: t("notice.reloadFailed", { reason: (e as Error).message }) });
    }
  }, [journeyId, resetTo, setNotice, onReloaded]);

  /** Save over the other version: with the ETag of the draft as saved now. */
  const overwrite = useCallback(async () => {
    try {
      const { etag } = await loadDraft(journeyId);
      await save(etag);
    } catch (e) {
      setNotice({ kind: "error", text: t("notice.notSaved", { reason: (e as Error).message }) });
    }
  }, [journeyId, save, setNotice]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  return { dirty, saving, conflict, version, save, reload, overwrite };
}
