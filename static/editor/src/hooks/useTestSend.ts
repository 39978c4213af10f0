/**
 * "Run test send": start the draft for one contact for real (waits shortened to 1 s, messages only to
 * test addresses) and follow the run by polling its status every second until it leaves the journey.
 * Polling rather than the live-counts socket: that socket carries a live version's tallies, not one run.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { SimResult } from "../simulation";
import { isFinished, startTestSend, testRunAsResult, testRunStatus, type TestRun } from "../testApi";

export const POLL_MS = 1000;
/** Stop following a run that never finishes (a long wait_event, say) after this long. */
const MAX_POLLS = 600;

export type TestSendStatus = { kind: "idle" } | { kind: "starting" } | { kind: "following" } | { kind: "error"; error: string };

export function useTestSend(journeyId: number, show: (result: SimResult | null) => void) {
  const [run, setRun] = useState<TestRun | null>(null);
  const [status, setStatus] = useState<TestSendStatus>({ kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);

  const stop = useCallback(() => {
    clearTimeout(timer.current);
    controller.current?.abort();
    controller.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(
    async (userId: string, to?: string, beforeStart?: () => Promise<void>) => {
      stop();
      const own = new AbortController();
      controller.current = own;
      setRun(null);
      setStatus({ kind: "starting" });
      try {
        if (beforeStart) await beforeStart();
        const started = await startTestSend(journeyId, userId, to);
        setStatus({ kind: "following" });
        let polls = 0;
        const poll = async () => {
          if (own.signal.aborted) return;
          try {
            const next = await testRunStatus(started.status_url, own.signal);
            if (own.signal.aborted) return;
            setRun(next);
            show(testRunAsResult(next));
            if (isFinished(next) || ++polls >= MAX_POLLS) {
              setStatus({ kind: "idle" });
              return;
            }
          } catch (e) {
            if (own.signal.aborted) return;
            setStatus({ kind: "error", error: (e as Error).message });
            return;
          }
          timer.current = setTimeout(() => void poll(), POLL_MS);
        };
        await poll();
      } catch (e) {
        if (!own.signal.aborted) setStatus({ kind: "error", error: (e as Error).message });
      }
    },
    [journeyId, show, stop],
  );

  /** Stop following and forget the run (a new simulation replaces it on the canvas). */
  const reset = useCallback(() => {
    stop();
    setRun(null);
    setStatus({ kind: "idle" });
  }, [stop]);

  return { run, status, start, stop, reset };
}
