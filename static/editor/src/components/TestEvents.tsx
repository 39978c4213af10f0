/** The Test panel's list of events the contact does, each after a delay from the start. */
import { useTranslation } from "react-i18next";
import type { EventRow } from "../simulation";
import { DurationInput, LIST_EVENTS, TextInput } from "./fields";

interface Props {
  rows: EventRow[];
  onChange: (rows: EventRow[]) => void;
}

export const blankEvent = (): EventRow => ({ event: "", afterSeconds: 0, properties: "" });

export function TestEvents({ rows, onChange }: Props) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<EventRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div className="pf pf-section" data-testid="test-events">
      <div className="pf-section-head">
        <span className="pf-label">{t("test.events")}</span>
        <button type="button" className="link" data-action="add-test-event" onClick={() => onChange([...rows, blankEvent()])}>
          {t("test.addEvent")}
        </button>
      </div>
      {rows.length === 0 && <span className="pf-hint">{t("test.noEvents")}</span>}
      {rows.map((row, index) => (
        <div className="test-event" key={index} data-testid="test-event">
          <div className="pf-row">
            <TextInput
              name={`test-event-${index}`}
              value={row.event}
              list={LIST_EVENTS}
              placeholder={t("test.eventName")}
              onChange={(event) => set(index, { event })}
            />
            <button type="button" className="link danger" title={t("test.remove")} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              ✕
            </button>
          </div>
          <div className="pf-row">
            <span className="pf-hint">{t("test.after")}</span>
            {row.afterSeconds === 0 ? (
              <button type="button" className="link" onClick={() => set(index, { afterSeconds: 3600 })}>
                {t("test.atStart")}
              </button>
            ) : (
              <DurationInput
                name={`test-event-${index}-after`}
                seconds={row.afterSeconds}
                onChange={(afterSeconds) => set(index, { afterSeconds: afterSeconds ?? 0 })}
              />
            )}
          </div>
          <TextInput
            name={`test-event-${index}-properties`}
            value={row.properties}
            placeholder={t("test.propertiesPlaceholder", { example: '{"total": 80}' })}
            onChange={(properties) => set(index, { properties })}
          />
        </div>
      ))}
    </div>
  );
}
