/** Choose a saved segment by key (conditions' `{"segment": key}`, triggers' `{"segment": key, "on"}`). */
import { useTranslation } from "react-i18next";
import { useAudienceOptions } from "../audiences/options";
import { formatNumber } from "../i18n";

interface Props {
  value: string;
  onChange: (key: string) => void;
  name?: string;
  disabled?: boolean;
  /** A segment that must not be offered: the one being edited cannot contain itself. */
  exclude?: string;
}

export function SegmentPicker({ value, onChange, name = "segment", disabled = false, exclude }: Props) {
  const { t } = useTranslation();
  const { segments, loaded } = useAudienceOptions();
  const offered = segments.filter((s) => s.key !== exclude);
  const known = value === "" || offered.some((s) => s.key === value);
  return (
    <span className="segment-picker">
      <select
        name={name}
        aria-label={t("segmentPicker.label")}
        value={value}
        disabled={disabled}
        data-testid={`segment-picker-${name}`}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{loaded ? (offered.length ? t("segmentPicker.choose") : t("segmentPicker.none")) : t("send.loading")}</option>
        {!known && <option value={value}>{t("segmentPicker.notFound", { key: value })}</option>}
        {offered.map((s) => (
          <option key={s.key} value={s.key}>
            {s.name || s.key}
            {typeof s.size === "number" ? ` (${formatNumber(s.size)})` : ""}
          </option>
        ))}
      </select>
      {loaded && offered.length === 0 && (
        <a className="pf-hint" href="/audiences/new" target="_blank" rel="noopener">
          {t("segmentPicker.build")}
        </a>
      )}
    </span>
  );
}
