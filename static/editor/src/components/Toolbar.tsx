/**
 * The editor's toolbar: back link, journey name, version status, save / live state, undo / redo,
 * layout, import / export, and the workflow buttons the server allows (`Workflow` flags).
 */
import { useRef } from "react";
import type { Boot, Workflow } from "../boot";
import type { LiveState } from "../hooks/useLiveCounts";

interface Props {
  boot: Boot;
  readOnly: boolean;
  workflow: Workflow;
  name: string;
  onName: (name: string) => void;
  onNameCommit: (name: string) => void;
  version: number | null;
  versionStatus: string | null;
  dirty: boolean;
  saving: boolean;
  liveState: LiveState;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onImport: (file: File) => void;
  onExport: () => void;
  /** Why submitting is not possible yet (unsaved, unchecked, errors), or null. */
  submitBlocked: string | null;
  onAct: (action: "submit" | "publish") => void;
  onSave: () => void;
}

export function Toolbar(p: Props) {
  const { boot, readOnly, workflow, versionStatus } = p;
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <header className="toolbar">
      <a className="back" href={boot.links.list} title="All journeys">
        ←
      </a>
      <input
        className="journey-name"
        aria-label="Journey name"
        value={p.name}
        disabled={readOnly}
        onChange={(e) => p.onName(e.target.value)}
        onBlur={(e) => p.onNameCommit(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
      />
      <span className={`status status-${readOnly ? "live" : versionStatus ?? "draft"}`} data-testid="version-status">
        {readOnly ? `live v${p.version}` : `${versionStatus ?? "draft"} v${p.version ?? "?"}`}
      </span>
      {!readOnly && (
        <span className={`save-state ${p.dirty ? "is-dirty" : "is-saved"}`} data-testid="save-state">
          {p.saving ? "Saving…" : p.dirty ? "● Unsaved changes" : "All changes saved"}
        </span>
      )}
      {readOnly && (
        <span className={`live-state ${p.liveState.connected ? "on" : "off"}`} data-testid="live-state">
          {p.liveState.connected ? "● live" : "○ connecting…"}
          {p.liveState.at && ` · updated ${p.liveState.at.toLocaleTimeString()}`}
        </span>
      )}
      <span className="spacer" />
      {!readOnly && (
        <>
          <button type="button" onClick={p.onUndo} disabled={!p.canUndo} title="Undo (Ctrl+Z)" data-action="undo">
            ↶ Undo
          </button>
          <button type="button" onClick={p.onRedo} disabled={!p.canRedo} title="Redo (Ctrl+Shift+Z)" data-action="redo">
            ↷ Redo
          </button>
          <button type="button" onClick={p.onLayout} title="Arrange the steps automatically" data-action="layout">
            Auto-layout
          </button>
          {workflow.can_edit && (
            <button type="button" onClick={() => fileInput.current?.click()} title="Replace this draft with a schema-1 JSON file" data-action="import">
              Import
            </button>
          )}
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) p.onImport(file);
              e.target.value = "";
            }}
          />
        </>
      )}
      <button type="button" onClick={p.onExport} title="Download as schema-1 JSON" data-action="export">
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
          {workflow.can_submit && (
            <button
              type="button"
              onClick={() => p.onAct("submit")}
              disabled={p.submitBlocked !== null}
              title={p.submitBlocked ?? "Send this draft to an approver"}
              data-action="submit"
            >
              Submit for approval
            </button>
          )}
          {workflow.can_publish && (
            <button
              type="button"
              className="primary"
              onClick={() => p.onAct("publish")}
              title="Make this approved version the live version"
              data-action="publish"
            >
              Publish
            </button>
          )}
          {workflow.can_edit && (
            <button type="button" className="primary" onClick={p.onSave} disabled={p.saving} title="Save draft (Ctrl+S)" data-action="save">
              Save draft
            </button>
          )}
        </>
      )}
    </header>
  );
}
