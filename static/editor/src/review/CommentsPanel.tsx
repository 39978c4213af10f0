/** Review comments on the journey's versions, and, when the server allows it, a field to add one. */
import { useTranslation } from "react-i18next";
import type { Comment } from "./api";

interface Props {
  comments: Comment[];
  canComment: boolean;
  /** The comment being typed (kept by the review bar while the panel is closed). */
  text: string;
  onText: (text: string) => void;
  onAdd: () => void;
}

export function CommentsPanel({ comments, canComment, text, onText, onAdd }: Props) {
  const { t } = useTranslation();
  return (
    <div className="review-panel" data-testid="comments">
      {comments.length === 0 && <span className="muted">{t("review.noComments")}</span>}
      {comments.map((c) => (
        <p key={c.id} className="comment" data-node={c.node ?? ""}>
          <b>{c.author}</b> {t("review.onVersion", { version: c.version })}
          {c.node ? t("review.onStep", { node: c.node }) : ""}
          {t("review.colon")}
          <span className="comment-body">{c.body}</span>
        </p>
      ))}
      {canComment && (
        <div className="comment-form">
          <input type="text" data-testid="comment-input" placeholder={t("review.commentPlaceholder")} value={text} onChange={(e) => onText(e.target.value)} />
          <button type="button" data-action="add-comment" onClick={onAdd}>
            {t("review.comment")}
          </button>
        </div>
      )}
    </div>
  );
}
