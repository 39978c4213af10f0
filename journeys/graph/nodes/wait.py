"""`wait`: pause for a duration or until a time of day.

``{"seconds": n}`` or ``{"until": "HH:MM", "weekdays"?: ["mon", …], "timezone": "contact" | IANA name}``
(timezone defaults to the contact's own; with weekdays, the next listed weekday at that time).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..decisions import Decision
from ..fields import describe, is_hhmm, is_positive_int, is_timezone
from ..dates import WEEKDAYS, next_weekday_time
from ..timeofday import next_local_time
from .base import ConfigErrors, NodeType

CONTACT_TIMEZONE = "contact"


class WaitNode(NodeType):
    type_name = "wait"
    fixed_ports = ("next",)
    config_keys = ("seconds", "until", "timezone", "weekdays")
    waits = True

    def check_config(self, config: dict[str, Any]) -> ConfigErrors:
        has_seconds, has_until = "seconds" in config, "until" in config
        if has_seconds == has_until:
            return [self.bad("needs exactly one of seconds or until")]
        errors = []
        if has_seconds:
            if not is_positive_int(config["seconds"]):
                errors.append(self.bad(f"seconds must be a positive integer, not {describe(config['seconds'])}"))
            if "timezone" in config:
                errors.append(self.bad("timezone only applies with until"))
            if "weekdays" in config:
                errors.append(self.bad("weekdays only applies with until"))
            return errors
        errors.extend(self._weekday_errors(config))
        if not is_hhmm(config["until"]):
            errors.append(self.bad(f'until must be a time of day "HH:MM" (00:00 to 23:59), not {describe(config["until"])}'))
        tz = config.get("timezone", CONTACT_TIMEZONE)
        if tz != CONTACT_TIMEZONE and not is_timezone(tz):
            errors.append(self.bad(f'timezone must be "contact" or an IANA time zone name, not {describe(tz)}'))
        return errors

    def _weekday_errors(self, config: dict[str, Any]) -> ConfigErrors:
        if "weekdays" not in config:
            return []
        days = config["weekdays"]
        if not isinstance(days, list) or not days:
            return [self.bad(f"weekdays must be a non-empty list of {', '.join(WEEKDAYS)}, not {describe(days)}")]
        return [self.bad(f"weekdays[{i}] must be one of {', '.join(WEEKDAYS)}, not {describe(day)}")
                for i, day in enumerate(days) if day not in WEEKDAYS]

    def decide(self, config, visit, ctx, now) -> Decision:
        if "seconds" in config:
            until = now + timedelta(seconds=config["seconds"])
        else:
            tz = config.get("timezone", CONTACT_TIMEZONE)
            tz_name = visit.timezone if tz == CONTACT_TIMEZONE else tz
            if config.get("weekdays"):
                until = next_weekday_time(now, config["until"], config["weekdays"], tz_name)
            else:
                until = next_local_time(now, config["until"], tz_name)
        return Decision(park_until=until, park_port="next")
