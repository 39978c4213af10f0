"""Config checks for date-based triggers (pure): a date trait, or a schedule over a saved segment.

``{"date_trait": "birthday", "offset_days": -3, "at": "10:00", "timezone": "contact"|IANA, "yearly": true}``
``{"schedule": {"dates": [...]} | {"every": "day"|"week"|"month", "weekday"?, "day"?},
   "at", "timezone", "segment": key}``
Each message names the field it is about, so the editor and the API can point at it.
"""
from __future__ import annotations

import re
from typing import Any

from .dates import EVERY, MAX_OFFSET_DAYS, MAX_SCHEDULE_DATES, WEEKDAYS, parse_trait_date
from .fields import describe, is_hhmm, is_int, is_non_empty_str, is_timezone

DATE_TRIGGER_KEYS = ("date_trait", "offset_days", "at", "timezone", "yearly", "schedule")
CONTACT_TIMEZONE = "contact"
# A trait name is looked up as a JSON key in SQL: keep it to the characters identify accepts as plain keys.
_TRAIT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")


def is_date_trigger(config: Any) -> bool:
    return isinstance(config, dict) and ("date_trait" in config or "schedule" in config)


def date_trigger_errors(config: dict) -> list[str]:
    if "date_trait" in config and "schedule" in config:
        return ["needs one of date_trait or schedule, not both"]
    foreign = [k for k in ("event", "where", "on") if k in config]
    if "date_trait" in config:
        foreign += ["segment"] if "segment" in config else []
    errors = [f"{key} does not apply to a date trigger" for key in foreign]
    errors.extend(_at_errors(config))
    if "date_trait" in config:
        errors.extend(_date_trait_errors(config))
    else:
        errors.extend(_schedule_errors(config))
    return errors


def _at_errors(config: dict) -> list[str]:
    if "at" not in config:
        return ['at is required: the local time of day "HH:MM" contacts enter']
    if not is_hhmm(config["at"]):
        return [f'at must be a time of day "HH:MM" (00:00 to 23:59), not {describe(config["at"])}']
    return []


def _date_trait_errors(config: dict) -> list[str]:
    errors = []
    if not isinstance(config["date_trait"], str) or not _TRAIT_NAME.fullmatch(config["date_trait"]):
        errors.append(f"date_trait must be a trait name (letters, digits, _), not {describe(config['date_trait'])}")
    offset = config.get("offset_days", 0)
    if not is_int(offset) or abs(offset) > MAX_OFFSET_DAYS:
        errors.append(f"offset_days must be a whole number from -{MAX_OFFSET_DAYS} to {MAX_OFFSET_DAYS}, "
                      f"not {describe(offset)}")
    if not isinstance(config.get("yearly", True), bool):
        errors.append(f"yearly must be true or false, not {describe(config['yearly'])}")
    tz = config.get("timezone", CONTACT_TIMEZONE)
    if tz != CONTACT_TIMEZONE and not is_timezone(tz):
        errors.append(f'timezone must be "contact" or an IANA time zone name, not {describe(tz)}')
    return errors


def _schedule_errors(config: dict) -> list[str]:
    errors = []
    if not is_non_empty_str(config.get("segment")):
        errors.append("segment is required: the key of the saved segment whose members enter")
    if "yearly" in config or "offset_days" in config:
        errors.append("yearly and offset_days only apply to a date_trait trigger")
    if not is_timezone(config.get("timezone")):
        errors.append(f"timezone must be an IANA time zone name, not {describe(config.get('timezone'))}")
    schedule = config["schedule"]
    if not isinstance(schedule, dict):
        return [*errors, f"schedule must be an object, not {describe(schedule)}"]
    if ("dates" in schedule) == ("every" in schedule):
        return [*errors, "schedule needs exactly one of dates or every"]
    if "dates" in schedule:
        return errors + _dates_errors(schedule)
    return errors + _every_errors(schedule)


def _dates_errors(schedule: dict) -> list[str]:
    dates = schedule["dates"]
    extra = [f"schedule.{k} does not apply with dates" for k in schedule if k != "dates"]
    if not isinstance(dates, list) or not dates or len(dates) > MAX_SCHEDULE_DATES:
        return [*extra, f"schedule.dates must be a list of 1 to {MAX_SCHEDULE_DATES} ISO dates, not {describe(dates)}"]
    return extra + [f'schedule.dates[{i}] must be an ISO date "YYYY-MM-DD", not {describe(value)}'
                    for i, value in enumerate(dates)
                    if not isinstance(value, str) or len(value) != 10 or parse_trait_date(value) is None]


def _every_errors(schedule: dict) -> list[str]:
    every = schedule["every"]
    errors = [f"schedule.{k} is unknown; expected every, weekday, day" for k in schedule
              if k not in ("every", "weekday", "day")]
    if every not in EVERY:
        return [*errors, f"schedule.every must be one of {', '.join(EVERY)}, not {describe(every)}"]
    if every == "week":
        if schedule.get("weekday") not in WEEKDAYS:
            errors.append(f"schedule.weekday must be one of {', '.join(WEEKDAYS)}, "
                          f"not {describe(schedule.get('weekday'))}")
    elif "weekday" in schedule:
        errors.append("schedule.weekday only applies with every: week")
    if every == "month":
        day = schedule.get("day")
        if not is_int(day) or not 1 <= day <= 28:
            errors.append(f"schedule.day must be a day of the month from 1 to 28, not {describe(day)}")
    elif "day" in schedule:
        errors.append("schedule.day only applies with every: month")
    return errors
