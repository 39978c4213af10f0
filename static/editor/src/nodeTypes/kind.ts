/** The contract each node type module under src/nodeTypes/ fulfils (mirrors journeys/graph/nodes/). */
import type { ComponentType } from "react";
import type { NodeProps } from "@xyflow/react";
import type { Config, FlowNode, NodeType } from "../spec";

export interface PanelProps {
  nodeId: string;
  config: Config;
  onChange: (config: Config) => void;
  readOnly: boolean;
}

export interface NodeKind {
  type: NodeType;
  label: string;
  /** One line for the palette. */
  hint: string;
  icon: string;
  /** The config a node dropped from the palette starts with. */
  defaultConfig: () => Config;
  /** The node card on the canvas. */
  Component: ComponentType<NodeProps<FlowNode>>;
  /** The properties panel. */
  Panel: ComponentType<PanelProps>;
}
