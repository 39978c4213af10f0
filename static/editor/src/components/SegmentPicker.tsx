/** Choose a saved segment by key (conditions' `{"segment": key}`, triggers' `{"segment": key, "on"}`). */
import { useAudienceOptions } from "../audiences/options";

interface Props {
  value: string;
  onChange: (key: string) => void;
  name?: string;
  disabled?: boolean;
  /** A segment that must not be offered: the one being edited cannot contain itself. */
  exclude?: string;
}

export function SegmentPicker({ value, onChange, name = "segment", disabled = false, exclude }: Props) {
  const { segments, loaded } = useAudienceOptions();
  const offered = segments.filter((s) => s.key !== exclude);
  const known = value === "" || offered.some((s) => s.key === value);
  return (
    <span className="segment-picker">
      <select
        name={name}
        aria-label="saved segment"
        value={value}
        disabled={disabled}
        data-testid={`segment-picker-${name}`}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{loaded ? (offered.length ? "choose a segment…" : "no saved segments yet") : "loading…"}</option>
        {!known && <option value={value}>{value} (not found)</option>}
        {offered.map((s) => (
          <option key={s.key} value={s.key}>
            {s.name || s.key}
            {typeof s.size === "number" ? ` (${s.size})` : ""}
          </option>
        ))}
      </select>
      {loaded && offered.length === 0 && (
        <a className="pf-hint" href="/audiences/new" target="_blank" rel="noopener">
          build one
        </a>
      )}
    </span>
  );
}
