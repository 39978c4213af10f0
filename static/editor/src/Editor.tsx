/**
 * The journey editor: toolbar, review bar, banners, palette / findings, canvas, side panel.
 *
 * A shell over one hook per concern: the state and its undo history (useFlowHistory), canvas
 * edits (useCanvasEditing), server validation (useValidation), saving with ETags (useDraftSave),
 * the status and permissions the server gives (useWorkflow), live counts (useLiveCounts),
 * clipboard and keyboard shortcuts, import / export, and the first view (useFirstView).
 */
import { Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Boot } from "./boot";
import { ConflictBanner, NoticeBanner } from "./components/Banners";
import { Datalists } from "./components/Datalists";
import { IssuesPanel } from "./components/IssuesPanel";
import { LiveLegend } from "./components/LiveLegend";
import { NodePanel } from "./components/NodePanel";
import { Palette } from "./components/Palette";
import { SettingsPanel } from "./components/SettingsPanel";
import { TestPanel } from "./components/TestPanel";
import { Toolbar } from "./components/Toolbar";
import { CanvasContext, SuggestionsContext } from "./context";
import { GRID, useCanvasEditing } from "./hooks/useCanvasEditing";
import { useClipboard } from "./hooks/useClipboard";
import { useDraftSave } from "./hooks/useDraftSave";
import { useFirstView } from "./hooks/useFirstView";
import { useFlowHistory } from "./hooks/useFlowHistory";
import { useJourneyFile } from "./hooks/useJourneyFile";
import { useJourneyName } from "./hooks/useJourneyName";
import { useLiveCounts } from "./hooks/useLiveCounts";
import { useNotice } from "./hooks/useNotice";
import { useShortcuts } from "./hooks/useShortcuts";
import { useSimulation } from "./hooks/useSimulation";
import { useTestSend } from "./hooks/useTestSend";
import { useValidation } from "./hooks/useValidation";
import { useWorkflow } from "./hooks/useWorkflow";
import { flowNodeTypes } from "./nodeTypes";
import { ReviewBar, diffClasses, type Diff } from "./Review";
import { EMPTY_PATH, edgePathClass, nodePathClass, pathView } from "./simulation";
import { SimulationContext } from "./simulationContext";
import { flowToGraph, graphKey, graphToFlow, type FlowEdge, type FlowNode } from "./spec";
import { useTranslation } from "react-i18next";

export type { Boot } from "./boot";

