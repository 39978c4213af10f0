import { describe, expect, it } from "vitest";
import { allowedActions, diffClasses, type Workflow } from "../src/Review";

const wf = (roles: string[], extra: Partial<Workflow> = {}): Workflow => ({
  user: "u", roles, is_editor: false, may_approve: true, live_status: null, notices_ws: "/ws/approvals/", ...extra,
});

describe("allowedActions", () => {
  it("offers approve and reject to an approver on a version in review", () => {
    expect(allowedActions(wf(["approver"]), "in_review", "edit")).toEqual(["approve", "reject"]);
  });

  it("offers no approve button to the author (four eyes), but still reject", () => {
    const author = wf(["marketer", "approver"], { is_editor: true, may_approve: false });
    expect(allowedActions(author, "in_review", "edit")).toEqual(["withdraw", "reject"]);
  });

  it("offers marketers and viewers nothing on someone else's version in review", () => {
    expect(allowedActions(wf(["marketer"]), "in_review", "edit")).toEqual([]);
    expect(allowedActions(wf(["viewer"]), "in_review", "edit")).toEqual([]);
  });

  it("offers publish on an approved version to approvers only", () => {
    expect(allowedActions(wf(["approver"]), "approved", "edit")).toEqual(["publish"]);
    expect(allowedActions(wf(["marketer"]), "approved", "edit")).toEqual([]);
  });

  it("offers pause or resume, and archive, on the live view", () => {
    expect(allowedActions(wf(["approver"], { live_status: "live" }), null, "live")).toEqual(["pause", "archive"]);
    expect(allowedActions(wf(["approver"], { live_status: "paused" }), null, "live")).toEqual(["resume", "archive"]);
    expect(allowedActions(wf(["viewer"], { live_status: "live" }), null, "live")).toEqual([]);
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
