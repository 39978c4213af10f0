"""Small value checks shared by node configs, journey settings and conditions.

JSON has no separate integer type and Python's ``bool`` is an ``int``; these helpers
spell out what the schema means by "a number" or "a positive integer" once.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

from .timeofday import is_zone_name

_HHMM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A finite int or float (booleans are not numbers here)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, (float, Decimal)):
        return math.isfinite(value)
    return False


def is_positive_int(value: Any) -> bool:
    return is_int(value) and value > 0


def is_non_negative_int(value: Any) -> bool:
    return is_int(value) and value >= 0


def is_non_empty_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def is_hhmm(value: Any) -> bool:
    """A 24-hour wall-clock time "HH:MM", 00:00 to 23:59."""
    return isinstance(value, str) and _HHMM.fullmatch(value) is not None


def parse_hhmm(value: str) -> tuple[int, int]:
    """("21:30") -> (21, 30); raises ValueError when not HH:MM."""
    if not is_hhmm(value):
        raise ValueError(f"not a time of day HH:MM: {value!r}")
    hours, minutes = value.split(":")
    return int(hours), int(minutes)


def is_timezone(name: Any) -> bool:
    """True for a valid IANA time zone name ("Europe/Berlin", "UTC")."""
    return is_zone_name(name)


def describe(value: Any) -> str:
    """A short JSON rendering of a user value for an error message."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # circular structure
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_number(value: float) -> str:
    """90.0 -> "90", 92.5 -> "92.5"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
