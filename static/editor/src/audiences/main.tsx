/** Entry point of the audiences bundle: the segment editor of /audiences/new and /audiences/<key>/. */
import { createRoot } from "react-dom/client";
import "../i18n"; // initialises the catalogues before the first render
import { SegmentEditor, type SegmentBoot } from "./SegmentEditor";

const mount = document.getElementById("segment-editor");
const script = document.getElementById("segment-editor-boot");
if (mount && script) {
  const boot = JSON.parse(script.textContent || "{}") as SegmentBoot;
  createRoot(mount).render(<SegmentEditor boot={boot} />);
}
