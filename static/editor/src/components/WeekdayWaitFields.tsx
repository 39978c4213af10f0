/** Wait panel addition: wait for the next listed weekday at the `until` time (`"weekdays"`, design §14). */
import { useTranslation } from "react-i18next";
import { WEEKDAYS, normalizeWeekdays, weekdayName } from "../dates";
import type { Config } from "../spec";

interface Props {
  config: Config;
  onChange: (config: Config) => void;
  readOnly: boolean;
}

export function WeekdayWaitFields({ config, onChange, readOnly }: Props) {
  const { t } = useTranslation();
  const chosen = Array.isArray(config.weekdays) ? config.weekdays.map(String) : [];
  const on = chosen.length > 0;
  const set = (days: string[]) => {
    const next: Config = { ...config };
    const list = normalizeWeekdays(days);
    // An empty list is invalid on the server: no weekdays means "any day", i.e. no key at all.
    if (list.length) next.weekdays = list;
    else delete next.weekdays;
    onChange(next);
  };
  return (
    <div className="pf" data-testid="weekday-wait">
      <span className="pf-label">{t("weekdayWait.label")}</span>
      <div className="weekday-picks" role="group" aria-label={t("weekdayWait.group")}>
        {WEEKDAYS.map((day) => (
          <label key={day} className={`weekday-pick${chosen.includes(day) ? " is-on" : ""}`}>
            <input
              type="checkbox"
              name={`weekday-${day}`}
              checked={chosen.includes(day)}
              disabled={readOnly}
              onChange={(e) => set(e.target.checked ? [...chosen, day] : chosen.filter((d) => d !== day))}
            />
            {weekdayName(day)}
          </label>
        ))}
      </div>
      <span className="pf-hint">
        {on ? t("weekdayWait.on") : t("weekdayWait.off")}
      </span>
    </div>
  );
}
