/** The eight node types, dragged onto the canvas (or clicked to add in the middle). */
import type { DragEvent } from "react";
import { PALETTE } from "../nodeTypes";
import type { NodeType } from "../spec";

export const DND_MIME = "application/x-journey-node";

export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const start = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(DND_MIME, type);
    event.dataTransfer.setData("text/plain", type);
    event.dataTransfer.effectAllowed = "move";
  };
  return (
    <section className="palette" aria-label="Node palette">
      <h3>Add a step</h3>
      {PALETTE.map((kind) => (
        <div
          key={kind.type}
          className={`palette-item jn-${kind.type}`}
          draggable
          role="button"
          tabIndex={0}
          data-palette={kind.type}
          title={`${kind.hint}. Drag onto the canvas, or press Enter to add.`}
          onDragStart={(e) => start(e, kind.type)}
          onDoubleClick={() => onAdd(kind.type)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              onAdd(kind.type);
            }
          }}
        >
          <span className="palette-icon" aria-hidden>
            {kind.icon}
          </span>
          <span>
            <b>{kind.label}</b>
            <small>{kind.hint}</small>
          </span>
        </div>
      ))}
    </section>
  );
}
