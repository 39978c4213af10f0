/**
 * The saved segments and computed traits a condition or trigger may name, fetched once per page
 * (GET /api/v1/segments, GET /api/v1/computed-traits) and shared by every picker on it.
 */
import { useEffect, useState } from "react";
import { listAll } from "./api";

export interface SegmentOption {
  key: string;
  name: string;
  size?: number;
  kind?: string;
}

export interface AudienceOptions {
  segments: SegmentOption[];
  computed: string[];
  loaded: boolean;
}

/** The computed traits the product keeps itself (design section 9), offered even before any is defined. */
export const BUILTIN_COMPUTED = ["rfm_r", "rfm_f", "rfm_m", "rfm_score", "rfm_segment", "lifecycle_stage"];

let pending: Promise<AudienceOptions> | null = null;

export function loadAudienceOptions(): Promise<AudienceOptions> {
  if (!pending) {
    pending = Promise.all([
      listAll<SegmentOption>("/api/v1/segments").catch(() => [] as SegmentOption[]),
      listAll<{ key: string }>("/api/v1/computed-traits").catch(() => [] as { key: string }[]),
    ]).then(([segments, computed]) => ({
      segments: segments.map((s) => ({ key: s.key, name: s.name, size: s.size, kind: s.kind })),
      computed: [...new Set([...BUILTIN_COMPUTED, ...computed.map((c) => c.key)])],
      loaded: true,
    }));
  }
  return pending;
}

/** Forget the cached lists (after saving a segment, so the next picker sees it). */
export function resetAudienceOptions(): void {
  pending = null;
}

export function useAudienceOptions(): AudienceOptions {
  const [options, setOptions] = useState<AudienceOptions>({ segments: [], computed: BUILTIN_COMPUTED, loaded: false });
  useEffect(() => {
    let live = true;
    loadAudienceOptions().then((o) => live && setOptions(o));
    return () => {
      live = false;
    };
  }, []);
  return options;
}
