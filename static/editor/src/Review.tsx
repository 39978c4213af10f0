/**
 * The approval workflow in the editor (design section 5): the version's status, the actions this
 * user may take (the server checks again), review comments, the diff against the live version
 * (listed here, highlighted on the canvas by the editor), and live notices over /ws/approvals/.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, csrfToken } from "./api";

export interface Workflow {
  user: string;
  roles: string[];
  is_editor: boolean;
  may_approve: boolean;
  live_status: string | null;
  notices_ws: string;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  comment: string;
  from_status: string | null;
  to_status: string | null;
  version: number;
  content_hash: string;
}

export interface Comment {
  id: number;
  version: number;
  author: string;
  node: string | null;
  body: string;
  created_at: string;
}

interface NodeRef {
  id: string;
  type: string;
}

interface ChangedNode extends NodeRef {
  fields: string[];
}

interface EdgeRef {
  source: string;
  port: string;
  target: string;
}

export interface Diff {
  version: number;
  base_version: number | null;
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: ChangedNode[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  settings_changed: boolean;
}

/** Node id -> the canvas class of its change ("diff-added" / "diff-changed"). */
export function diffClasses(diff: Diff | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!diff) return out;
  for (const n of diff.nodes.added) out[n.id] = "diff-added";
  for (const n of diff.nodes.changed) out[n.id] = "diff-changed";
  return out;
}

