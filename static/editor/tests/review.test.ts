import { describe, expect, it } from "vitest";
import type { Workflow } from "../src/boot";
import { diffClasses } from "../src/Review";
import { reviewActions } from "../src/review/actions";
import { templateLines } from "../src/review/diff";

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

describe("templateLines: the diff's template section, as the review panel lists it", () => {
  const base = {
    version: 2, base_version: 1,
    nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] }, settings_changed: false,
  };

  it("lists a template edited since live with each changed field, before and after", () => {
    const lines = templateLines({
      ...base,
      templates: {
        added: [{ slug: "coupon", channel: "email", content: { channel: "email", subject: "20% off" } }],
        removed: [{ slug: "old-sms", channel: "sms" }],
        changed: [{ slug: "hello-sms", channel: "sms", fields: ["body"], before: { body: "Hi" }, after: { body: "Hello there" } }],
      },
    });
    expect(lines.map((l) => [l.kind, l.slug, l.text])).toEqual([
      ["added", "coupon", "+ template coupon (email) will be pinned"],
      ["removed", "old-sms", "− template old-sms (sms) no longer sent"],
      ["changed", "hello-sms", "~ template hello-sms (sms): body changed since live"],
    ]);
    expect(lines[2].fields).toEqual([{ field: "body", before: "Hi", after: "Hello there" }]);
  });

  it("shortens long content and lists nothing for a server without the section", () => {
    const long = "x".repeat(500);
    const [line] = templateLines({
      ...base,
      templates: { added: [], removed: [], changed: [{ slug: "e", channel: null, fields: ["html"], before: {}, after: { html: long } }] },
    });
    expect(line.text).toBe("~ template e: html changed since live");
    expect(line.fields[0].before).toBe("");
    expect(line.fields[0].after.length).toBe(160);
    expect(templateLines(base)).toEqual([]);
  });
});
