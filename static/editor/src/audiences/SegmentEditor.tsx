/**
 * The segment editor: name, key, kind, the journey editor's condition builder for a dynamic segment
 * (with the live size and sample beside it), a CSV of userIds for a static one. The server decides who
 * may save (`can_edit`, checked again by the API); everyone may preview.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api";
import { ConditionBuilder } from "../components/ConditionBuilder";
import { Datalists } from "../components/Datalists";
import type { Suggestions } from "../context";
import { newRule, type Cond } from "../conditions";
import type { Json } from "../spec";
import { addMembersCsv, saveSegment, type SegmentDoc } from "./api";
import { describeMembers, keyFromName } from "./logic";
import { resetAudienceOptions } from "./options";
import { PreviewPanel } from "./PreviewPanel";
import { StaticMembers } from "./StaticMembers";
import { useSegmentPreview } from "./usePreview";

export interface SegmentBoot {
  segment: SegmentDoc | null;
  can_edit: boolean;
  links: { list: string; contacts: string | null; csv: string | null };
  /** Event, trait and property names seen lately, for the rule inputs' suggestions. */
  suggestions: Suggestions;
}

const blank = (): SegmentDoc => ({ key: "", name: "", description: "", kind: "dynamic", condition: { all: [newRule(false)] } });

export function SegmentEditor({ boot }: { boot: SegmentBoot }) {
  const { t } = useTranslation();
  const existing = boot.segment;
  const [doc, setDoc] = useState<SegmentDoc>(existing ?? blank());
  const [keyTouched, setKeyTouched] = useState(Boolean(existing));
  const [pendingCsv, setPendingCsv] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const readOnly = !boot.can_edit;
  const preview = useSegmentPreview(doc.condition, doc.kind === "dynamic");

  const set = (patch: Partial<SegmentDoc>) => setDoc((d) => ({ ...d, ...patch }));
  const rename = (name: string) => set(keyTouched ? { name } : { name, key: keyFromName(name) });

  async function save() {
    setSaving(true);
    setNotice(null);
    try {
      const saved = await saveSegment(doc, existing ? existing.key : null);
      let text = existing ? t("audiences.saved") : t("audiences.created");
      if (doc.kind === "static" && pendingCsv !== null) {
        text += t("audiences.membersAdded", { result: describeMembers(await addMembersCsv(saved.key ?? doc.key, pendingCsv)) });
        setPendingCsv(null);
      }
      resetAudienceOptions();
      if (!existing) {
        window.location.assign(`/audiences/${encodeURIComponent(saved.key ?? doc.key)}/`);
        return;
      }
      setDoc((d) => ({ ...d, ...saved }));
      setNotice({ kind: "ok", text });
    } catch (err) {
      setNotice({ kind: "error", text: err instanceof ApiError ? err.detail : String(err) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="editor seg-editor">
      <Datalists suggestions={boot.suggestions} />
      <div className="toolbar">
        <a className="back" href={boot.links.list} title={t("audiences.all")}>
          ←
        </a>
        <input
          type="text"
          className="journey-name"
          aria-label={t("audiences.nameLabel")}
          name="segment-name"
          placeholder={t("audiences.namePlaceholder")}
          value={doc.name}
          disabled={readOnly}
          onChange={(e) => rename(e.target.value)}
        />
        <span className="status">{t(`audiences.kind.${doc.kind}`)}</span>
        <span className="spacer" />
        {boot.links.contacts && <a href={boot.links.contacts}>{t("audiences.members")}</a>}
        {boot.links.csv && (
          <a href={boot.links.csv} download>
            CSV
          </a>
        )}
        {!readOnly && (
          <button type="button" className="primary" data-testid="save-segment" disabled={saving || !doc.name || !doc.key} onClick={save}>
            {saving ? t("toolbar.saving") : existing ? t("audiences.save") : t("audiences.create")}
          </button>
        )}
      </div>
      {notice && (
        <div className={`banner banner-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="segment-notice">
          {notice.text}
        </div>
      )}
      {readOnly && <div className="banner">{t("audiences.readOnly")}</div>}
      <div className="seg-body">
        <section className="seg-main">
          <label className="pf">
            <span className="pf-label">{t("audiences.key")}</span>
            <input
              type="text"
              name="segment-key"
              value={doc.key}
              disabled={readOnly || Boolean(existing)}
              onChange={(e) => {
                setKeyTouched(true);
                set({ key: e.target.value });
              }}
            />
            <span className="pf-hint">{t("audiences.keyHint", { example: `{"segment": "${doc.key || "…"}"}` })}</span>
          </label>
          <label className="pf">
            <span className="pf-label">{t("audiences.description")}</span>
            <input type="text" name="segment-description" value={doc.description} disabled={readOnly} onChange={(e) => set({ description: e.target.value })} />
          </label>
          {!existing && (
            <label className="pf">
              <span className="pf-label">{t("audiences.kindLabel")}</span>
              <select name="segment-kind" value={doc.kind} disabled={readOnly} onChange={(e) => set({ kind: e.target.value as SegmentDoc["kind"] })}>
                <option value="dynamic">{t("audiences.dynamic")}</option>
                <option value="static">{t("audiences.static")}</option>
              </select>
            </label>
          )}
          {doc.kind === "dynamic" ? (
            <div className="pf pf-section">
              <span className="pf-label">{t("audiences.whoMatch")}</span>
              <ConditionBuilder name="segment" value={doc.condition as Json} disabled={readOnly} onChange={(condition: Cond) => set({ condition })} />
            </div>
          ) : (
            <StaticMembers segmentKey={existing?.key ?? null} readOnly={readOnly} pending={pendingCsv} onPending={setPendingCsv} size={doc.size} />
          )}
        </section>
        {doc.kind === "dynamic" && <PreviewPanel state={preview} savedSize={existing?.size} />}
      </div>
    </div>
  );
}
