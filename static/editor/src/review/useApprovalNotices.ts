/**
 * Live approval notices over /ws/approvals/ (approvers hear of submissions, authors of approvals and
 * rejections), reconnecting with backoff; not after 4401 (not logged in).
 */
import { useEffect } from "react";

export interface ApprovalNotice {
  journey: number;
  text: string;
  kind: string;
}

export function useApprovalNotices(path: string, onNotice: (notice: ApprovalNotice) => void) {
  useEffect(() => {
    let ws: WebSocket | null = null;
    let stopped = false;
    let delay = 1000;
    const connect = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      ws = new WebSocket(`${scheme}://${window.location.host}${path}`);
      ws.onmessage = (e) => onNotice(JSON.parse(e.data as string) as ApprovalNotice);
      ws.onclose = (e) => {
        if (stopped || e.code === 4401) return;
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      };
    };
    connect();
    return () => {
      stopped = true;
      ws?.close();
    };
  }, [path, onNotice]);
}
