/** The templates of one channel, loaded for a send panel (its template choices). */
import { useEffect, useState } from "react";
import { listTemplates, type Template } from "../api";

export function useTemplates(channel: string) {
  const [state, setState] = useState<{ channel: string; templates: Template[]; error: string | null; loading: boolean }>({
    channel,
    templates: [],
    error: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState({ channel, templates: [], error: null, loading: true });
    listTemplates(channel)
      .then((templates) => live && setState({ channel, templates, error: null, loading: false }))
      .catch((e: Error) => live && setState({ channel, templates: [], error: e.message, loading: false }));
    return () => {
      live = false;
    };
  }, [channel]);
  return state;
}
