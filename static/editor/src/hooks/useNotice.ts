/** The banner under the toolbar: one notice at a time; good news fades after four seconds, errors stay. */
import { useEffect, useState } from "react";

export interface Notice {
  kind: "ok" | "error";
  text: string;
}

export type SetNotice = (notice: Notice | null) => void;

const OK_NOTICE_MS = 4000;

export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    if (!notice || notice.kind === "error") return;
    const t = setTimeout(() => setNotice(null), OK_NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);
  return [notice, setNotice] as const;
}
