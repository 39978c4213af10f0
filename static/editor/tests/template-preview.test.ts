// The send panel's template preview comes from the server's preview endpoint: the request it makes
// (debounced, aborted when superseded) and what it shows of the answer, with a mocked fetch.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TemplatePreview as Preview } from "../src/api";
import { TemplatePreview } from "../src/components/TemplatePreview";
import { PREVIEW_DEBOUNCE_MS, requestPreview, SAMPLE_PREVIEW, type PreviewState } from "../src/hooks/useTemplatePreview";

// What POST /api/v1/templates/{slug}/preview answers (channels_app PreviewOutput); the server counts
// `[`, `]` and `€` as two GSM-7 septets each.
const SMS_ANSWER: Preview = {
  slug: "welcome-sms", channel: "sms", userId: null,
  rendered: { body: "Hi Ada [€5 off]" }, missing: [], defaulted: [],
  sms: { encoding: "GSM-7", characters: 15, units: 18, segments: 1, per_segment: 160 },
  warnings: [],
};

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("requestPreview", () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("document", { cookie: "csrftoken=tok" });
    fetchMock = vi.fn(async () => answer(200, SMS_ANSWER));
    vi.stubGlobal("fetch", fetchMock);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("posts the sample contact to the template's preview endpoint after the debounce and reports the answer", async () => {
    const states: PreviewState[] = [];
    requestPreview("welcome-sms", (s) => states.push(s));
    expect(states).toEqual([{ status: "loading" }]);
    expect(fetchMock).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS);
    await settle();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/api/v1/templates/welcome-sms/preview");
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["X-CSRFToken"]).toBe("tok");
    expect(JSON.parse(init.body as string)).toEqual(SAMPLE_PREVIEW);
    expect(states).toEqual([{ status: "loading" }, { status: "ready", preview: SMS_ANSWER }]);
  });

  it("asks once when the template changes before the debounce ends", async () => {
    const states: PreviewState[] = [];
    const cancel = requestPreview("first", (s) => states.push(s));
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS / 2);
    cancel();
    requestPreview("welcome-sms", (s) => states.push(s));
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0][0]).toBe("/api/v1/templates/welcome-sms/preview");
    expect(states.at(-1)).toEqual({ status: "ready", preview: SMS_ANSWER });
  });

  it("reports nothing once cancelled, even if the answer comes later", async () => {
    let respond: (r: Response) => void = () => {};
    fetchMock.mockImplementation(() => new Promise<Response>((resolve) => (respond = resolve)));
    const states: PreviewState[] = [];
    const cancel = requestPreview("welcome-sms", (s) => states.push(s));
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    cancel();
    respond(answer(200, SMS_ANSWER));
    await settle();
    expect(states).toEqual([{ status: "loading" }]);
  });

  it("reports the server's refusal as an error", async () => {
    fetchMock.mockImplementation(async () => answer(400, { detail: "the template does not compile: body: bad tag" }));
    const states: PreviewState[] = [];
    requestPreview("broken", (s) => states.push(s));
    await vi.advanceTimersByTimeAsync(PREVIEW_DEBOUNCE_MS);
    await settle();
    expect(states.at(-1)).toEqual({ status: "error", error: "the template does not compile: body: bad tag" });
  });
});

describe("TemplatePreview shows what the server answered", () => {
  const html = (state: PreviewState) => renderToStaticMarkup(createElement(TemplatePreview, { state }));

  it("shows the rendered SMS with the server's length, segments and encoding", () => {
    const out = html({ status: "ready", preview: SMS_ANSWER });
    expect(out).toContain("Hi Ada [€5 off]");
    expect(out).toContain("15 characters · 1 segment · GSM-7");
  });

  it("shows the segments and warnings of a long SMS as counted by the server", () => {
    const preview: Preview = {
      ...SMS_ANSWER,
      rendered: { body: "`" + "x".repeat(70) },
      sms: { encoding: "UCS-2", characters: 71, units: 71, segments: 2, per_segment: 67 },
      warnings: ["the SMS is 2 segments (UCS-2), each billed as one message", "missing, rendered empty: plan"],
    };
    const out = html({ status: "ready", preview });
    expect(out).toContain("71 characters · 2 segments · UCS-2");
    expect(out).toContain("the SMS is 2 segments (UCS-2), each billed as one message");
    expect(out).toContain("missing, rendered empty: plan");
  });

  it("shows an email's rendered subject and text part", () => {
    const preview: Preview = {
      ...SMS_ANSWER, channel: "email", sms: null,
      rendered: { subject: "Hello Ada", text: "Text for Ada", html: "" },
    };
    const out = html({ status: "ready", preview });
    expect(out).toContain("Hello Ada");
    expect(out).toContain("<pre>Text for Ada</pre>");
  });

  it("says when it is loading and when the server could not preview", () => {
    expect(html({ status: "loading" })).toContain("rendering the preview…");
    expect(html({ status: "error", error: "HTTP 403" })).toContain("Could not preview this template: HTTP 403");
    expect(html({ status: "idle" })).toBe("");
  });
});
