/**
 * The journey editor: palette, canvas, properties panel, findings, toolbar.
 *
 * State: `flow` is what React Flow shows (including selection and drags in
 * progress); `history.present` is the last committed state, the one that is
 * validated, compared with the saved draft and undone. Structural changes
 * (add, delete, connect, drag end, config edits) commit; selection and
 * measurements do not. Every change made in one tick (React Flow removes a node
 * and its edges in two calls) becomes one undo step.
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type DragEvent } from "react";
import { ApiError, journeyAction, loadDraft, renameJourney, saveDraft, validateGraph, type Issue } from "./api";
import { copySelection, pasteClip, type Clip } from "./clipboard";
import { IssuesPanel } from "./components/IssuesPanel";
import { DND_MIME, Palette } from "./components/Palette";
import { SettingsPanel } from "./components/SettingsPanel";
import { LIST_EVENTS, LIST_PROPERTIES, LIST_TIMEZONES, LIST_TRAITS } from "./components/fields";
import { CanvasContext, SuggestionsContext, type Counts, type Suggestions } from "./context";
import { canRedo, canUndo, commit, createHistory, redo, undo, type History } from "./history";
import { NODE_KINDS, flowNodeTypes } from "./nodeTypes";
import {
  edgeId,
  flowToGraph,
  freshId,
  graphKey,
  graphToFlow,
  hasInput,
  isKnownType,
  parseGraphFile,
  portsOf,
  type Config,
  type FlowEdge,
  type FlowNode,
  type FlowState,
  type Graph,
  type NodeType,
  type Settings,
} from "./spec";

import { ReviewBar, diffClasses, type Diff, type Workflow } from "./Review";
export interface Boot {
  journey: { id: number; name: string; status: string; live_version: number | null; draft_version: number | null };
  mode: "edit" | "live";
  version: number | null;
  version_status: string | null;
  graph: Graph;
  etag: string | null;
  counts: Record<string, Counts> | null;
  ws_path: string | null;
  suggestions: Suggestions;
  links: { list: string; live: string | null; edit: string | null; history?: string; approvals?: string };
  workflow?: Workflow;
}

const GRID = 10;
const DEFAULT_EDGE = { type: "smoothstep", markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const KIND_COLORS: Record<string, string> = {
  trigger: "#7c3aed", wait: "#0891b2", wait_event: "#0e7490", split: "#db2777",
  branch: "#ea580c", send: "#2563eb", update: "#65a30d", exit: "#475467",
};
const minimapColor = (node: FlowNode) => KIND_COLORS[node.type ?? ""] ?? "#98a2b3";
const VALIDATE_DEBOUNCE_MS = 300;
/** Below this zoom a fitted journey is unreadable; open at its trigger instead. */
const MIN_FIT_ZOOM = 0.35;
const CLIP_STORAGE_KEY = "journeys-editor-clipboard";
const snap = (v: number) => Math.round(v / GRID) * GRID;

function specType(node: FlowNode): string {
  return node.data.specType ?? node.type ?? "unknown";
}

