"""`exit`: the contact leaves the journey. Config ``{}``; no ports."""

from __future__ import annotations

from ..decisions import Decision
from .base import NodeType


class ExitNode(NodeType):
    type_name = "exit"
    fixed_ports = ()
    config_keys = ()

    def decide(self, config, visit, ctx, now) -> Decision:
        return Decision(finish="completed")
