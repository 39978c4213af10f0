/** The trigger's saved-segment form (design section 9): `{"segment": key, "on": "enter" | "exit"}`. */
import type { Json } from "../spec";
import { Field, Select } from "./fields";
import { SegmentPicker } from "./SegmentPicker";

type Config = Record<string, Json>;

/** A trigger config naming a saved segment by key (the inline form holds a condition object instead). */
export const isSavedSegmentTrigger = (config: Config) => typeof config.segment === "string";

export const newSavedSegmentTrigger = (): Config => ({ segment: "", on: "enter" });

export function savedSegmentLine(config: Config): string {
  return `${config.on === "exit" ? "leaves" : "enters"} segment ${String(config.segment || "…")}`;
}

export function SavedSegmentFields({ config, onChange, readOnly }: { config: Config; onChange: (c: Config) => void; readOnly: boolean }) {
  return (
    <>
      <Field label="Saved segment" hint="Contacts enter this journey when their membership changes.">
        <SegmentPicker
          name="trigger-segment"
          value={String(config.segment ?? "")}
          disabled={readOnly}
          onChange={(segment) => onChange({ ...config, segment })}
        />
      </Field>
      <Field label="When they">
        <Select
          name="trigger-segment-on"
          value={config.on === "exit" ? "exit" : "enter"}
          disabled={readOnly}
          options={[
            { value: "enter", label: "enter the segment" },
            { value: "exit", label: "leave the segment" },
          ]}
          onChange={(on) => onChange({ ...config, on })}
        />
      </Field>
    </>
  );
}