/** What a user may do, from their roles, the version's status and four eyes. */
export function allowedActions(wf: Workflow, status: string | null, mode: "edit" | "live"): string[] {
  const marketer = wf.roles.includes("marketer");
  const approver = wf.roles.includes("approver");
  const out: string[] = [];
  if (mode === "live") {
    if (approver && wf.live_status === "live") out.push("pause");
    if (approver && wf.live_status === "paused") out.push("resume");
    if (approver && wf.live_status) out.push("archive");
    return out;
  }
  if (status === "in_review") {
    if (marketer && wf.is_editor) out.push("withdraw");
    if (approver && wf.may_approve) out.push("approve");
    if (approver) out.push("reject");
  }
  if (status === "approved" && approver) out.push("publish");
  return out;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = parsed && typeof parsed === "object" && "detail" in parsed ? String((parsed as { detail: unknown }).detail) : `HTTP ${response.status}`;
    throw new ApiError(response.status, detail, parsed);
  }
  return parsed;
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`, null);
  return (await response.json()) as T;
}

const LABELS: Record<string, string> = {
  withdraw: "Withdraw", approve: "Approve", reject: "Reject", publish: "Publish", pause: "Pause", resume: "Resume", archive: "Archive",
};

export function ReviewBar(props: {
  journeyId: number;
  mode: "edit" | "live";
  version: number | null;
  versionStatus: string | null;
  workflow: Workflow;
  historyUrl: string;
  onStatus: (status: string | null) => void;
  onDiff: (diff: Diff | null) => void;
  onNotice: (notice: { kind: "ok" | "error"; text: string }) => void;
}) {
  const { journeyId, mode, versionStatus, workflow, onStatus, onDiff, onNotice } = props;
  const [comments, setComments] = useState<Comment[]>([]);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [showDiff, setShowDiff] = useState(false);
  const [showComments, setShowComments] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [rejectText, setRejectText] = useState("");
  const [commentText, setCommentText] = useState("");
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<AuditRow[] | null>(null);

  const toggleHistory = useCallback(async () => {
    if (history) {
      setHistory(null);
      return;
    }
    try {
      setHistory((await get<{ results: AuditRow[] }>(`/api/v1/journeys/${journeyId}/history`)).results.slice(0, 50));
    } catch (e) {
      onNotice({ kind: "error", text: `Could not load the history: ${(e as Error).message}` });
    }
  }, [history, journeyId, onNotice]);

  const loadComments = useCallback(async () => {
    try {
      const body = await get<{ results: Comment[] }>(`/api/v1/journeys/${journeyId}/comments`);
      setComments(body.results);
    } catch {
      /* comments are an aid; the editor works without them */
    }
  }, [journeyId]);

  useEffect(() => {
    void loadComments();
  }, [loadComments]);

  // Live notices: approvers hear of submissions, authors of approvals and rejections.
  useEffect(() => {
    let ws: WebSocket | null = null;
    let stopped = false;
    let delay = 1000;
    const connect = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      ws = new WebSocket(`${scheme}://${window.location.host}${workflow.notices_ws}`);
      ws.onmessage = (e) => {
        const n = JSON.parse(e.data as string) as { journey: number; text: string; kind: string };
        onNotice({ kind: "ok", text: n.text });
        if (n.journey !== journeyId) return;
        void loadComments();
        void get<{ draft_status: string | null }>(`/api/v1/journeys/${journeyId}/`).then((j) => {
          if (mode === "edit" && j.draft_status) onStatus(j.draft_status);
        });
      };
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
  }, [journeyId, mode, workflow.notices_ws, loadComments, onNotice, onStatus]);

  const toggleDiff = useCallback(async () => {
    if (showDiff) {
      setShowDiff(false);
      onDiff(null);
      return;
    }
    try {
      const body = await get<Diff>(`/api/v1/journeys/${journeyId}/diff`);
      setDiff(body);
      setShowDiff(true);
      onDiff(body);
    } catch (e) {
      onNotice({ kind: "error", text: `Could not load the changes: ${(e as Error).message}` });
    }
  }, [showDiff, journeyId, onDiff, onNotice]);

  const act = useCallback(
    async (action: string, body: Record<string, unknown> = {}) => {
      if (action === "archive" && !window.confirm("Archive this journey? Every contact still in it leaves (exit reason: archived).")) return;
      setBusy(true);
      try {
        await post(`/api/v1/journeys/${journeyId}/${action}`, body);
        window.location.assign(action === "publish" || mode === "live" ? `/journeys/${journeyId}/?view=live` : `/journeys/${journeyId}/`);
      } catch (e) {
        onNotice({ kind: "error", text: `Could not ${action}: ${(e as Error).message}` });
        setBusy(false);
      }
    },
    [journeyId, mode, onNotice],
  );

  const addComment = useCallback(async () => {
    if (!commentText.trim()) return;
    try {
      await post(`/api/v1/journeys/${journeyId}/comments`, { body: commentText });
      setCommentText("");
      await loadComments();
    } catch (e) {
      onNotice({ kind: "error", text: `Comment not added: ${(e as Error).message}` });
    }
  }, [commentText, journeyId, loadComments, onNotice]);

  const actions = allowedActions(workflow, versionStatus, mode);
  const canComment = workflow.roles.includes("marketer") || workflow.roles.includes("approver");
  const fourEyes = mode === "edit" && versionStatus === "in_review" && workflow.roles.includes("approver") && !workflow.may_approve;

  return (
    <div className="review" data-testid="review">
      <div className="review-bar">
        <span className={`status status-${versionStatus}`} data-testid="review-status">
          v{props.version} {versionStatus}
        </span>
        {actions
          .filter((a) => a !== "reject" && a !== "publish")
          .map((a) => (
            <button key={a} type="button" data-action={a} disabled={busy} onClick={() => void act(a)} className={a === "approve" ? "primary" : undefined}>
              {LABELS[a]}
            </button>
          ))}
        {actions.includes("reject") && (
          <button type="button" data-action="reject" disabled={busy} onClick={() => setRejecting((r) => !r)}>
            Reject…
          </button>
        )}
        {fourEyes && (
          <span className="muted" data-testid="four-eyes">
            You edited this version: another approver must approve it.
          </span>
        )}
        <span className="spacer" />
        {mode === "edit" && (
          <button type="button" data-action="diff" onClick={() => void toggleDiff()} aria-pressed={showDiff}>
            {showDiff ? "Hide changes" : "Changes vs live"}
          </button>
        )}
        <button type="button" data-action="comments" onClick={() => setShowComments((s) => !s)} aria-pressed={showComments}>
          Comments ({comments.length})
        </button>
        <button type="button" data-action="history" onClick={() => void toggleHistory()} aria-pressed={history !== null}>
          History
        </button>
      </div>
      {history && (
        <div className="review-panel" data-testid="history">
          <table className="audit">
            <tbody>
              {history.map((h) => (
                <tr key={h.id} data-action={h.action}>
                  <td>{new Date(h.at).toLocaleString()}</td>
                  <td>{h.actor}</td>
                  <td>
                    {h.action} v{h.version}
                  </td>
                  <td>{h.from_status || h.to_status ? `${h.from_status ?? "·"} → ${h.to_status ?? "·"}` : ""}</td>
                  <td>{h.comment}</td>
                  <td>
                    <code title={h.content_hash}>{h.content_hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <a href={props.historyUrl}>Versions, full audit log and diff</a>
        </div>
      )}
      {rejecting && (
        <div className="review-panel" data-testid="reject-form">
          <textarea
            data-testid="reject-comment"
            placeholder="What should the author change? (required)"
            value={rejectText}
            onChange={(e) => setRejectText(e.target.value)}
            rows={2}
          />
          <button type="button" data-action="confirm-reject" disabled={busy || !rejectText.trim()} onClick={() => void act("reject", { comment: rejectText })}>
            Reject with this comment
          </button>
        </div>
      )}
      {showDiff && diff && (
        <div className="review-panel" data-testid="diff">
          <b>
            Changes in v{diff.version} {diff.base_version ? `against live v${diff.base_version}` : "(nothing is live: everything is new)"}
          </b>
          <ul>
            {diff.nodes.added.map((n) => (
              <li key={`a-${n.id}`} className="diff-added" data-diff="added" data-node={n.id}>
                + step {n.id} ({n.type}) added
              </li>
            ))}
            {diff.nodes.removed.map((n) => (
              <li key={`r-${n.id}`} className="diff-removed" data-diff="removed" data-node={n.id}>
                − step {n.id} ({n.type}) removed
              </li>
            ))}
            {diff.nodes.changed.map((n) => (
              <li key={`c-${n.id}`} className="diff-changed" data-diff="changed" data-node={n.id}>
                ~ step {n.id} ({n.type}): {n.fields.join(", ") || "type"} changed
              </li>
            ))}
            {diff.edges.added.map((e) => (
              <li key={`ea-${e.source}-${e.port}-${e.target}`} className="diff-added" data-diff="edge-added">
                + connection {e.source} —{e.port}→ {e.target}
              </li>
            ))}
            {diff.edges.removed.map((e) => (
              <li key={`er-${e.source}-${e.port}-${e.target}`} className="diff-removed" data-diff="edge-removed">
                − connection {e.source} —{e.port}→ {e.target}
              </li>
            ))}
            {diff.settings_changed && <li className="diff-changed">~ journey settings changed</li>}
            {!diff.nodes.added.length && !diff.nodes.removed.length && !diff.nodes.changed.length && !diff.edges.added.length && !diff.edges.removed.length && !diff.settings_changed && (
              <li className="muted">no changes</li>
            )}
          </ul>
        </div>
      )}
      {(showComments || (comments.length > 0 && versionStatus === "draft" && mode === "edit")) && (
        <div className="review-panel" data-testid="comments">
          {comments.length === 0 && <span className="muted">No comments yet.</span>}
          {comments.map((c) => (
            <p key={c.id} className="comment" data-node={c.node ?? ""}>
              <b>{c.author}</b> on v{c.version}
              {c.node ? ` (step ${c.node})` : ""}: <span className="comment-body">{c.body}</span>
            </p>
          ))}
          {canComment && (
            <div className="comment-form">
              <input type="text" data-testid="comment-input" placeholder="Add a review comment" value={commentText} onChange={(e) => setCommentText(e.target.value)} />
              <button type="button" data-action="add-comment" onClick={() => void addComment()}>
                Comment
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
