/** Import (replace the canvas with a schema-1 file; one undo step, saved only when saved) and export. */
import { useCallback, type RefObject } from "react";
import { t } from "../i18n";
import { flowToGraph, graphToFlow, parseGraphFile, type FlowState } from "../spec";
import type { Update } from "./useFlowHistory";
import type { SetNotice } from "./useNotice";

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

interface Options {
  journeyId: number;
  journeyName: string;
  flowRef: RefObject<FlowState>;
  update: Update;
  setNotice: SetNotice;
  /** After an import replaced the canvas. */
  onImported: () => void;
}

export function useJourneyFile({ journeyId, journeyName, flowRef, update, setNotice, onImported }: Options) {
  const importFile = useCallback(
    async (file: File) => {
      try {
        const graph = parseGraphFile(await file.text());
        const next = graphToFlow(graph);
        update(() => next);
        setNotice({ kind: "ok", text: t("notice.imported", { file: file.name, count: graph.nodes.length }) });
        onImported();
      } catch (e) {
        setNotice({ kind: "error", text: t("notice.importFailed", { file: file.name, reason: (e as Error).message }) });
      }
    },
    [update, setNotice, onImported],
  );

  /** Download the graph on screen as a schema-1 file named after the journey. */
  const exportFile = useCallback(() => {
    const graph = flowToGraph(flowRef.current);
    const doc = { schema: graph.schema, name: journeyName, nodes: graph.nodes, edges: graph.edges, settings: graph.settings };
    const slug = journeyName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || `journey-${journeyId}`;
    download(`${slug}.json`, JSON.stringify(doc, null, 2) + "\n");
  }, [flowRef, journeyId, journeyName]);

  return { importFile, exportFile };
}
