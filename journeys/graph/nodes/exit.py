"""`exit`: the contact leaves the journey. Config ``{}``; no ports."""

from __future__ import annotations

from .base import NodeType
from ..decisions import Decision


class ExitNode(NodeType):
    type_name = "exit"
    fixed_ports = ()
    config_keys = ()

    def decide(self, config, visit, ctx, now) -> Decision:
        return Decision(finish="completed")
