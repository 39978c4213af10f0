/**
 * The Test panel (design §14): a contact (stored userId, or traits), the events it does with delays
 * and an optional start time, simulated on the saved draft and drawn on the canvas; and a real test
 * send of the draft for one stored contact, followed live on the canvas.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { useSimulation } from "../hooks/useSimulation";
import type { useTestSend } from "../hooks/useTestSend";
import { eventsPayload, localInputToIso, type EventRow } from "../simulation";
import type { SimulateInput } from "../testApi";
import { Field, Select, TextInput } from "./fields";
import { TestEvents } from "./TestEvents";
import { SimSummary, TestRunSummary } from "./TestResult";

interface Props {
  readOnly: boolean;
  /** Whether this user may start a test send (edit rights on the draft). */
  canTestSend: boolean;
  simulation: ReturnType<typeof useSimulation>;
  testSend: ReturnType<typeof useTestSend>;
  /** Saves unsaved changes first: a test send runs the saved draft. */
  saveFirst(): Promise<void>;
  onPick: (nodeId: string) => void;
  onClose: () => void;
}

type Who = "user" | "traits";

/** The panel's inputs -> the `simulate` body, or an error naming what is wrong. */
export function simulateInput(who: Who, userId: string, traits: string, rows: EventRow[], start: string): SimulateInput | string {
  const input: SimulateInput = {};
  if (who === "user") {
    if (!userId.trim()) return translate("test.giveUserId");
    input.userId = userId.trim();
  } else {
    try {
      const parsed = traits.trim() ? JSON.parse(traits) : {};
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return translate("test.traitsObject");
      input.traits = parsed;
    } catch {
      return translate("test.traitsObject");
    }
  }
  try {
    input.events = eventsPayload(rows);
  } catch {
    return translate("test.propertiesObjects");
  }
  const now = localInputToIso(start);
  if (now) input.now = now;
  return input;
}

export function TestPanel({ readOnly, canTestSend, simulation, testSend, saveFirst, onPick, onClose }: Props) {
  const { t } = useTranslation();
  const [who, setWho] = useState<Who>("user");
  const [userId, setUserId] = useState("");
  const [traits, setTraits] = useState('{"timezone": "UTC"}');
  const [rows, setRows] = useState<EventRow[]>([]);
  const [start, setStart] = useState("");
  const [to, setTo] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const simulate = () => {
    const input = simulateInput(who, userId, traits, rows, start);
    if (typeof input === "string") return setProblem(input);
    setProblem(null);
    testSend.reset();
    void simulation.run(input);
  };
  const runTestSend = () => {
    if (!userId.trim()) return setProblem(t("test.sendNeedsUser"));
    setProblem(null);
    void testSend.start(userId.trim(), to.trim() || undefined, saveFirst);
  };
  const simStatus = simulation.status;
  const sendStatus = testSend.status;

  return (
    <div className="panel-body test-panel" data-testid="test-panel">
      <h3>
        {t("test.title")}
        <button type="button" className="link test-close" onClick={onClose} title={t("test.close")}>
          ✕
        </button>
      </h3>
      <Field label={t("test.contact")}>
        <Select
          name="test-who"
          value={who}
          options={[
            { value: "user", label: t("test.storedContact") },
            { value: "traits", label: t("test.madeUp") },
          ]}
          onChange={setWho}
        />
      </Field>
      {who === "user" ? (
        <Field label={t("test.userId")}>
          <TextInput name="test-user" value={userId} placeholder="u-123" onChange={setUserId} />
        </Field>
      ) : (
        <Field label={t("test.traits")} hint={t("test.traitsHint")}>
          <textarea name="test-traits" rows={3} value={traits} spellCheck={false} onChange={(e) => setTraits(e.target.value)} />
        </Field>
      )}
      <TestEvents rows={rows} onChange={setRows} />
      <Field label={t("test.startAt")} hint={t("test.startAtHint")}>
        <input type="datetime-local" name="test-now" value={start} onChange={(e) => setStart(e.target.value)} />
      </Field>
      {problem && <p className="pf-error">{problem}</p>}
      <div className="pf-row">
        <button type="button" className="primary" data-action="simulate" disabled={simStatus.kind === "running"} onClick={simulate}>
          {simStatus.kind === "running" ? t("test.simulating") : t("test.simulate")}
        </button>
        {simulation.result && (
          <button type="button" data-action="clear-path" onClick={() => (testSend.reset(), simulation.clear())}>
            {t("test.clearPath")}
          </button>
        )}
      </div>
      {simStatus.kind === "error" && <p className="pf-error" data-testid="sim-error">{simStatus.error}</p>}
      {simulation.result && !testSend.run && <SimSummary result={simulation.result} onPick={onPick} />}

      {!readOnly && canTestSend && (
        <div className="pf pf-section test-send">
          <span className="pf-label">{t("test.testSend")}</span>
          <span className="pf-hint">{t("test.testSendHint")}</span>
          <TextInput name="test-to" value={to} placeholder={t("test.to")} onChange={setTo} />
          <button
            type="button"
            data-action="test-send"
            disabled={sendStatus.kind === "starting" || sendStatus.kind === "following"}
            onClick={runTestSend}
          >
            {sendStatus.kind === "following" ? t("test.following") : t("test.runTestSend")}
          </button>
          {sendStatus.kind === "error" && <p className="pf-error" data-testid="test-send-error">{sendStatus.error}</p>}
          {testSend.run && <TestRunSummary run={testSend.run} />}
        </div>
      )}
    </div>
  );
}