/** Undo must not forget sizes React Flow measured on nodes that are still on screen. */
function keepMeasured(restored: FlowState, current: FlowState): FlowState {
  const measured = new Map(current.nodes.map((n) => [n.id, n.measured]));
  return {
    ...restored,
    nodes: restored.nodes.map((n) => (n.measured || !measured.get(n.id) ? n : { ...n, measured: measured.get(n.id) })),
  };
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

let timezones: string[] | null = null;
function allTimezones(): string[] {
  if (!timezones) {
    try {
      timezones = ["contact", ...(Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone")];
    } catch {
      timezones = ["contact", "UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"];
    }
  }
  return timezones;
}

export function Editor({ boot }: { boot: Boot }) {
  const readOnly = boot.mode === "live";
  const journeyId = boot.journey.id;
  const rf = useReactFlow<FlowNode, FlowEdge>();

  // -- state and history ----------------------------------------------------------
  const initial = useMemo(() => graphToFlow(boot.graph), [boot.graph]);
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

  /** Apply `fn` to the current state; `key` false: not an undo step (selection, sizes, drags in flight). */
  const update = useCallback(
    (fn: (f: FlowState) => FlowState, key: string | null | false = null) => {
      setFlowNow(fn(flowRef.current));
      if (key !== false) scheduleCommit(key);
    },
    [setFlowNow, scheduleCommit],
  );

  const resetTo = useCallback(
    (next: FlowState) => {
      pending.current = null;
      histRef.current = createHistory(next);
      bumpHistory();
      setFlowNow(next);
    },
    [setFlowNow],
  );

  const present = histRef.current.present;
  const committedGraph = useMemo(() => flowToGraph(present), [present]);
  const committedKey = useMemo(() => graphKey(committedGraph), [committedGraph]);

  // -- saving state -----------------------------------------------------------------
  const [journeyName, setJourneyName] = useState(boot.journey.name);
  const [savedKey, setSavedKey] = useState(() => graphKey(flowToGraph(initial)));
  const etagRef = useRef<string | null>(boot.etag);
  const [version, setVersion] = useState(boot.version);
  const [versionStatus, setVersionStatus] = useState(boot.version_status);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [diffByNode, setDiffByNode] = useState<Record<string, string>>({});
  const onDiff = useCallback((d: Diff | null) => setDiffByNode(diffClasses(d)), []);
  const dirty = !readOnly && committedKey !== savedKey;

  // -- validation -------------------------------------------------------------------
  const [issues, setIssues] = useState<Issue[]>([]);
  const [checking, setChecking] = useState(!readOnly);
  const firstValidation = useRef(true);
  useEffect(() => {
    if (readOnly) return;
    const controller = new AbortController();
    setChecking(true);
    const delay = firstValidation.current ? 0 : VALIDATE_DEBOUNCE_MS;
    firstValidation.current = false;
    const timer = setTimeout(() => {
      validateGraph(journeyId, committedGraph, controller.signal)
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
  }, [committedKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const issuesByNode = useMemo(() => {
    const by: Record<string, Issue[]> = {};
    for (const issue of issues) if (issue.node) (by[issue.node] ??= []).push(issue);
    return by;
  }, [issues]);
  const errorCount = issues.filter((i) => i.severity === "error").length;

  // -- live counts ------------------------------------------------------------------
  const [counts, setCounts] = useState<Record<string, Counts> | null>(boot.counts);
  const [liveState, setLiveState] = useState<{ connected: boolean; at: Date | null }>({ connected: false, at: null });
  useEffect(() => {
    if (!boot.ws_path) return;
    let ws: WebSocket | null = null;
    let stopped = false;
    let retry = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      ws = new WebSocket(`${scheme}://${window.location.host}${boot.ws_path}`);
      ws.onopen = () => {
        retry = 0;
        setLiveState((s) => ({ ...s, connected: true }));
      };
      ws.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === "counts") {
          setCounts(message.counts);
          setLiveState({ connected: true, at: new Date() });
        }
      };
      ws.onclose = () => {
        setLiveState((s) => ({ ...s, connected: false }));
        if (!stopped) timer = setTimeout(connect, Math.min(10000, 500 * 2 ** retry++));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [boot.ws_path]);

  // -- React Flow callbacks -----------------------------------------------------------
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

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback((conn) => {
    const nodes = flowRef.current.nodes;
    const source = nodes.find((n) => n.id === conn.source);
    const target = nodes.find((n) => n.id === conn.target);
    if (!source || !target || source.id === target.id) return false;
    const port = conn.sourceHandle ?? "";
    return portsOf(specType(source), source.data.config).includes(port) && hasInput(specType(target));
  }, []);

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

  const addNode = useCallback(
    (type: NodeType, position?: { x: number; y: number }) => {
      let where = position;
      if (!where) {
        const box = document.querySelector(".canvas")?.getBoundingClientRect();
        const center = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 };
        const p = rf.screenToFlowPosition(center);
        where = { x: snap(p.x - 110), y: snap(p.y - 40) };
      }
      update((f) => {
        const id = freshId(type, new Set(f.nodes.map((n) => n.id)));
        const node: FlowNode = { id, type, position: where!, data: { config: NODE_KINDS[type].defaultConfig() }, selected: true };
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

  const focusNode = useCallback(
    (id: string) => {
      selectOnly(id);
      const node = flowRef.current.nodes.find((n) => n.id === id);
      if (node) rf.setCenter(node.position.x + 110, node.position.y + 50, { zoom: Math.max(rf.getZoom(), 0.8), duration: 300 });
    },
    [rf, selectOnly],
  );

  const deleteNode = useCallback((id: string) => rf.deleteElements({ nodes: [{ id }] }), [rf]);

  // -- undo / redo / clipboard / layout ------------------------------------------------
  const doUndo = useCallback(() => {
    flushCommit();
    const next = undo(histRef.current);
    if (next === histRef.current) return;
    histRef.current = next;
    bumpHistory();
    setFlowNow(keepMeasured(next.present, flowRef.current));
  }, [flushCommit, setFlowNow]);

  const doRedo = useCallback(() => {
    flushCommit();
    const next = redo(histRef.current);
    if (next === histRef.current) return;
    histRef.current = next;
    bumpHistory();
    setFlowNow(keepMeasured(next.present, flowRef.current));
  }, [flushCommit, setFlowNow]);

  const clip = useRef<Clip | null>(null);
  const doCopy = useCallback(() => {
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
    setNotice({ kind: "ok", text: `Copied ${copied.nodes.length} step${copied.nodes.length === 1 ? "" : "s"}` });
  }, []);

  const doPaste = useCallback(() => {
    let source = clip.current;
    try {
      const stored = localStorage.getItem(CLIP_STORAGE_KEY);
      if (stored) source = JSON.parse(stored) as Clip;
    } catch {
      /* ignore */
    }
    if (!source || source.nodes.length === 0) return;
    update((f) => {
      const pasted = pasteClip(source!, f.nodes);
      return {
        ...f,
        nodes: [...f.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes],
        edges: [...f.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...pasted.edges],
      };
    });
  }, [update]);

  const doLayout = useCallback(async () => {
    // dagre is loaded on first use: it is not needed to open the editor.
    const { autoLayout } = await import("./layout");
    update((f) => ({ ...f, nodes: autoLayout(f.nodes, f.edges) }));
    setTimeout(() => rf.fitView({ padding: 0.15, duration: 300 }), 50);
  }, [rf, update]);

  // -- save / reload / import / export ---------------------------------------------------
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
        setNotice({ kind: "ok", text: `Saved draft v${result.version}` });
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          setConflict(e.detail);
        } else {
          setNotice({ kind: "error", text: `Not saved: ${(e as Error).message}` });
        }
      } finally {
        setSaving(false);
      }
    },
    [readOnly, flushCommit, journeyId],
  );

  const reload = useCallback(async () => {
    try {
      const { graph, etag } = await loadDraft(journeyId);
      etagRef.current = etag;
      const next = graphToFlow(graph);
      resetTo(next);
      setSavedKey(graphKey(flowToGraph(next)));
      setConflict(null);
      setNotice({ kind: "ok", text: "Reloaded the latest saved draft" });
      setTimeout(() => rf.fitView({ padding: 0.15 }), 50);
    } catch (e) {
      setNotice({ kind: "error", text: `Could not reload: ${(e as Error).message}` });
    }
  }, [journeyId, resetTo, rf]);

  const overwrite = useCallback(async () => {
    try {
      const { etag } = await loadDraft(journeyId);
      await save(etag);
    } catch (e) {
      setNotice({ kind: "error", text: `Not saved: ${(e as Error).message}` });
    }
  }, [journeyId, save]);

  const fileInput = useRef<HTMLInputElement>(null);
  const onImportFile = useCallback(
    async (file: File) => {
      try {
        const graph = parseGraphFile(await file.text());
        const next = graphToFlow(graph);
        update(() => next);
        setNotice({ kind: "ok", text: `Imported ${file.name} (${graph.nodes.length} steps). Save to keep it.` });
        setTimeout(() => rf.fitView({ padding: 0.15 }), 50);
      } catch (e) {
        setNotice({ kind: "error", text: `Could not import ${file.name}: ${(e as Error).message}` });
      }
    },
    [rf, update],
  );

  const doExport = useCallback(() => {
    const graph = flowToGraph(flowRef.current);
    const doc = { schema: graph.schema, name: journeyName, nodes: graph.nodes, edges: graph.edges, settings: graph.settings };
    const slug = journeyName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || `journey-${journeyId}`;
    download(`${slug}.json`, JSON.stringify(doc, null, 2) + "\n");
  }, [journeyId, journeyName]);

  /** A workflow action on the saved draft: submit for approval, or publish (draft -> live). */
  const act = useCallback(
    async (action: "submit" | "publish") => {
      try {
        await journeyAction(journeyId, action);
        window.location.assign(action === "publish" ? `/journeys/${journeyId}/?view=live` : `/journeys/${journeyId}/`);
      } catch (e) {
        if (e instanceof ApiError && e.body && Array.isArray((e.body as { issues?: Issue[] }).issues)) {
          setIssues((e.body as { issues: Issue[] }).issues);
        }
        const hint = e instanceof ApiError && e.status === 404 ? " (not available on this server yet)" : "";
        setNotice({ kind: "error", text: `Could not ${action}: ${(e as Error).message}${hint}` });
      }
    },
    [journeyId],
  );

  const commitName = useCallback(
    async (name: string) => {
      const trimmed = name.trim();
      if (!trimmed || trimmed === boot.journey.name) return;
      try {
        await renameJourney(journeyId, trimmed);
        document.title = `${trimmed} · Journeys`;
        boot.journey.name = trimmed;
      } catch (e) {
        setNotice({ kind: "error", text: `Could not rename: ${(e as Error).message}` });
      }
    },
    [boot.journey, journeyId],
  );

  // -- keyboard and leaving ------------------------------------------------------------
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === "s") {
        event.preventDefault();
        void save();
        return;
      }
      if (readOnly || isTyping(event.target)) return;
      if (key === "z" && !event.shiftKey) {
        event.preventDefault();
        doUndo();
      } else if ((key === "z" && event.shiftKey) || key === "y") {
        event.preventDefault();
        doRedo();
      } else if (key === "c") {
        doCopy();
      } else if (key === "v") {
        event.preventDefault();
        doPaste();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly, save, doUndo, doRedo, doCopy, doPaste]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    if (!notice || notice.kind === "error") return;
    const t = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  // A read-only handle for tests and the console: the graph as it would be saved.
  useEffect(() => {
    (window as unknown as { journeyEditor: object }).journeyEditor = {
      graph: () => flowToGraph(flowRef.current),
      committedGraph: () => committedGraph,
    };
  });

  // -- first view and the ready signal (the 300-node open -> interactive measurement reads it) ----
  // A journey that fits at a readable zoom is fitted; a big one opens at its trigger, readable,
  // rather than as a cloud of dots.
  const nodesInitialized = useNodesInitialized();
  const [flowReady, setFlowReady] = useState(false);
  const viewed = useRef(false);
  useEffect(() => {
    if (!flowReady || (flow.nodes.length > 0 && !nodesInitialized) || viewed.current) return;
    viewed.current = true;
    if (flow.nodes.length > 0) {
      const box = document.querySelector(".canvas")?.getBoundingClientRect();
      const bounds = rf.getNodesBounds(flow.nodes);
      const fit = box ? Math.min(box.width / (bounds.width + 80), box.height / (bounds.height + 80)) : 1;
      if (fit >= MIN_FIT_ZOOM || !box) {
        void rf.fitView({ padding: 0.15, maxZoom: 1 });
      } else {
        const start = flow.nodes.find((n) => specType(n) === "trigger") ?? flow.nodes[0];
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
  }, [flowReady, nodesInitialized, flow.nodes, rf]);

  // -- rendering ---------------------------------------------------------------------------
  const displayNodes = useMemo(
    () =>
      flow.nodes.map((n) => {
        const list = issuesByNode[n.id];
        const issueCls = list ? (list.some((i) => i.severity === "error") ? "has-error" : "has-warning") : undefined;
        const cls = [issueCls, diffByNode[n.id]].filter(Boolean).join(" ") || undefined;
        return cls === n.className ? n : { ...n, className: cls };
      }),
    [flow.nodes, issuesByNode, diffByNode],
  );

  const selectedNodes = flow.nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? selectedNodes[0] : null;
  const canvasInfo = useMemo(() => ({ issuesByNode, counts: readOnly ? counts : null, readOnly }), [issuesByNode, counts, readOnly]);
  const submitBlocked = readOnly
    ? "read-only"
    : dirty
      ? "save your changes first"
      : checking
        ? "checking…"
        : errorCount > 0
          ? `fix ${errorCount} error${errorCount === 1 ? "" : "s"} first`
          : versionStatus !== "draft"
            ? `this version is ${versionStatus ?? "not a draft"}`
            : null;
  const workflow = boot.workflow;
  // Without workflow data (an older server) behave as before: anyone may submit.
  const canSubmit = !workflow || (workflow.roles.includes("marketer") && (versionStatus === "draft" || versionStatus === null || readOnly));
  const canPublish = !!workflow && workflow.roles.includes("approver") && versionStatus === "approved";
  // Only marketers edit, and only a draft (or a live version, whose first save starts the next draft);
  // a version in review or approved is frozen. The server enforces the same.
  const canEdit = !workflow || (workflow.roles.includes("marketer") && versionStatus !== "in_review" && versionStatus !== "approved");

  return (
    <SuggestionsContext.Provider value={boot.suggestions}>
      <CanvasContext.Provider value={canvasInfo}>
        <div className={`editor ${readOnly ? "is-readonly" : ""}`} data-mode={boot.mode}>
          <header className="toolbar">
            <a className="back" href={boot.links.list} title="All journeys">
              ←
            </a>
            <input
              className="journey-name"
              aria-label="Journey name"
              value={journeyName}
              disabled={readOnly}
              onChange={(e) => setJourneyName(e.target.value)}
              onBlur={(e) => void commitName(e.target.value)}
              onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
            />
            <span className={`status status-${readOnly ? "live" : versionStatus ?? "draft"}`} data-testid="version-status">
              {readOnly ? `live v${version}` : `${versionStatus ?? "draft"} v${version ?? "?"}`}
            </span>
            {!readOnly && (
              <span className={`save-state ${dirty ? "is-dirty" : "is-saved"}`} data-testid="save-state">
                {saving ? "Saving…" : dirty ? "● Unsaved changes" : "All changes saved"}
              </span>
            )}
            {readOnly && (
              <span className={`live-state ${liveState.connected ? "on" : "off"}`} data-testid="live-state">
                {liveState.connected ? "● live" : "○ connecting…"}
                {liveState.at && ` · updated ${liveState.at.toLocaleTimeString()}`}
              </span>
            )}
            <span className="spacer" />
            {!readOnly && (
              <>
                <button type="button" onClick={doUndo} disabled={!canUndo(histRef.current)} title="Undo (Ctrl+Z)" data-action="undo">
                  ↶ Undo
                </button>
                <button type="button" onClick={doRedo} disabled={!canRedo(histRef.current)} title="Redo (Ctrl+Shift+Z)" data-action="redo">
                  ↷ Redo
                </button>
                <button type="button" onClick={() => void doLayout()} title="Arrange the steps automatically" data-action="layout">
                  Auto-layout
                </button>
                {canEdit && <button type="button" onClick={() => fileInput.current?.click()} title="Replace this draft with a schema-1 JSON file" data-action="import">
                  Import
                </button>}
                <input
                  ref={fileInput}
                  type="file"
                  accept="application/json,.json"
                  hidden
                  data-testid="import-file"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void onImportFile(file);
                    e.target.value = "";
                  }}
                />
              </>
            )}
            <button type="button" onClick={doExport} title="Download as schema-1 JSON" data-action="export">
              Export
            </button>
            {readOnly ? (
              boot.links.edit && (
                <a className="button" href={boot.links.edit}>
                  {boot.journey.draft_version ? `Open draft v${boot.journey.draft_version}` : "Edit as new draft"}
                </a>
              )
            ) : (
              <>
                {boot.links.live && (
                  <a className="button" href={boot.links.live}>
                    Live v{boot.journey.live_version}
                  </a>
                )}
                {canSubmit && <button
                  type="button"
                  onClick={() => void act("submit")}
                  disabled={submitBlocked !== null}
                  title={submitBlocked ?? "Send this draft to an approver"}
                  data-action="submit"
                >
                  Submit for approval
                </button>}
                {canPublish && (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => void act("publish")}
                    title="Make this approved version the live version"
                    data-action="publish"
                  >
                    Publish
                  </button>
                )}
                {canEdit && (
                  <button type="button" className="primary" onClick={() => void save()} disabled={saving} title="Save draft (Ctrl+S)" data-action="save">
                    Save draft
                  </button>
                )}
              </>
            )}
          </header>
          {workflow && (
            <ReviewBar
              journeyId={journeyId}
              mode={boot.mode}
              version={version}
              versionStatus={versionStatus}
              workflow={workflow}
              historyUrl={boot.links.history ?? `/journeys/${journeyId}/history/`}
              onStatus={setVersionStatus}
              onDiff={onDiff}
              onNotice={setNotice}
            />
          )}
          {conflict && (
            <div className="banner banner-conflict" role="alert" data-testid="conflict">
              <b>Someone else saved this journey.</b> {conflict}
              <button type="button" onClick={() => void reload()}>
                Reload their version
              </button>
              <button type="button" className="link danger" onClick={() => void overwrite()}>
                Overwrite with mine
              </button>
            </div>
          )}
          {notice && (
            <div className={`banner banner-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="notice">
              {notice.text}
              <button type="button" className="link" onClick={() => setNotice(null)} aria-label="dismiss">
                ✕
              </button>
            </div>
          )}
          <div className="workspace">
            <aside className="left">
              {readOnly ? <LiveLegend counts={counts} /> : <Palette onAdd={(t) => addNode(t)} />}
              {!readOnly && <IssuesPanel issues={issues} checking={checking} onPick={focusNode} />}
            </aside>
            <main className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
              <ReactFlow<FlowNode, FlowEdge>
                nodes={displayNodes}
                edges={flow.edges}
                nodeTypes={flowNodeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                isValidConnection={isValidConnection}
                onInit={() => setFlowReady(true)}
                nodesDraggable={!readOnly}
                nodesConnectable={!readOnly}
                edgesReconnectable={false}
                deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
                snapToGrid
                snapGrid={[GRID, GRID]}
                minZoom={0.05}
                maxZoom={2}
                defaultEdgeOptions={DEFAULT_EDGE}
                proOptions={{ hideAttribution: true }}
              >
                <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
                <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={minimapColor} />
                <Controls showInteractive={!readOnly} />
              </ReactFlow>
            </main>
            <aside className="right">
              {selected ? (
                <NodePanel
                  key={selected.id}
                  node={selected}
                  issues={issuesByNode[selected.id] ?? []}
                  counts={readOnly ? counts?.[selected.id] ?? null : null}
                  readOnly={readOnly}
                  onChange={changeConfig}
                  onDelete={deleteNode}
                />
              ) : selectedNodes.length > 1 ? (
                <div className="panel-body">
                  <h3>{selectedNodes.length} steps selected</h3>
                  <p className="pf-hint">Ctrl+C copies them with the connections between them; Delete removes them.</p>
                </div>
              ) : (
                <SettingsPanel settings={flow.settings} onChange={changeSettings} readOnly={readOnly} />
              )}
            </aside>
          </div>
          <datalist id={LIST_EVENTS}>
            {boot.suggestions.events.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          <datalist id={LIST_TRAITS}>
            {boot.suggestions.traits.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          <datalist id={LIST_PROPERTIES}>
            {boot.suggestions.properties.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          <TimezoneList />
        </div>
      </CanvasContext.Provider>
    </SuggestionsContext.Provider>
  );
}

function TimezoneList() {
  // Rendered once, after first paint: 400 options are not needed to open the editor.
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    const t = setTimeout(() => setZones(allTimezones()), 500);
    return () => clearTimeout(t);
  }, []);
  return (
    <datalist id={LIST_TIMEZONES}>
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

function NodePanel({
  node,
  issues,
  counts,
  readOnly,
  onChange,
  onDelete,
}: {
  node: FlowNode;
  issues: Issue[];
  counts: Counts | null;
  readOnly: boolean;
  onChange: (id: string, config: Config) => void;
  onDelete: (id: string) => void;
}) {
  const type = specType(node);
  const kind = isKnownType(type) ? NODE_KINDS[type] : null;
  const Panel = kind?.Panel;
  return (
    <div className="panel-body" data-testid="node-panel" data-node={node.id}>
      <h3>
        {kind ? `${kind.icon} ${kind.label}` : `Unknown type ${type}`} <code className="jn-id">{node.id}</code>
      </h3>
      {issues.length > 0 && (
        <ul className="panel-issues">
          {issues.map((issue, i) => (
            <li key={i} className={`issue issue-${issue.severity}`}>
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {counts && (
        <table className="counts-table" data-testid="panel-counts">
          <tbody>
            <tr><th>entered</th><td>{counts.entered}</td></tr>
            <tr><th>waiting here</th><td>{counts.waiting}</td></tr>
            <tr><th>left the journey here</th><td>{counts.exited}</td></tr>
            {type === "send" && <tr><th>sent</th><td>{counts.sent}</td></tr>}
          </tbody>
        </table>
      )}
      <fieldset disabled={readOnly} className="panel-fields">
        {Panel ? (
          <Panel nodeId={node.id} config={node.data.config} onChange={(config) => onChange(node.id, config)} readOnly={readOnly} />
        ) : (
          <pre>{JSON.stringify(node.data.config, null, 2)}</pre>
        )}
      </fieldset>
      {!readOnly && (
        <button type="button" className="link danger" onClick={() => onDelete(node.id)} data-action="delete-node">
          Delete this step
        </button>
      )}
    </div>
  );
}

function LiveLegend({ counts }: { counts: Record<string, Counts> | null }) {
  const totals = Object.values(counts ?? {}).reduce(
    (t, c) => ({ entered: t.entered + c.entered, waiting: t.waiting + c.waiting, exited: t.exited + c.exited, sent: t.sent + c.sent }),
    { entered: 0, waiting: 0, exited: 0, sent: 0 },
  );
  return (
    <section className="live-legend">
      <h3>Live version</h3>
      <p className="pf-hint">Read-only. Counts update live, within a second or two of contacts moving.</p>
      <table className="counts-table" data-testid="live-totals">
        <tbody>
          <tr><th>waiting now</th><td>{totals.waiting}</td></tr>
          <tr><th>left the journey</th><td>{totals.exited}</td></tr>
          <tr><th>messages sent</th><td>{totals.sent}</td></tr>
        </tbody>
      </table>
    </section>
  );
}
