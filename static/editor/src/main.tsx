/** Entry point: reads the boot data the Django page embeds and mounts the editor. */
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { createRoot } from "react-dom/client";
import { Editor, type Boot } from "./Editor";
import "./styles.css";

const mount = document.getElementById("journey-editor");
const bootScript = document.getElementById("journey-editor-boot");
if (mount && bootScript) {
  const boot = JSON.parse(bootScript.textContent || "{}") as Boot;
  createRoot(mount).render(
    <ReactFlowProvider>
      <Editor boot={boot} />
    </ReactFlowProvider>,
  );
}
