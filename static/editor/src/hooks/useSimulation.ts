/**
 * The Test panel's dry run: save the draft when it has unsaved changes (the server simulates the
 * saved version), call `simulate`, and keep the path the canvas draws. A newer run aborts the one
 * before. The test-send poller also shows its run through `show`, so the last action wins.
 */
import { useCallback, useRef, useState } from "react";
import type { SimResult } from "../simulation";
import { simulateJourney, type SimulateInput } from "../testApi";

export type SimStatus = { kind: "idle" } | { kind: "running" } | { kind: "error"; error: string };

interface Options {
  journeyId: number;
  readOnly: boolean;
  dirty: boolean;
  save: () => Promise<void>;
}

export function useSimulation({ journeyId, readOnly, dirty, save }: Options) {
  const [result, setResult] = useState<SimResult | null>(null);
  const [status, setStatus] = useState<SimStatus>({ kind: "idle" });
  const pending = useRef<AbortController | null>(null);

  const run = useCallback(
    async (input: SimulateInput) => {
      pending.current?.abort();
      const controller = new AbortController();
      pending.current = controller;
      setStatus({ kind: "running" });
      try {
        if (dirty && !readOnly) await save();
        const next = await simulateJourney(journeyId, { ...input, version: readOnly ? "live" : "draft" }, controller.signal);
        if (controller.signal.aborted) return;
        setResult(next);
        setStatus({ kind: "idle" });
      } catch (e) {
        if (controller.signal.aborted) return;
        setStatus({ kind: "error", error: (e as Error).message });
      }
    },
    [journeyId, readOnly, dirty, save],
  );

  const clear = useCallback(() => {
    pending.current?.abort();
    setResult(null);
    setStatus({ kind: "idle" });
  }, []);

  return { result, status, run, clear, show: setResult };
}
