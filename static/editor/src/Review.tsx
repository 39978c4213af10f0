/**
 * The approval workflow in the editor (design section 5): the version's status, the actions the
 * server allows this user (the `Workflow` flags; the API checks again), review comments, the diff
 * against the live version (listed here, highlighted on the canvas by the editor), the audit log,
 * and live notices over /ws/approvals/.
 */
import { useCallback, useEffect, useState } from "react";
import type { Workflow } from "./boot";
import type { Notice } from "./hooks/useNotice";
import { actionLabel, reviewActions, type ReviewAction } from "./review/actions";
import { addComment, loadComments, loadDiff, loadHistory, transition, type AuditRow, type Comment, type Diff } from "./review/api";
import { CommentsPanel } from "./review/CommentsPanel";
import { DiffPanel } from "./review/DiffPanel";
import { HistoryPanel } from "./review/HistoryPanel";
import { useApprovalNotices, type ApprovalNotice } from "./review/useApprovalNotices";
import { useTranslation } from "react-i18next";

export { diffClasses } from "./review/diff";
export type { AuditRow, Comment, Diff } from "./review/api";
export type { Workflow } from "./boot";

interface Props {
  journeyId: number;
  mode: "edit" | "live";
  version: number | null;
  versionStatus: string | null;
  workflow: Workflow;
  historyUrl: string;
  /** A notice about this journey arrived: its status, and so what the user may do, may have changed. */
  onJourneyChanged: () => void;
  onDiff: (diff: Diff | null) => void;
  onNotice: (notice: Notice) => void;
}

export function ReviewBar(props: Props) {
  const { journeyId, mode, versionStatus, workflow, onJourneyChanged, onDiff, onNotice } = props;
  const { t } = useTranslation();
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
      setHistory(await loadHistory(journeyId));
    } catch (e) {
      onNotice({ kind: "error", text: t("review.historyFailed", { reason: (e as Error).message }) });
    }
  }, [history, journeyId, onNotice]);

  const reloadComments = useCallback(async () => {
    try {
      setComments(await loadComments(journeyId));
    } catch {
      /* comments are an aid; the editor works without them */
    }
  }, [journeyId]);

  useEffect(() => {
    void reloadComments();
  }, [reloadComments]);

  const onApprovalNotice = useCallback(
    (n: ApprovalNotice) => {
      onNotice({ kind: "ok", text: n.text });
      if (n.journey !== journeyId) return;
      void reloadComments();
      onJourneyChanged();
    },
    [journeyId, onNotice, reloadComments, onJourneyChanged],
  );
  useApprovalNotices(workflow.notices_ws, onApprovalNotice);

  const toggleDiff = useCallback(async () => {
    if (showDiff) {
      setShowDiff(false);
      onDiff(null);
      return;
    }
    try {
      const body = await loadDiff(journeyId);
      setDiff(body);
      setShowDiff(true);
      onDiff(body);
    } catch (e) {
      onNotice({ kind: "error", text: t("review.diffFailed", { reason: (e as Error).message }) });
    }
  }, [showDiff, journeyId, onDiff, onNotice]);

  const act = useCallback(
    async (action: ReviewAction, body: Record<string, unknown> = {}) => {
      if (action === "archive" && !window.confirm(t("review.archiveConfirm"))) return;
      setBusy(true);
      try {
        await transition(journeyId, action, body);
        window.location.assign(mode === "live" ? `/journeys/${journeyId}/?view=live` : `/journeys/${journeyId}/`);
      } catch (e) {
        onNotice({ kind: "error", text: t("review.actionFailed", { action: actionLabel(action), reason: (e as Error).message }) });
        setBusy(false);
      }
    },
    [journeyId, mode, onNotice],
  );

  const postComment = useCallback(async () => {
    if (!commentText.trim()) return;
    try {
      await addComment(journeyId, commentText);
      setCommentText("");
      await reloadComments();
    } catch (e) {
      onNotice({ kind: "error", text: t("review.commentFailed", { reason: (e as Error).message }) });
    }
  }, [commentText, journeyId, reloadComments, onNotice]);

  const actions = reviewActions(workflow, mode);

  return (
    <div className="review" data-testid="review">
      <div className="review-bar">
        <span className={`status status-${versionStatus}`} data-testid="review-status">
          v{props.version} {versionStatus ? t(`status.${versionStatus}`) : ""}
        </span>
        {actions
          .filter((a) => a !== "reject")
          .map((a) => (
            <button key={a} type="button" data-action={a} disabled={busy} onClick={() => void act(a)} className={a === "approve" ? "primary" : undefined}>
              {actionLabel(a)}
            </button>
          ))}
        {actions.includes("reject") && (
          <button type="button" data-action="reject" disabled={busy} onClick={() => setRejecting((r) => !r)}>
            {t("review.rejectOpen")}
          </button>
        )}
        {mode === "edit" && workflow.four_eyes_blocked && (
          <span className="muted" data-testid="four-eyes">
            {t("review.fourEyes")}
          </span>
        )}
        <span className="spacer" />
        {mode === "edit" && (
          <button type="button" data-action="diff" onClick={() => void toggleDiff()} aria-pressed={showDiff}>
            {showDiff ? t("review.hideChanges") : t("review.showChanges")}
          </button>
        )}
        <button type="button" data-action="comments" onClick={() => setShowComments((s) => !s)} aria-pressed={showComments}>
          {t("review.comments", { count: comments.length })}
        </button>
        <button type="button" data-action="history" onClick={() => void toggleHistory()} aria-pressed={history !== null}>
          {t("review.history")}
        </button>
      </div>
      {history && <HistoryPanel rows={history} historyUrl={props.historyUrl} />}
      {rejecting && (
        <div className="review-panel" data-testid="reject-form">
          <textarea
            data-testid="reject-comment"
            placeholder={t("review.rejectPlaceholder")}
            value={rejectText}
            onChange={(e) => setRejectText(e.target.value)}
            rows={2}
          />
          <button type="button" data-action="confirm-reject" disabled={busy || !rejectText.trim()} onClick={() => void act("reject", { comment: rejectText })}>
            {t("review.rejectConfirm")}
          </button>
        </div>
      )}
      {showDiff && diff && <DiffPanel diff={diff} />}
      {(showComments || (comments.length > 0 && versionStatus === "draft" && mode === "edit")) && (
        <CommentsPanel comments={comments} canComment={workflow.can_comment} text={commentText} onText={setCommentText} onAdd={() => void postComment()} />
      )}
    </div>
  );
}
