/**
 * "Next five occurrences" of a date or schedule trigger, as the server computes them
 * (POST /api/v1/journeys/next-occurrences): debounced, a newer config aborts the request before.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format";
import type { Config } from "../spec";
import { nextOccurrences, type OccurrencesInput } from "../testApi";

const DEBOUNCE_MS = 300;

type State = { kind: "loading" } | { kind: "ready"; dates: string[] } | { kind: "error"; error: string };

interface Props {
  trigger: Config;
  /** For a date trigger: the moments a contact with this date value enters, not the daily checks. */
  sampleDate?: string;
  /** Stands in for a "contact" time zone. */
  timezone?: string;
}

export function NextOccurrences({ trigger, sampleDate, timezone }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: "loading" });
  const key = JSON.stringify([trigger, sampleDate, timezone]);
  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: "loading" });
    // The times do not depend on which segment: preview them before one is chosen.
    const previewed = "schedule" in trigger && !trigger.segment ? { ...trigger, segment: "(any)" } : trigger;
    const input: OccurrencesInput = { trigger: previewed, n: 5 };
    if (sampleDate) input.sample_date = sampleDate;
    if (timezone) input.timezone = timezone;
    const timer = setTimeout(() => {
      nextOccurrences(input, controller.signal)
        .then((dates) => !controller.signal.aborted && setState({ kind: "ready", dates }))
        .catch((e: Error) => !controller.signal.aborted && setState({ kind: "error", error: e.message }));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="pf occurrences" data-testid="next-occurrences">
      <span className="pf-label">{t("dateTrigger.nextFive")}</span>
      {state.kind === "loading" && <span className="pf-hint">…</span>}
      {state.kind === "error" && <span className="pf-error">{state.error}</span>}
      {state.kind === "ready" &&
        (state.dates.length === 0 ? (
          <span className="pf-hint">{t("dateTrigger.none")}</span>
        ) : (
          <ol className="occurrences-list">
            {state.dates.map((iso) => (
              <li key={iso} data-occurrence={iso} title={iso}>
                {formatDateTime(new Date(iso), {
                  weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
                  timeZoneName: "short",
                })}
              </li>
            ))}
          </ol>
        ))}
    </div>
  );
}
