/**
 * The ordered channel list of a send with fallback: one row per channel with its template, reordered by
 * dragging a row, by its ↑/↓ buttons, or from the keyboard (Alt+↑ / Alt+↓ on a focused row).
 */
import { useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { label, moveRow, type ChannelRow } from "../channelOrder";
import { useTemplates } from "../hooks/useTemplates";

function TemplateChoice({ row, readOnly, onChange }: { row: ChannelRow; readOnly: boolean; onChange: (slug: string) => void }) {
  const { t } = useTranslation();
  const { templates, error, loading } = useTemplates(row.channel);
  const known = templates.some((x) => x.slug === row.template);
  return (
    <select
      name={`template-${row.channel}`}
      aria-label={t("send.channelTemplate", { channel: label(row.channel) })}
      value={row.template}
      disabled={readOnly}
      title={error ? t("send.templatesFailed", { error }) : undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">
        {loading ? t("send.loading") : templates.length ? t("send.chooseTemplate") : t("send.noTemplatesYet", { channel: label(row.channel) })}
      </option>
      {row.template && !known && !loading && <option value={row.template}>{t("send.missingTemplate", { slug: row.template })}</option>}
      {templates.map((x) => (
        <option key={x.slug} value={x.slug}>
          {x.slug}
        </option>
      ))}
    </select>
  );
}

export function ChannelList({
  rows,
  channels,
  readOnly,
  orderable = true,
  onChange,
}: {
  rows: ChannelRow[];
  /** every channel a send may use, in display order */
  channels: readonly string[];
  readOnly: boolean;
  /** false when the runtime decides the order ("auto"): no dragging, no up/down */
  orderable?: boolean;
  onChange: (rows: ChannelRow[]) => void;
}) {
  const { t } = useTranslation();
  const [dragged, setDragged] = useState<number | null>(null);
  const canMove = orderable && !readOnly;
  const move = (from: number, to: number) => onChange(moveRow(rows, from, to));
  const onKey = (index: number) => (e: KeyboardEvent<HTMLLIElement>) => {
    if (!canMove || !e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    const to = index + (e.key === "ArrowUp" ? -1 : 1);
    move(index, to);
    // Keep the focus on the moved row, now at its new place.
    const list = e.currentTarget.parentElement;
    requestAnimationFrame(() => (list?.children[Math.max(0, Math.min(rows.length - 1, to))] as HTMLElement | undefined)?.focus());
  };
  const unused = channels.filter((c) => !rows.some((r) => r.channel === c));
  return (
    <div className="jn-channel-list">
      <ol aria-label={t("send.channelList")}>
        {rows.map((row, index) => (
          <li
            key={row.channel}
            tabIndex={0}
            draggable={canMove}
            data-channel={row.channel}
            className={dragged === index ? "jn-dragging" : undefined}
            aria-label={`${index + 1}. ${label(row.channel)}`}
            onKeyDown={onKey(index)}
            onDragStart={(e) => {
              setDragged(index);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", String(index));
            }}
            onDragOver={(e) => {
              if (dragged !== null) e.preventDefault();
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragged !== null) move(dragged, index);
              setDragged(null);
            }}
            onDragEnd={() => setDragged(null)}
          >
            {canMove && (
              <span className="jn-drag-handle" aria-hidden="true">
                ⠿
              </span>
            )}
            <span className={`jn-chip jn-chip-${row.channel}`}>{label(row.channel)}</span>
            <TemplateChoice
              row={row}
              readOnly={readOnly}
              onChange={(slug) => onChange(rows.map((r, i) => (i === index ? { ...r, template: slug } : r)))}
            />
            {orderable && (
              <>
                <button type="button" aria-label={t("send.moveUp", { channel: label(row.channel) })} disabled={!canMove || index === 0} onClick={() => move(index, index - 1)}>
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t("send.moveDown", { channel: label(row.channel) })}
                  disabled={!canMove || index === rows.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  ↓
                </button>
              </>
            )}
            <button
              type="button"
              aria-label={t("send.remove", { channel: label(row.channel) })}
              disabled={readOnly || rows.length <= 1}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {!readOnly && unused.length > 0 && (
        <select
          name="add-channel"
          aria-label={t("send.addChannel")}
          value=""
          onChange={(e) => e.target.value && onChange([...rows, { channel: e.target.value, template: "" }])}
        >
          <option value="">{t("send.addChannelOption")}</option>
          {unused.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
