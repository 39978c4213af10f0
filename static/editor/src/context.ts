/** What node cards read besides their own config: findings, live counts, mode. */
import { createContext, useContext } from "react";
import type { Issue } from "./api";

export interface Counts {
  entered: number;
  waiting: number;
  exited: number;
  sent: number;
}

export interface CanvasInfo {
  issuesByNode: Record<string, Issue[]>;
  counts: Record<string, Counts> | null;
  readOnly: boolean;
}

export const CanvasContext = createContext<CanvasInfo>({ issuesByNode: {}, counts: null, readOnly: false });
export const useCanvasInfo = () => useContext(CanvasContext);

/** Suggestions for the panels: events and traits seen in this workspace. */
export interface Suggestions {
  events: string[];
  traits: string[];
  properties: string[];
}
export const SuggestionsContext = createContext<Suggestions>({ events: [], traits: [], properties: [] });
export const useSuggestions = () => useContext(SuggestionsContext);
