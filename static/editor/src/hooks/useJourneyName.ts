/** The journey's name in the toolbar: edited freely, renamed on the server when the field is left. */
import { useCallback, useRef, useState } from "react";
import { renameJourney } from "../api";
import { t } from "../i18n";
import type { SetNotice } from "./useNotice";

export function useJourneyName(journeyId: number, initial: string, setNotice: SetNotice) {
  const [name, setName] = useState(initial);
  const saved = useRef(initial);

  const commitName = useCallback(
    async (value: string) => {
      const trimmed = value.trim();
      if (!trimmed || trimmed === saved.current) return;
      try {
        await renameJourney(journeyId, trimmed);
        document.title = `${trimmed} · Journeys`;
        saved.current = trimmed;
      } catch (e) {
        setNotice({ kind: "error", text: t("notice.renameFailed", { reason: (e as Error).message }) });
      }
    },
    [journeyId, setNotice],
  );

  return { name, setName, commitName };
}
