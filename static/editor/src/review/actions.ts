/**
 * The review bar's action buttons: exactly those the server's `Workflow` flags allow. The editor
 * view offers the actions on the shown version (publish is the toolbar's); the live view those on
 * the running version.
 */
import type { Workflow } from "../boot";
import { t } from "../i18n";

export type ReviewAction = "withdraw" | "approve" | "reject" | "pause" | "resume" | "archive";

const VERSION_ACTIONS = ["withdraw", "approve", "reject"] as const;
const LIVE_ACTIONS = ["pause", "resume", "archive"] as const;

export function reviewActions(wf: Workflow, mode: "edit" | "live"): ReviewAction[] {
  const allowed: Record<ReviewAction, boolean> = {
    withdraw: wf.can_withdraw,
    approve: wf.can_approve,
    reject: wf.can_reject,
    pause: wf.can_pause,
    resume: wf.can_resume,
    archive: wf.can_archive,
  };
  return (mode === "live" ? LIVE_ACTIONS : VERSION_ACTIONS).filter((a) => allowed[a]);
}

/** The button text of each action, in the page's language. */
export const actionLabel = (action: ReviewAction): string => t(`review.action.${action}`);
