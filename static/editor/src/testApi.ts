/** The Test panel's calls: simulate on the canvas, next occurrences of a date trigger, test sends (design §14). */
import { call } from "./api";
import type { SimResult, SimStep } from "./simulation";
import type { Config } from "./spec";

export interface SimulateInput {
  userId?: string;
  traits?: Record<string, unknown>;
  events?: { event: string; after_seconds: number; properties?: object }[];
  /** ISO start time of the simulation (the server clock when left out). */
  now?: string;
  version?: "draft" | "live";
}

export async function simulateJourney(id: number, input: SimulateInput, signal?: AbortSignal): Promise<SimResult> {
  const response = await call("POST", `/api/v1/journeys/${id}/simulate`, input, {}, signal);
  return (await response.json()) as SimResult;
}

export interface OccurrencesInput {
  trigger: Config;
  now?: string;
  n?: number;
  /** Stands in for a "contact" time zone. */
  timezone?: string;
  sample_date?: string;
}

export async function nextOccurrences(input: OccurrencesInput, signal?: AbortSignal): Promise<string[]> {
  const response = await call("POST", "/api/v1/journeys/next-occurrences", input, {}, signal);
  return ((await response.json()) as { occurrences: string[] }).occurrences;
}

export interface TestStarted {
  run_id: number;
  enrollment: number;
  status_url: string;
}

export interface TestMessage {
  id: number;
  node: string;
  channel: string;
  status: string;
  reason: string;
  address: string;
  created_at: string;
}

export interface TestRun {
  run_id: number;
  state: "active" | "waiting" | "completed" | "exited" | "failed";
  current_node: string;
  path: [string, string][];
  wake_at: string | null;
  exit_reason: string;
  messages: TestMessage[];
}

export async function startTestSend(id: number, userId: string, to?: string): Promise<TestStarted> {
  const body: { userId: string; to?: string } = { userId };
  if (to) body.to = to;
  const response = await call("POST", `/api/v1/journeys/${id}/test`, body);
  return (await response.json()) as TestStarted;
}

export async function testRunStatus(url: string, signal?: AbortSignal): Promise<TestRun> {
  const response = await call("GET", url, undefined, {}, signal);
  return (await response.json()) as TestRun;
}

/** A test run's state as a path the canvas can draw (the messages' statuses as the send verdicts). */
export function testRunAsResult(run: TestRun): SimResult {
  const byNode = new Map<string, TestMessage>();
  for (const m of run.messages) byNode.set(m.node, m);
  const path: SimStep[] = run.path.map(([node, at]) => {
    const step: SimStep = { node, at };
    const message = byNode.get(node);
    if (message) {
      step.would = message.status;
      if (message.reason) step.reason = message.reason;
    }
    return step;
  });
  return { path, outcome: run.state, variants: {}, live: true };
}

/** A run stops changing once it has left the journey. */
export function isFinished(run: TestRun): boolean {
  return run.state === "completed" || run.state === "exited" || run.state === "failed";
}
