/** The node type registry: one module per node type, collected here (mirrors journeys/graph/nodes/__init__.py). */
import type { NodeTypes } from "@xyflow/react";
import { NODE_TYPES, UNKNOWN_FLOW_TYPE, type NodeType } from "../spec";
import { branch } from "./branch";
import { exit } from "./exit";
import type { NodeKind } from "./kind";
import { send } from "./send";
import { split } from "./split";
import { trigger } from "./trigger";
import { UnknownNode } from "./unknown";
import { update } from "./update";
import { wait } from "./wait";
import { wait_event } from "./wait_event";

export const NODE_KINDS: Record<NodeType, NodeKind> = { trigger, wait, wait_event, split, branch, send, update, exit };

export const PALETTE: NodeKind[] = NODE_TYPES.map((t) => NODE_KINDS[t]);

/** For <ReactFlow nodeTypes>: must be one stable object. */
export const flowNodeTypes: NodeTypes = {
  ...Object.fromEntries(NODE_TYPES.map((t) => [t, NODE_KINDS[t].Component])),
  [UNKNOWN_FLOW_TYPE]: UnknownNode,
};

export type { NodeKind, PanelProps } from "./kind";
