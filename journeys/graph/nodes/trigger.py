"""`trigger`: where contacts enter.

``{"event": name, "where": cond?}`` enters on each matching event;
``{"segment": cond}`` enters when the contact starts matching the condition;
``{"segment": key, "on": "enter"|"exit"}`` enters when the contact enters (or leaves) a saved segment.
"""

from __future__ import annotations

from typing import Any

from ..decisions import Decision, follow
from ..fields import describe, is_non_empty_str
from ..date_triggers import DATE_TRIGGER_KEYS, date_trigger_errors, is_date_trigger
from .base import ConfigErrors, NodeType


SEGMENT_MOVES = ("enter", "exit")


class TriggerNode(NodeType):
    type_name = "trigger"
    fixed_ports = ("next",)
    config_keys = ("event", "where", "segment", "on", *DATE_TRIGGER_KEYS)
    is_trigger = True

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        if is_date_trigger(config):  # a date trait or a schedule: journeys/graph/date_triggers.py
            return [self.bad(message) for message in date_trigger_errors(config)]
        has_event, has_segment = "event" in config, "segment" in config
        if has_event == has_segment:
            return [self.bad("needs exactly one of event or segment")]
        if has_segment and isinstance(config["segment"], str):
            errors = [] if config["segment"] else [self.bad("segment must be a segment key or a condition")]
            if config.get("on", "enter") not in SEGMENT_MOVES:
                errors.append(self.bad(f"on must be one of {', '.join(SEGMENT_MOVES)}, not {describe(config['on'])}"))
            if "where" in config:
                errors.append(self.bad("where only applies to an event trigger"))
            return errors
        on_misplaced = "on" in config
        errors_on = [self.bad("on only applies to a trigger on a saved segment (segment: key)")] if on_misplaced else []
        if has_segment:
            errors = errors_on + self.condition_problems(config["segment"], "segment")
            if "where" in config:
                errors.append(self.bad("where only applies to an event trigger"))
            return errors
        errors = errors_on
        if not is_non_empty_str(config["event"]):
            errors.append(self.bad(f"event must be a non-empty event name, not {describe(config['event'])}"))
        if "where" in config:
            errors.extend(self.property_condition_problems(config["where"], "where"))
        return errors

    def decide(self, config, visit, ctx, now) -> Decision:
        return follow("next")
