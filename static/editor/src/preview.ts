/**
 * A preview of a message template with a sample contact. Templates use Django
 * template syntax on the server (channels_app/templates.py); the preview fills
 * `{{ name }}` / `{{ traits.name }}` / `{{ event.prop }}` (filters ignored, or
 * `|default:"x"` honoured) so a marketer sees the message as a contact would.
 */
export const SAMPLE_CONTEXT: Record<string, unknown> = {
  user_id: "u-42",
  first_name: "Ada",
  last_name: "Lovelace",
  name: "Ada Lovelace",
  email: "ada@example.com",
  phone: "+15555550100",
  plan: "pro",
  journey: { name: "this journey" },
  event: {},
};

function lookup(context: Record<string, unknown>, path: string): unknown {
  let current: unknown = context;
  for (const part of path.split(".")) {
    if (part === "traits") {
      current = current === context ? context : undefined;
      continue;
    }
    if (current && typeof current === "object" && part in (current as object)) current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

export function renderPreview(source: string | undefined, context: Record<string, unknown> = SAMPLE_CONTEXT): string {
  if (!source) return "";
  return source
    .replace(/\{%.*?%\}/gs, "")
    .replace(/\{\{\s*([\w.]+)\s*((?:\|[^}]*)?)\}\}/g, (_m, path: string, filters: string) => {
      const value = lookup(context, path);
      if (value !== undefined && value !== null && value !== "") return String(value);
      const fallback = /\|\s*default:\s*"([^"]*)"|\|\s*default:\s*'([^']*)'/.exec(filters);
      if (fallback) return fallback[1] ?? fallback[2] ?? "";
      return "";
    });
}

/** SMS segments as carriers count them (GSM-7 160/153, otherwise UCS-2 70/67). */
export function smsSegments(text: string): number {
  if (!text) return 0;
  // eslint-disable-next-line no-control-regex
  const gsm = /^[\n\r\x20-\x7E£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}
