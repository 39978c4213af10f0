"""`trigger`: where contacts enter.

``{"event": name, "where": cond?}`` enters on each matching event;
``{"segment": cond}`` enters when the contact starts matching the condition.
"""

from __future__ import annotations

from typing import Any

from ..decisions import Decision, follow
from ..fields import describe, is_non_empty_str
from .base import ConfigErrors, NodeType


class TriggerNode(NodeType):
    type_name = "trigger"
    fixed_ports = ("next",)
    config_keys = ("event", "where", "segment")
    is_trigger = True

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        has_event, has_segment = "event" in config, "segment" in config
        if has_event == has_segment:
            return [self.bad("needs exactly one of event or segment")]
        if has_segment:
            errors = self.condition_problems(config["segment"], "segment")
            if "where" in config:
                errors.append(self.bad("where only applies to an event trigger"))
            return errors
        errors = []
        if not is_non_empty_str(config["event"]):
            errors.append(self.bad(f"event must be a non-empty event name, not {describe(config['event'])}"))
        if "where" in config:
            errors.extend(self.property_condition_problems(config["where"], "where"))
        return errors

    def decide(self, config, visit, ctx, now) -> Decision:
        return follow("next")
