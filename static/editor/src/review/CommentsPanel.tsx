/** Review comments on the journey's versions, and, when the server allows it, a field to add one. */
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
  return (
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
          <input type="text" data-testid="comment-input" placeholder="Add a review comment" value={text} onChange={(e) => onText(e.target.value)} />
          <button type="button" data-action="add-comment" onClick={onAdd}>
            Comment
          </button>
        </div>
      )}
    </div>
  );
}
