"""`update`: set contact traits, ``{"set": {trait: value, ...}}``."""

from __future__ import annotations

from typing import Any

from ..decisions import Decision, follow
from ..fields import describe
from .base import ConfigErrors, NodeType


class UpdateNode(NodeType):
    type_name = "update"
    fixed_ports = ("next",)
    config_keys = ("set",)

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        if "set" not in config:
            return [self.bad("set is required")]
        values = config["set"]
        if not isinstance(values, dict) or not values:
            return [self.bad(f"set must be a non-empty object of trait: value, not {describe(values)}")]
        return [
            self.bad(f"set: trait names must be non-empty strings, not {describe(key)}")
            for key in values
            if not isinstance(key, str) or not key
        ]

    def decide(self, config, visit, ctx, now) -> Decision:
        return follow("next", set_traits=dict(config["set"]))
