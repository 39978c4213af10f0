/** Small form controls shared by the panels. Inputs keep their own text so typing never fights parsing. */
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DURATION_UNITS, splitDuration, unitSeconds, type DurationUnit } from "../format";

export function Field({ label, hint, children, error }: { label: string; hint?: ReactNode; children: ReactNode; error?: string }) {
  return (
    <label className="pf">
      <span className="pf-label">{label}</span>
      {children}
      {hint && <span className="pf-hint">{hint}</span>}
      {error && <span className="pf-error">{error}</span>}
    </label>
  );
}

/** Text state that follows `value` from outside unless it still means the same thing. */
function useSyncedText<T>(value: T, format: (v: T) => string, parse: (s: string) => T | undefined) {
  const [text, setText] = useState(() => format(value));
  const last = useRef(value);
  useEffect(() => {
    if (!Object.is(value, last.current)) {
      last.current = value;
      const parsed = parse(text);
      if (parsed === undefined || JSON.stringify(parsed) !== JSON.stringify(value)) setText(format(value));
    }
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return [text, setText, last] as const;
}

export function TextInput({
  value,
  onChange,
  list,
  placeholder,
  name,
  disabled,
  className,
}: {
  value: string;
  onChange: (v: string) => void;
  list?: string;
  placeholder?: string;
  name?: string;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <input
      type="text"
      className={className}
      value={value}
      list={list}
      name={name}
      placeholder={placeholder}
      disabled={disabled}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function NumberInput({
  value,
  onChange,
  min,
  step,
  name,
  disabled,
  className,
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
  step?: number;
  name?: string;
  disabled?: boolean;
  className?: string;
}) {
  const parse = (s: string) => (s.trim() === "" ? undefined : Number.isFinite(Number(s)) ? Number(s) : undefined);
  const [text, setText, last] = useSyncedText<number | undefined>(value, (v) => (v === undefined ? "" : String(v)), parse);
  return (
    <input
      type="number"
      className={className}
      value={text}
      min={min}
      step={step ?? "any"}
      name={name}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parse(e.target.value);
        last.current = parsed;
        onChange(parsed);
      }}
    />
  );
}

/** Free text turned into a value on every keystroke (JSON values, lists, …). */
export function ParsedInput<T>({
  value,
  onChange,
  format,
  parse,
  list,
  placeholder,
  name,
  disabled,
  className,
}: {
  value: T;
  onChange: (v: T) => void;
  format: (v: T) => string;
  parse: (s: string) => T;
  list?: string;
  placeholder?: string;
  name?: string;
  disabled?: boolean;
  className?: string;
}) {
  const [text, setText, last] = useSyncedText<T>(value, format, parse);
  return (
    <input
      type="text"
      className={className}
      value={text}
      list={list}
      name={name}
      placeholder={placeholder}
      disabled={disabled}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parse(e.target.value);
        last.current = parsed;
        onChange(parsed);
      }}
    />
  );
}

export function Select<T extends string>({
  value,
  onChange,
  options,
  name,
  disabled,
  className,
}: {
  value: T;
  onChange: (v: T) => void;
  options: readonly (T | { value: T; label: string })[];
  name?: string;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <select className={className} value={value} name={name} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => {
        const v = typeof o === "string" ? o : o.value;
        const label = typeof o === "string" ? o : o.label;
        return (
          <option key={v} value={v}>
            {label}
          </option>
        );
      })}
    </select>
  );
}

/** A positive duration as number + unit, stored as whole seconds. */
export function DurationInput({
  seconds,
  onChange,
  name,
  disabled,
}: {
  seconds: number | undefined;
  onChange: (seconds: number | undefined) => void;
  name?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const initial = splitDuration(seconds ?? 0);
  const [unit, setUnit] = useState<DurationUnit>(initial.unit);
  // Keep the chosen unit while the amount still divides; re-derive when changed from outside.
  const value = seconds === undefined ? undefined : seconds / unitSeconds(unit);
  useEffect(() => {
    if (seconds !== undefined && !Number.isInteger(seconds / unitSeconds(unit))) setUnit(splitDuration(seconds).unit);
  }, [seconds]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <span className="pf-row">
      <NumberInput
        value={value}
        min={1}
        name={name}
        disabled={disabled}
        className="pf-num"
        onChange={(v) => onChange(v === undefined ? undefined : Math.round(v * unitSeconds(unit)))}
      />
      <select
        value={unit}
        disabled={disabled}
        name={name ? `${name}-unit` : undefined}
        onChange={(e) => {
          const next = e.target.value as DurationUnit;
          setUnit(next);
          if (value !== undefined) onChange(Math.round(value * unitSeconds(next)));
        }}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u.unit} value={u.unit}>
            {t(`durationUnit.${u.unit}`)}
          </option>
        ))}
      </select>
    </span>
  );
}

export function Checkbox({ checked, onChange, label, name, disabled }: { checked: boolean; onChange: (v: boolean) => void; label: string; name?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <span className="pf-check">
      <input id={id} type="checkbox" name={name} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </span>
  );
}

/** The datalist ids rendered once by the editor. */
export const LIST_EVENTS = "jn-known-events";
export const LIST_TRAITS = "jn-known-traits";
export const LIST_PROPERTIES = "jn-known-properties";
export const LIST_TIMEZONES = "jn-timezones";

/** A titled block for controls that are not one input (condition builders, lists). */
export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="pf pf-section">
      <div className="pf-section-head">
        <span className="pf-label">{title}</span>
        {actions}
      </div>
      {children}
    </div>
  );
}
