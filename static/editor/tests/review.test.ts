import { describe, expect, it } from "vitest";
import type { Workflow } from "../src/boot";
import { diffClasses } from "../src/Review";
import { reviewActions } from "../src/review/actions";

// What the server's page view sends (journeys/pages/editor.py `_workflow`): every flag off unless given.
const wf = (flags: Partial<Workflow> = {}): Workflow => ({
  user: "u", roles: [], can_edit: false, can_submit: false, can_withdraw: false, can_approve: false, can_reject: false,
  four_eyes_blocked: false, can_publish: false, can_pause: false, can_resume: false, can_archive: false,
  can_comment: false, is_editor: false, may_approve: false, live_status: null, notices_ws: "/ws/approvals/", ...flags,
});

describe("reviewActions: the buttons are the server's flags, nothing recomputed", () => {
  it("offers approve and reject when the server allows both", () => {
    expect(reviewActions(wf({ can_approve: true, can_reject: true }), "edit")).toEqual(["approve", "reject"]);
  });

  it("offers no approve button when the server withholds it (four eyes), but still reject", () => {
    const author = wf({ roles: ["marketer", "approver"], can_withdraw: true, can_reject: true, four_eyes_blocked: true });
    expect(reviewActions(author, "edit")).toEqual(["withdraw", "reject"]);
  });

  it("offers nothing the server does not allow, whatever the roles say", () => {
    expect(reviewActions(wf({ roles: ["approver"] }), "edit")).toEqual([]);
    expect(reviewActions(wf({ roles: ["marketer", "approver"], live_status: "live" }), "live")).toEqual([]);
  });

  it("offers the running version's actions on the live view, and only there", () => {
    const approver = wf({ can_pause: true, can_archive: true, can_reject: true });
    expect(reviewActions(approver, "live")).toEqual(["pause", "archive"]);
    expect(reviewActions(wf({ can_resume: true, can_archive: true }), "live")).toEqual(["resume", "archive"]);
    expect(reviewActions(approver, "edit")).toEqual(["reject"]);
  });
});

describe("diffClasses", () => {
  it("marks added and changed nodes for the canvas", () => {
    const classes = diffClasses({
      version: 2, base_version: 1,
      nodes: { added: [{ id: "a", type: "wait" }], removed: [{ id: "r", type: "exit" }], changed: [{ id: "c", type: "send", fields: ["template"] }] },
      edges: { added: [], removed: [] }, settings_changed: false,
    });
    expect(classes).toEqual({ a: "diff-added", c: "diff-changed" });
    expect(diffClasses(null)).toEqual({});
  });
});
