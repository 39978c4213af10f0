/** The banners under the toolbar: a save conflict (412) with its two ways out, and the current notice. */
import type { Notice } from "../hooks/useNotice";

export function ConflictBanner({ detail, onReload, onOverwrite }: { detail: string; onReload: () => void; onOverwrite: () => void }) {
  return (
    <div className="banner banner-conflict" role="alert" data-testid="conflict">
      <b>Someone else saved this journey.</b> {detail}
      <button type="button" onClick={onReload}>
        Reload their version
      </button>
      <button type="button" className="link danger" onClick={onOverwrite}>
        Overwrite with mine
      </button>
    </div>
  );
}

export function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  return (
    <div className={`banner banner-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="notice">
      {notice.text}
      <button type="button" className="link" onClick={onDismiss} aria-label="dismiss">
        ✕
      </button>
    </div>
  );
}
