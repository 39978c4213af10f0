/** A static segment's members: a CSV file of userIds, read by the server (`POST …/members`, text/csv). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../i18n";
import { ApiError } from "../api";
import { addMembersCsv } from "./api";
import { describeMembers } from "./logic";

interface Props {
  segmentKey: string | null;
  readOnly: boolean;
  /** A file chosen before the segment exists: uploaded right after it is created. */
  pending: string | null;
  onPending: (csvText: string | null) => void;
  size?: number;
}

export function StaticMembers({ segmentKey, readOnly, pending, onPending, size }: Props) {
  const { t } = useTranslation();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File) {
    setError(null);
    setResult(null);
    const text = await file.text();
    if (!segmentKey) {
      onPending(text);
      return;
    }
    try {
      setResult(describeMembers(await addMembersCsv(segmentKey, text)));
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  }

  return (
    <div className="pf pf-section" data-testid="static-members">
      <span className="pf-label">{typeof size === "number" ? t("audiences.membersCount", { size: formatNumber(size) }) : t("audiences.members")}</span>
      {!readOnly && (
        <input
          type="file"
          name="members-csv"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
      )}
      <span className="pf-hint">
        {t("audiences.csvHint", { format: "CSV", column: "userId" })}
      </span>
      {pending !== null && <span className="pf-hint">{t("audiences.uploadOnCreate")}</span>}
      {result && (
        <span className="pf-hint" data-testid="members-result">
          {result}
        </span>
      )}
      {error && (
        <span className="pf-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
