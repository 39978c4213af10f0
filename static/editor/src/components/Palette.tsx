/** The eight node types, dragged onto the canvas (or clicked to add in the middle). */
import type { DragEvent } from "react";
import { PALETTE } from "../nodeTypes";
import type { NodeType } from "../spec";
import { useTranslation } from "react-i18next";
import { kindHint, kindLabel } from "../nodeTypes/labels";

export const DND_MIME = "application/x-journey-node";

export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const { t } = useTranslation();
  const start = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(DND_MIME, type);
    event.dataTransfer.setData("text/plain", type);
    event.dataTransfer.effectAllowed = "move";
  };
  return (
    <section className="palette" aria-label={t("palette.label")}>
      <h3>{t("palette.title")}</h3>
      {PALETTE.map((kind) => (
        <div
          key={kind.type}
          className={`palette-item jn-${kind.type}`}
          draggable
          role="button"
          tabIndex={0}
          data-palette={kind.type}
          title={t("palette.itemTitle", { hint: kindHint(kind) })}
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
            <b>{kindLabel(kind)}</b>
            <small>{kindHint(kind)}</small>
          </span>
        </div>
      ))}
    </section>
  );
}
