/**
 * A message template as the server renders it for a sample contact (its preview endpoint), so the
 * panel shows what contacts get, SMS length and segments included. Debounced; a newer request
 * aborts the one before.
 */
import { useEffect, useState } from "react";
import { previewTemplate, type PreviewInput, type TemplatePreview } from "../api";

export const PREVIEW_DEBOUNCE_MS = 250;

/** The sample contact the editor previews for: traits to fill the template with, and the journey. */
export const SAMPLE_PREVIEW: PreviewInput = {
  traits: {
    first_name: "Ada",
    last_name: "Lovelace",
    name: "Ada Lovelace",
    email: "ada@example.com",
    phone: "+15555550100",
    plan: "pro",
  },
  journey: { name: "this journey" },
};

export type PreviewState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; preview: TemplatePreview }
  | { status: "error"; error: string };

/**
 * Ask for the preview of `slug` after `delayMs`, reporting each state to `onState`. Returns the
 * cancel function (clears the timer, aborts the request; nothing is reported after it).
 */
export function requestPreview(
  slug: string,
  onState: (state: PreviewState) => void,
  delayMs = PREVIEW_DEBOUNCE_MS,
  input: PreviewInput = SAMPLE_PREVIEW,
): () => void {
  const controller = new AbortController();
  onState({ status: "loading" });
  const timer = setTimeout(() => {
    previewTemplate(slug, input, controller.signal).then(
      (preview) => {
        if (!controller.signal.aborted) onState({ status: "ready", preview });
      },
      (e: Error) => {
        if (!controller.signal.aborted) onState({ status: "error", error: e.message });
      },
    );
  }, delayMs);
  return () => {
    clearTimeout(timer);
    controller.abort();
  };
}

/** The preview of the template `slug` (none: idle). */
export function useTemplatePreview(slug: string | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: slug ? "loading" : "idle" });
  useEffect(() => {
    if (!slug) {
      setState({ status: "idle" });
      return;
    }
    return requestPreview(slug, setState);
  }, [slug]);
  return state;
}
