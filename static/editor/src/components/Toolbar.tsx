/**
 * The editor's toolbar: back link, journey name, version status, save / live state, undo / redo,
 * layout, import / export, and the workflow buttons the server allows (`Workflow` flags).
 */
import { useRef } from "react";
import type { Boot, Workflow } from "../boot";
import type { LiveState } from "../hooks/useLiveCounts";
import { useTranslation } from "react-i18next";
import { formatTime } from "../i18n";

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
  const { t } = useTranslation();
  return (
    <header className="toolbar">
      <a className="back" href={boot.links.list} title={t("toolbar.allJourneys")}>
        ←
      </a>
      <input
        className="journey-name"
        aria-label={t("toolbar.journeyName")}
        value={p.name}
        disabled={readOnly}
        onChange={(e) => p.onName(e.target.value)}
        onBlur={(e) => p.onNameCommit(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
      />
      <span className={`status status-${readOnly ? "live" : versionStatus ?? "draft"}`} data-testid="version-status">
        {readOnly
          ? t("toolbar.liveVersion", { version: p.version })
          : t("toolbar.versionStatus", { status: t(`status.${versionStatus ?? "draft"}`), version: p.version ?? "?" })}
      </span>
      {!readOnly && (
        <span className={`save-state ${p.dirty ? "is-dirty" : "is-saved"}`} data-testid="save-state">
          {p.saving ? t("toolbar.saving") : p.dirty ? t("toolbar.unsaved") : t("toolbar.saved")}
        </span>
      )}
      {readOnly && (
        <span className={`live-state ${p.liveState.connected ? "on" : "off"}`} data-testid="live-state">
          {p.liveState.connected ? t("toolbar.liveOn") : t("toolbar.connecting")}
          {p.liveState.at && t("toolbar.updatedAt", { time: formatTime(p.liveState.at) })}
        </span>
      )}
      <span className="spacer" />
      {!readOnly && (
        <>
          <button type="button" onClick={p.onUndo} disabled={!p.canUndo} title={t("toolbar.undoTitle")} data-action="undo">
            {t("toolbar.undo")}
          </button>
          <button type="button" onClick={p.onRedo} disabled={!p.canRedo} title={t("toolbar.redoTitle")} data-action="redo">
            {t("toolbar.redo")}
          </button>
          <button type="button" onClick={p.onLayout} title={t("toolbar.layoutTitle")} data-action="layout">
            {t("toolbar.layout")}
          </button>
          {workflow.can_edit && (
            <button type="button" onClick={() => fileInput.current?.click()} title={t("toolbar.importTitle")} data-action="import">
              {t("toolbar.import")}
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
      <button type="button" onClick={p.onExport} title={t("toolbar.exportTitle")} data-action="export">
        {t("toolbar.export")}
      </button>
      {readOnly ? (
        boot.links.edit && (
          <a className="button" href={boot.links.edit}>
            {boot.journey.draft_version ? t("toolbar.openDraft", { version: boot.journey.draft_version }) : t("toolbar.editAsDraft")}
          </a>
        )
      ) : (
        <>
          {boot.links.live && (
            <a className="button" href={boot.links.live}>
              {t("toolbar.liveLink", { version: boot.journey.live_version })}
            </a>
          )}
          {workflow.can_submit && (
            <button
              type="button"
              onClick={() => p.onAct("submit")}
              disabled={p.submitBlocked !== null}
              title={p.submitBlocked ?? t("toolbar.submitTitle")}
              data-action="submit"
            >
              {t("toolbar.submit")}
            </button>
          )}
          {workflow.can_publish && (
            <button
              type="button"
              className="primary"
              onClick={() => p.onAct("publish")}
              title={t("toolbar.publishTitle")}
              data-action="publish"
            >
              {t("toolbar.publish")}
            </button>
          )}
          {workflow.can_edit && (
            <button type="button" className="primary" onClick={p.onSave} disabled={p.saving} title={t("toolbar.saveTitle")} data-action="save">
              {t("toolbar.save")}
            </button>
          )}
        </>
      )}
    </header>
  );
}
