"""The node type registry: one module per node type, collected here."""

from __future__ import annotations

from typing import Any

from .base import BAD_CONFIG, NodeType
from .branch import BranchNode
from .exit import ExitNode
from .send import CHANNELS, SendNode
from .split import SplitNode
from .trigger import TriggerNode
from .update import UpdateNode
from .wait import WaitNode
from .wait_event import WaitEventNode

NODE_TYPES: dict[str, NodeType] = {
    node_type.type_name: node_type
    for node_type in (
        TriggerNode(),
        WaitNode(),
        WaitEventNode(),
        SplitNode(),
        BranchNode(),
        SendNode(),
        UpdateNode(),
        ExitNode(),
    )
}


def get_node_type(name: Any) -> NodeType | None:
    """The registered node type called `name`, or None."""
    return NODE_TYPES.get(name) if isinstance(name, str) else None


__all__ = [
    "BAD_CONFIG",
    "CHANNELS",
    "NODE_TYPES",
    "BranchNode",
    "ExitNode",
    "NodeType",
    "SendNode",
    "SplitNode",
    "TriggerNode",
    "UpdateNode",
    "WaitEventNode",
    "WaitNode",
    "get_node_type",
]
