"""`branch`: ``{"condition": cond}``; leaves by ``yes`` or ``no``."""

from __future__ import annotations

from typing import Any

from ..conditions import evaluate
from ..decisions import Decision, follow
from .base import ConfigErrors, NodeType


class BranchNode(NodeType):
    type_name = "branch"
    fixed_ports = ("yes", "no")
    config_keys = ("condition",)

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        if "condition" not in config:
            return [self.bad("condition is required")]
        return self.condition_problems(config["condition"], "condition")

    def decide(self, config, visit, ctx, now) -> Decision:
        return follow("yes" if evaluate(config["condition"], ctx, now) else "no")
