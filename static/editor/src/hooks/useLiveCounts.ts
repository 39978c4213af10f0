/** Per-node counts of a live version over the websocket (journeys/consumers.py), reconnecting with backoff. */
import { useEffect, useState } from "react";
import type { Counts } from "../context";

export interface LiveState {
  connected: boolean;
  /** When the last counts arrived. */
  at: Date | null;
}

const MAX_RETRY_MS = 10000;

/** `wsPath` null: no socket, the boot counts stay as they are. */
export function useLiveCounts(wsPath: string | null, initial: Record<string, Counts> | null) {
  const [counts, setCounts] = useState<Record<string, Counts> | null>(initial);
  const [liveState, setLiveState] = useState<LiveState>({ connected: false, at: null });

  useEffect(() => {
    if (!wsPath) return;
    let ws: WebSocket | null = null;
    let stopped = false;
    let retry = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      ws = new WebSocket(`${scheme}://${window.location.host}${wsPath}`);
      ws.onopen = () => {
        retry = 0;
        setLiveState((s) => ({ ...s, connected: true }));
      };
      ws.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === "counts") {
          setCounts(message.counts);
          setLiveState({ connected: true, at: new Date() });
        }
      };
      ws.onclose = () => {
        setLiveState((s) => ({ ...s, connected: false }));
        if (!stopped) timer = setTimeout(connect, Math.min(MAX_RETRY_MS, 500 * 2 ** retry++));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [wsPath]);

  return { counts, liveState };
}
