/** The banners under the toolbar: a save conflict (412) with its two ways out, and the current notice. */
import type { Notice } from "../hooks/useNotice";
import { useTranslation } from "react-i18next";

export function ConflictBanner({ detail, onReload, onOverwrite }: { detail: string; onReload: () => void; onOverwrite: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner-conflict" role="alert" data-testid="conflict">
      <b>{t("banner.conflict")}</b> {detail}
      <button type="button" onClick={onReload}>
        {t("banner.reload")}
      </button>
      <button type="button" className="link danger" onClick={onOverwrite}>
        {t("banner.overwrite")}
      </button>
    </div>
  );
}

export function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className={`banner banner-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="notice">
      {notice.text}
      <button type="button" className="link" onClick={onDismiss} aria-label={t("banner.dismiss")}>
        ✕
      </button>
    </div>
  );
}
