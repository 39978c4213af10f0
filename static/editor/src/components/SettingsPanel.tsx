/** Journey settings: re-entry (+ cooldown), conversion goal, quiet hours, cap exemption. Only schema keys are written. */
import type { Settings } from "../spec";
import { ConditionBuilder } from "./ConditionBuilder";
import { Checkbox, DurationInput, Field, LIST_EVENTS, Section, Select, TextInput } from "./fields";
import { useTranslation } from "react-i18next";

interface Props {
  settings: Settings;
  onChange: (settings: Settings) => void;
  readOnly: boolean;
}

function without<T extends object>(obj: T, ...keys: string[]): T {
  const copy = { ...obj } as Record<string, unknown>;
  for (const k of keys) delete copy[k];
  return copy as T;
}

export function SettingsPanel({ settings, onChange, readOnly }: Props) {
  const { t } = useTranslation();
  const reentry = settings.reentry ?? "never";
  const goal = settings.goal;
  const quiet = settings.quiet_hours;
  return (
    <div className="panel-body" data-testid="settings-panel">
      <h3>{t("settings.title")}</h3>
      <Field label={t("settings.reentry")} hint={reentry === "never" ? t("settings.reentryNeverHint") : t("settings.reentryAgainHint")}>
        <Select
          name="reentry"
          value={reentry}
          disabled={readOnly}
          options={[
            { value: "never", label: t("settings.reentryNever") },
            { value: "after_exit", label: t("settings.reentryAfterExit") },
          ]}
          onChange={(v) => onChange(v === "never" ? { ...without(settings, "reentry_cooldown_seconds"), reentry: v } : { ...settings, reentry: v })}
        />
      </Field>
      {reentry === "after_exit" && (
        <Field label={t("settings.cooldown")} hint={t("settings.cooldownHint")}>
          <DurationInput
            name="reentry_cooldown_seconds"
            seconds={settings.reentry_cooldown_seconds}
            disabled={readOnly}
            onChange={(s) => onChange(s === undefined ? without(settings, "reentry_cooldown_seconds") : { ...settings, reentry_cooldown_seconds: s })}
          />
        </Field>
      )}
      <Section
        title={t("settings.goal")}
        actions={
          !readOnly &&
          (goal ? (
            <button type="button" className="link danger" onClick={() => onChange(without(settings, "goal"))}>
              {t("settings.remove")}
            </button>
          ) : (
            <button type="button" className="link" name="add-goal" onClick={() => onChange({ ...settings, goal: { event: "", within_seconds: 7 * 86400, exit: true } })}>
              {t("settings.addGoal")}
            </button>
          ))
        }
      >
        {goal ? (
          <>
            <Field label={t("settings.goalEvent")}>
              <TextInput
                name="goal-event"
                value={String(goal.event ?? "")}
                list={LIST_EVENTS}
                placeholder="order_completed"
                disabled={readOnly}
                onChange={(event) => onChange({ ...settings, goal: { ...goal, event } })}
              />
            </Field>
            <Field label={t("settings.goalWithin")}>
              <DurationInput
                name="goal-within"
                seconds={goal.within_seconds}
                disabled={readOnly}
                onChange={(s) => onChange({ ...settings, goal: { ...goal, within_seconds: s ?? 0 } })}
              />
            </Field>
            <Checkbox
              name="goal-exit"
              label={t("settings.goalExit")}
              checked={goal.exit === true}
              disabled={readOnly}
              onChange={(exit) => onChange({ ...settings, goal: { ...goal, exit } })}
            />
            {goal.where !== undefined ? (
              <Section title={t("settings.goalWhere")}>
                <ConditionBuilder
                  name="goal-where"
                  properties
                  value={goal.where}
                  disabled={readOnly}
                  onChange={(where) => onChange({ ...settings, goal: { ...goal, where } })}
                />
                {!readOnly && (
                  <button type="button" className="link danger" onClick={() => onChange({ ...settings, goal: without(goal, "where") })}>
                    {t("settings.removeFilter")}
                  </button>
                )}
              </Section>
            ) : (
              !readOnly && (
                <button type="button" className="link" onClick={() => onChange({ ...settings, goal: { ...goal, where: { prop: "", op: "eq", value: "" } } })}>
                  {t("settings.addFilter")}
                </button>
              )
            )}
          </>
        ) : (
          <p className="pf-hint">{t("settings.noGoal")}</p>
        )}
      </Section>
      <Section
        title={t("settings.quietHours")}
        actions={
          !readOnly &&
          (quiet ? (
            <button type="button" className="link danger" onClick={() => onChange(without(settings, "quiet_hours"))}>
              {t("settings.remove")}
            </button>
          ) : (
            <button type="button" className="link" onClick={() => onChange({ ...settings, quiet_hours: { start: "21:00", end: "08:00" } })}>
              {t("settings.addQuietHours")}
            </button>
          ))
        }
      >
        {quiet ? (
          <div className="pf-row">
            <input type="time" name="quiet-start" value={quiet.start} disabled={readOnly} onChange={(e) => onChange({ ...settings, quiet_hours: { ...quiet, start: e.target.value } })} />
            <span>{t("settings.to")}</span>
            <input type="time" name="quiet-end" value={quiet.end} disabled={readOnly} onChange={(e) => onChange({ ...settings, quiet_hours: { ...quiet, end: e.target.value } })} />
          </div>
        ) : (
          <p className="pf-hint">{t("settings.anyHour")}</p>
        )}
      </Section>
      <Checkbox
        name="exempt_from_caps"
        label={t("settings.exemptFromCaps")}
        checked={settings.exempt_from_caps === true}
        disabled={readOnly}
        onChange={(v) => onChange(v ? { ...settings, exempt_from_caps: true } : without(settings, "exempt_from_caps"))}
      />
    </div>
  );
}
