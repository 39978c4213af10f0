/** The path the Test panel drew (simulated or a live test send), read by node cards for their time badge. */
import { createContext, useContext } from "react";
import { EMPTY_PATH, type PathView } from "./simulation";

export const SimulationContext = createContext<PathView>(EMPTY_PATH);
export const useSimulationPath = () => useContext(SimulationContext);
