/**
 * The shown version's status and what this user may do with it, both as the server says.
 *
 * The permissions are the `workflow` flags of the page's boot data. They describe one status: when
 * the status changes here (the first save of a new draft turns a live version's page into a draft's),
 * the editor asks the server again (`fetchBoot`), and until it answers keeps the flags it has.
 * Approval notices (`refresh`) bring the new status and its flags together.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, journeyAction, type Issue } from "../api";
import { t } from "../i18n";
import { fetchBoot, type Boot, type Workflow } from "../boot";
import type { SetNotice } from "./useNotice";

interface State {
  status: string | null;
  workflow: Workflow;
  /** The status `workflow` was computed for. */
  workflowStatus: string | null;
}

export function useWorkflow(boot: Boot, setIssues: (issues: Issue[]) => void, setNotice: SetNotice) {
  const journeyId = boot.journey.id;
  const mode = boot.mode;
  const [state, setState] = useState<State>({ status: boot.version_status, workflow: boot.workflow, workflowStatus: boot.version_status });

  /** Re-read the status of the journey's editable version and the user's permissions on it. */
  const refresh = useCallback(async () => {
    if (mode !== "edit") return;
    try {
      const fresh = await fetchBoot(journeyId);
      // No editable version any more (published, archived): the page keeps what it shows.
      if (fresh.mode !== "edit" || fresh.journey.draft_version === null) return;
      setState({ status: fresh.version_status, workflow: fresh.workflow, workflowStatus: fresh.version_status });
    } catch {
      /* the flags already shown stay; the API refuses what is not allowed */
    }
  }, [journeyId, mode]);

  const setStatus = useCallback((status: string | null) => setState((s) => (s.status === status ? s : { ...s, status })), []);

  useEffect(() => {
    if (state.status !== state.workflowStatus) void refresh();
  }, [state.status, state.workflowStatus, refresh]);

  /** A workflow action on the saved draft: submit for approval, or publish (approved -> live). */
  const act = useCallback(
    async (action: "submit" | "publish") => {
      try {
        await journeyAction(journeyId, action);
        window.location.assign(action === "publish" ? `/journeys/${journeyId}/?view=live` : `/journeys/${journeyId}/`);
      } catch (e) {
        if (e instanceof ApiError && e.body && Array.isArray((e.body as { issues?: Issue[] }).issues)) {
          setIssues((e.body as { issues: Issue[] }).issues);
        }
        const hint = e instanceof ApiError && e.status === 404 ? t("notice.notAvailable") : "";
        setNotice({ kind: "error", text: t(`notice.${action}Failed`, { reason: (e as Error).message, hint }) });
      }
    },
    [journeyId, setIssues, setNotice],
  );

  return { versionStatus: state.status, workflow: state.workflow, setVersionStatus: setStatus, refresh, act };
}
