/** The <datalist>s the panels' inputs suggest from: events, traits and properties seen, time zones. */
import { useEffect, useState } from "react";
import type { Suggestions } from "../context";
import { LIST_EVENTS, LIST_PROPERTIES, LIST_TIMEZONES, LIST_TRAITS } from "./fields";

let timezones: string[] | null = null;
function allTimezones(): string[] {
  if (!timezones) {
    try {
      timezones = ["contact", ...(Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone")];
    } catch {
      timezones = ["contact", "UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"];
    }
  }
  return timezones;
}

function TimezoneList() {
  // Filled half a second after the first paint: 400 options are not needed to open the editor.
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    const t = setTimeout(() => setZones(allTimezones()), 500);
    return () => clearTimeout(t);
  }, []);
  return (
    <datalist id={LIST_TIMEZONES}>
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

export function Datalists({ suggestions }: { suggestions: Suggestions }) {
  return (
    <>
      <datalist id={LIST_EVENTS}>
        {suggestions.events.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      <datalist id={LIST_TRAITS}>
        {suggestions.traits.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      <datalist id={LIST_PROPERTIES}>
        {suggestions.properties.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      <TimezoneList />
    </>
  );
}
