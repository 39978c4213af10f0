"""`wait_event`: wait for an event, or give up after a timeout.

``{"event": name, "where": cond?, "timeout_seconds": n}``; leaves by ``event`` when
a matching event arrives, by ``timeout`` otherwise.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..decisions import Decision
from ..fields import describe, is_non_empty_str, is_positive_int
from .base import ConfigErrors, NodeType


class WaitEventNode(NodeType):
    type_name = "wait_event"
    fixed_ports = ("event", "timeout")
    config_keys = ("event", "where", "timeout_seconds")
    waits = True

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        errors = []
        if "event" not in config:
            errors.append(self.bad("event is required"))
        elif not is_non_empty_str(config["event"]):
            errors.append(self.bad(f"event must be a non-empty event name, not {describe(config['event'])}"))
        if "where" in config:
            errors.extend(self.property_condition_problems(config["where"], "where"))
        if "timeout_seconds" not in config:
            errors.append(self.bad("timeout_seconds is required"))
        elif not is_positive_int(config["timeout_seconds"]):
            errors.append(self.bad(f"timeout_seconds must be a positive integer, not {describe(config['timeout_seconds'])}"))
        return errors

    def decide(self, config, visit, ctx, now) -> Decision:
        # Parked until the event arrives (the runtime switches the port to "event") or the timeout.
        return Decision(park_until=now + timedelta(seconds=config["timeout_seconds"]), park_port="timeout",
                        wait_event=config["event"], wait_where=config.get("where"))