const DEFAULT_EDGE = { type: "smoothstep", markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const KIND_COLORS: Record<string, string> = {
  trigger: "#7c3aed", wait: "#0891b2", wait_event: "#0e7490", split: "#db2777",
  branch: "#ea580c", send: "#2563eb", update: "#65a30d", exit: "#475467",
};
const minimapColor = (node: FlowNode) => KIND_COLORS[node.type ?? ""] ?? "#98a2b3";

export function Editor({ boot }: { boot: Boot }) {
  const { t } = useTranslation();
  const readOnly = boot.mode === "live";
  const journeyId = boot.journey.id;

  const initial = useMemo(() => graphToFlow(boot.graph), [boot.graph]);
  const { flow, flowRef, present, update, resetTo, flushCommit, undo, redo, canUndo, canRedo } = useFlowHistory(initial);
  const committedGraph = useMemo(() => flowToGraph(present), [present]);
  const committedKey = useMemo(() => graphKey(committedGraph), [committedGraph]);

  const [notice, setNotice] = useNotice();
  const { issues, setIssues, checking, issuesByNode, errorCount } = useValidation(journeyId, committedGraph, committedKey, !readOnly);
  const { versionStatus, workflow, setVersionStatus, refresh, act } = useWorkflow(boot, setIssues, setNotice);
  const { counts, liveState } = useLiveCounts(boot.ws_path, boot.counts);
  const canvas = useCanvasEditing(flowRef, update, readOnly);
  const { fitSoon } = canvas;
  const draft = useDraftSave({
    journeyId, readOnly, etag: boot.etag, version: boot.version, flowRef, committedKey, flushCommit, resetTo,
    setIssues, setNotice, setVersionStatus, onReloaded: fitSoon,
  });
  const { name, setName, commitName } = useJourneyName(journeyId, boot.journey.name, setNotice);
  const file = useJourneyFile({ journeyId, journeyName: name, flowRef, update, setNotice, onImported: fitSoon });
  const clipboard = useClipboard(flowRef, update, setNotice);
  const { save } = draft;
  const [testOpen, setTestOpen] = useState(false);
  const toggleTest = useCallback(() => setTestOpen((open) => !open), []);
  useShortcuts(readOnly, { save, undo, redo, copy: clipboard.copy, paste: clipboard.paste, toggleTest });
  const simulation = useSimulation({ journeyId, readOnly, dirty: draft.dirty, save });
  const testSend = useTestSend(journeyId, simulation.show);
  const shownPath = useMemo(
    () => (simulation.result ? pathView(simulation.result, flow.edges) : EMPTY_PATH),
    [simulation.result, flow.edges],
  );
  const onInit = useFirstView(flow.nodes);

  const [diffByNode, setDiffByNode] = useState<Record<string, string>>({});
  const onDiff = useCallback((d: Diff | null) => setDiffByNode(diffClasses(d)), []);

  // A read-only handle for tests and the console: the graph as it would be saved.
  useEffect(() => {
    (window as unknown as { journeyEditor: object }).journeyEditor = {
      graph: () => flowToGraph(flowRef.current),
      committedGraph: () => committedGraph,
    };
  });

  const displayNodes = useMemo(
    () =>
      flow.nodes.map((n) => {
        const list = issuesByNode[n.id];
        const issueCls = list ? (list.some((i) => i.severity === "error") ? "has-error" : "has-warning") : undefined;
        const cls = [issueCls, diffByNode[n.id], nodePathClass(shownPath, n.id)].filter(Boolean).join(" ") || undefined;
        return cls === n.className ? n : { ...n, className: cls };
      }),
    [flow.nodes, issuesByNode, diffByNode, shownPath],
  );
  const displayEdges = useMemo(
    () =>
      flow.edges.map((e) => {
        const cls = edgePathClass(shownPath, e.id);
        return cls === e.className ? e : { ...e, className: cls, animated: cls === "sim-taken" };
      }),
    [flow.edges, shownPath],
  );

  const selectedNodes = flow.nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? selectedNodes[0] : null;
  const canvasInfo = useMemo(() => ({ issuesByNode, counts: readOnly ? counts : null, readOnly }), [issuesByNode, counts, readOnly]);
  // Whether the user may submit is the server's `can_submit`; this is only whether the draft is ready.
  const submitBlocked = draft.dirty
    ? t("editor.saveFirst")
    : checking
      ? t("editor.checking")
      : errorCount > 0
        ? t("editor.fixErrorsFirst", { count: errorCount })
        : null;

  return (
    <SuggestionsContext.Provider value={boot.suggestions}>
      <CanvasContext.Provider value={canvasInfo}>
        <SimulationContext.Provider value={shownPath}>
        <div className={`editor ${readOnly ? "is-readonly" : ""}`} data-mode={boot.mode}>
          <Toolbar
            boot={boot}
            readOnly={readOnly}
            workflow={workflow}
            name={name}
            onName={setName}
            onNameCommit={(value) => void commitName(value)}
            version={draft.version}
            versionStatus={versionStatus}
            dirty={draft.dirty}
            saving={draft.saving}
            liveState={liveState}
            canUndo={canUndo}
            canRedo={canRedo}
            onUndo={undo}
            onRedo={redo}
            onLayout={() => void canvas.layout()}
            onImport={(f) => void file.importFile(f)}
            onExport={file.exportFile}
            submitBlocked={submitBlocked}
            onAct={(action) => void act(action)}
            onSave={() => void save()}
          />
          <ReviewBar
            journeyId={journeyId}
            mode={boot.mode}
            version={draft.version}
            versionStatus={versionStatus}
            workflow={workflow}
            historyUrl={boot.links.history ?? `/journeys/${journeyId}/history/`}
            onJourneyChanged={refresh}
            onDiff={onDiff}
            onNotice={setNotice}
          />
          {draft.conflict && (
            <ConflictBanner detail={draft.conflict} onReload={() => void draft.reload()} onOverwrite={() => void draft.overwrite()} />
          )}
          {notice && <NoticeBanner notice={notice} onDismiss={() => setNotice(null)} />}
          <div className="workspace">
            <aside className="left">
              {readOnly ? <LiveLegend counts={counts} /> : <Palette onAdd={(t) => canvas.addNode(t)} />}
              {!readOnly && <IssuesPanel issues={issues} checking={checking} onPick={canvas.focusNode} />}
            </aside>
            <main className="canvas" onDragOver={canvas.onDragOver} onDrop={canvas.onDrop}>
              <ReactFlow<FlowNode, FlowEdge>
                nodes={displayNodes}
                edges={displayEdges}
                nodeTypes={flowNodeTypes}
                onNodesChange={canvas.onNodesChange}
                onEdgesChange={canvas.onEdgesChange}
                onConnect={canvas.onConnect}
                isValidConnection={canvas.isValidConnection}
                onInit={onInit}
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
              <button type="button" className="test-toggle" data-action="test-panel" onClick={toggleTest} title={t("editor.testTitle")}>
                {t("editor.test")}
              </button>
            </main>
            <aside className="right">
              {testOpen ? (
                <TestPanel
                  readOnly={readOnly}
                  canTestSend={workflow.can_edit}
                  simulation={simulation}
                  testSend={testSend}
                  saveFirst={() => (draft.dirty ? save() : Promise.resolve())}
                  onPick={canvas.focusNode}
                  onClose={toggleTest}
                />
              ) : selected ? (
                <NodePanel
                  key={selected.id}
                  node={selected}
                  issues={issuesByNode[selected.id] ?? []}
                  counts={readOnly ? counts?.[selected.id] ?? null : null}
                  readOnly={readOnly}
                  onChange={canvas.changeConfig}
                  onDelete={canvas.deleteNode}
                />
              ) : selectedNodes.length > 1 ? (
                <div className="panel-body">
                  <h3>{t("editor.stepsSelected", { count: selectedNodes.length })}</h3>
                  <p className="pf-hint">{t("editor.selectionHint")}</p>
                </div>
              ) : (
                <SettingsPanel settings={flow.settings} onChange={canvas.changeSettings} readOnly={readOnly} />
              )}
            </aside>
          </div>
          <Datalists suggestions={boot.suggestions} />
        </div>
        </SimulationContext.Provider>
      </CanvasContext.Provider>
    </SuggestionsContext.Provider>
  );
}
