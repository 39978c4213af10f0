/**
 * The condition builder: all / any groups, not, trait rules (attr op value), event
 * counts within N days (with an optional property filter) and, for an event's
 * `where`, property rules. It edits the schema's own condition objects and writes
 * only the keys conditions.py accepts.
 */
import { useTranslation } from "react-i18next";
import { COUNT_OPS, OPS, condForm, newEventRule, newRule, type Cond } from "../conditions";
import { listToText, textToList, textToValue, valueToText } from "../format";
import type { Json } from "../spec";
import { LIST_EVENTS, LIST_PROPERTIES, LIST_TRAITS, NumberInput, ParsedInput, TextInput } from "./fields";
import { AudienceAddButtons, ComputedDatalist, LIST_COMPUTED, SegmentRule } from "./AudienceRules";

interface Props {
  value: Json | undefined;
  onChange: (cond: Cond) => void;
  /** An event's `where`: property rules instead of trait and event rules. */
  properties?: boolean;
  disabled?: boolean;
  name?: string;
}

export function ConditionBuilder({ value, onChange, properties = false, disabled = false, name = "cond" }: Props) {
  const { t } = useTranslation();
  const form = condForm(value);
  const cond: Cond = form ? (value as Cond) : newRule(properties);
  return (
    <div className="cb" data-testid={`cond-${name}`}>
      <CondNode cond={cond} onChange={onChange} properties={properties} disabled={disabled} path={name} />
      {!properties && <ComputedDatalist />}
      {!disabled && (
        <div className="cb-root-actions">
          {form !== "all" && form !== "any" && (
            <button type="button" className="link" onClick={() => onChange({ all: [cond] })}>
              {t("cond.wrap")}
            </button>
          )}
          {form === "not" ? (
            <button type="button" className="link" onClick={() => onChange(cond.not as Cond)}>
              {t("cond.removeNot")}
            </button>
          ) : (
            <button type="button" className="link" onClick={() => onChange({ not: cond })}>
              {t("cond.negate")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

interface NodeProps {
  cond: Cond;
  onChange: (cond: Cond) => void;
  properties: boolean;
  disabled: boolean;
  path: string;
}

function CondNode(props: NodeProps) {
  const { t } = useTranslation();
  const form = condForm(props.cond);
  switch (form) {
    case "all":
    case "any":
      return <Group {...props} form={form} />;
    case "not":
      return (
        <div className="cb-not">
          <span className="cb-kw">{t("cond.not")}</span>
          <CondNode {...props} cond={props.cond.not as Cond} onChange={(inner) => props.onChange({ not: inner })} path={`${props.path}.not`} />
        </div>
      );
    case "event":
      return <EventRule {...props} />;
    case "segment":
      return <SegmentRule {...props} />;
    case "computed":
      return <Rule {...props} nameKey="computed" />;
    case "attr":
    case "prop":
    default:
      return <Rule {...props} nameKey={props.properties ? "prop" : "attr"} />;
  }
}

function Group({ cond, onChange, properties, disabled, path, form }: NodeProps & { form: "all" | "any" }) {
  const { t } = useTranslation();
  const items = (Array.isArray(cond[form]) ? cond[form] : []) as Cond[];
  const set = (next: Cond[]) => onChange({ [form]: next });
  return (
    <div className={`cb-group cb-${form}`}>
      <div className="cb-group-head">
        <select
          value={form}
          disabled={disabled}
          aria-label={t("cond.groupKind")}
          onChange={(e) => onChange({ [e.target.value]: items })}
        >
          <option value="all">{t("cond.all")}</option>
          <option value="any">{t("cond.any")}</option>
        </select>
      </div>
      <ol className="cb-items">
        {items.map((item, i) => (
          <li key={i} className="cb-item">
            <CondNode
              cond={item}
              properties={properties}
              disabled={disabled}
              path={`${path}.${form}[${i}]`}
              onChange={(next) => set(items.map((x, j) => (j === i ? next : x)))}
            />
            {!disabled && (
              <span className="cb-item-actions">
                <button
                  type="button"
                  className="link"
                  title={t("cond.negate")}
                  onClick={() => set(items.map((x, j) => (j === i ? (condForm(x) === "not" ? (x.not as Cond) : { not: x }) : x)))}
                >
                  {condForm(item) === "not" ? t("cond.unNot") : t("cond.not")}
                </button>
                <button type="button" className="link danger" title={t("cond.remove")} onClick={() => set(items.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {!disabled && (
        <div className="cb-add">
          <button type="button" onClick={() => set([...items, newRule(properties)])}>
            {properties ? t("cond.addPropertyRule") : t("cond.addTraitRule")}
          </button>
          {!properties && (
            <button type="button" onClick={() => set([...items, newEventRule()])}>
              {t("cond.addEventCount")}
            </button>
          )}
          {!properties && <AudienceAddButtons onAdd={(c) => set([...items, c])} />}
          <button type="button" onClick={() => set([...items, { [form === "all" ? "any" : "all"]: [newRule(properties)] }])}>
            {t("cond.addGroup")}
          </button>
        </div>
      )}
    </div>
  );
}

function changeOp(cond: Cond, op: string): Cond {
  const { value, ...rest } = cond;
  if (op === "exists") return { ...rest, op };
  if (op === "in") return { ...rest, op, value: Array.isArray(value) ? value : value === undefined || value === "" ? [] : [value] };
  if (Array.isArray(value)) return { ...rest, op, value: value.length ? value[0] : "" };
  return { ...rest, op, value: value === undefined ? "" : value };
}

function Rule({ cond, onChange, disabled, path, nameKey }: NodeProps & { nameKey: "attr" | "prop" | "computed" }) {
  const { t } = useTranslation();
  const op = String(cond.op ?? "eq");
  return (
    <div className="cb-rule">
      <TextInput
        className="cb-name"
        value={String(cond[nameKey] ?? "")}
        list={nameKey === "attr" ? LIST_TRAITS : nameKey === "computed" ? LIST_COMPUTED : LIST_PROPERTIES}
        placeholder={t(`cond.placeholder.${nameKey}`)}
        name={`${path}.${nameKey}`}
        disabled={disabled}
        onChange={(v) => onChange({ ...cond, [nameKey]: v })}
      />
      <select value={op} disabled={disabled} aria-label={t("cond.operator")} name={`${path}.op`} onChange={(e) => onChange(changeOp(cond, e.target.value))}>
        {OPS.map((o) => (
          <option key={o} value={o}>
            {t(`cond.op.${o}`)}
          </option>
        ))}
      </select>
      {op === "in" ? (
        <ParsedInput<Json>
          className="cb-value"
          value={cond.value ?? []}
          format={listToText}
          parse={textToList}
          placeholder="a, b, c"
          name={`${path}.value`}
          disabled={disabled}
          onChange={(v) => onChange({ ...cond, value: v })}
        />
      ) : op !== "exists" ? (
        <ParsedInput<Json>
          className="cb-value"
          value={cond.value ?? ""}
          format={valueToText}
          parse={textToValue}
          placeholder={t("cond.value")}
          name={`${path}.value`}
          disabled={disabled}
          onChange={(v) => onChange({ ...cond, value: v })}
        />
      ) : null}
    </div>
  );
}

function EventRule({ cond, onChange, disabled, path }: NodeProps) {
  const { t } = useTranslation();
  const count = (cond.count && typeof cond.count === "object" ? cond.count : { op: "gte", value: 1 }) as Cond;
  const within = typeof cond.within_days === "number" ? cond.within_days : undefined;
  return (
    <div className="cb-event">
      <div className="cb-rule">
        <span className="cb-kw">{t("cond.did")}</span>
        <TextInput
          className="cb-name"
          value={String(cond.event ?? "")}
          list={LIST_EVENTS}
          placeholder={t("cond.event")}
          name={`${path}.event`}
          disabled={disabled}
          onChange={(v) => onChange({ ...cond, event: v })}
        />
        <select
          value={String(count.op ?? "gte")}
          aria-label={t("cond.countOperator")}
          disabled={disabled}
          name={`${path}.count.op`}
          onChange={(e) => onChange({ ...cond, count: { ...count, op: e.target.value } })}
        >
          {COUNT_OPS.map((o) => (
            <option key={o} value={o}>
              {t(`cond.op.${o}`)}
            </option>
          ))}
        </select>
        <NumberInput
          className="cb-count"
          value={typeof count.value === "number" ? count.value : undefined}
          min={0}
          step={1}
          name={`${path}.count.value`}
          disabled={disabled}
          onChange={(v) => onChange({ ...cond, count: { ...count, value: v ?? 0 } })}
        />
        <span className="cb-kw">{t("cond.timesIn")}</span>
        <NumberInput
          className="cb-count"
          value={within}
          min={1}
          name={`${path}.within_days`}
          disabled={disabled}
          onChange={(v) => {
            const { within_days: _drop, ...rest } = cond;
            onChange(v === undefined ? rest : { ...rest, within_days: v });
          }}
        />
        <span className="cb-kw">{t("cond.days")}</span>
      </div>
      {cond.where !== undefined ? (
        <div className="cb-where">
          <span className="cb-kw">{t("cond.where")}</span>
          <CondNode
            cond={cond.where as Cond}
            properties
            disabled={disabled}
            path={`${path}.where`}
            onChange={(where) => onChange({ ...cond, where })}
          />
          {!disabled && (
            <button
              type="button"
              className="link danger"
              onClick={() => {
                const { where: _drop, ...rest } = cond;
                onChange(rest);
              }}
            >
              {t("settings.removeFilter")}
            </button>
          )}
        </div>
      ) : (
        !disabled && (
          <button type="button" className="link" onClick={() => onChange({ ...cond, where: newRule(true) })}>
            {t("cond.addFilter")}
          </button>
        )
      )}
    </div>
  );
}
