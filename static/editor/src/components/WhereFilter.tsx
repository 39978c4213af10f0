/**
 * The optional filter on an event's properties (`where`), shared by the `trigger` and `wait_event`
 * panels: an "add" link without one, the condition builder with a "remove" link with one.
 */
import { useTranslation } from "react-i18next";
import type { Json } from "../spec";
import { ConditionBuilder } from "./ConditionBuilder";
import { Section } from "./fields";

/** What "+ filter on event properties" starts with. */
const NEW_FILTER: Json = { prop: "", op: "eq", value: "" };

interface Props {
  /** The config's `where`; undefined: no filter. */
  value: Json | undefined;
  disabled: boolean;
  /** A new or edited filter; undefined: remove it. */
  onChange: (where: Json | undefined) => void;
}

export function WhereFilter({ value, disabled, onChange }: Props) {
  const { t } = useTranslation();
  if (value === undefined) {
    return disabled ? null : (
      <button type="button" className="link" onClick={() => onChange(NEW_FILTER)}>
        {t("settings.addFilter")}
      </button>
    );
  }
  return (
    <Section
      title={t("settings.goalWhere")}
      actions={
        !disabled && (
          <button type="button" className="link danger" onClick={() => onChange(undefined)}>
            {t("settings.remove")}
          </button>
        )
      }
    >
      <ConditionBuilder name="where" properties value={value} disabled={disabled} onChange={onChange} />
    </Section>
  );
}
