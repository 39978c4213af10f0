/** Entry point: reads the boot data the Django page embeds and mounts the editor. */
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { createRoot } from "react-dom/client";
import { bootFrom } from "./boot";
import { Editor } from "./Editor";
import "./styles.css";

const mount = document.getElementById("journey-editor");
const boot = bootFrom(document);
if (mount && boot) {
  createRoot(mount).render(
    <ReactFlowProvider>
      <Editor boot={boot} />
    </ReactFlowProvider>,
  );
}
