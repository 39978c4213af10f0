"""Input checked at the edge (design §8): pure checks that walk a value along with its field path.

Every check raises `InputError(field, problem)`, a 400 naming the field the way the client
wrote it: `batch[3].traits.timezone`, `draft.nodes[2].id`, `journey` for a query parameter.
The API calls these before anything is written and before anything recursive sees the value,
so what gets stored is plain JSON: no NUL, no lone surrogates (PostgreSQL refuses both, and
UTF-8 cannot encode the latter), 64-bit integers, finite floats, at most 32 levels deep.
Addresses and traits are core/addresses.py.
"""
from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from django.utils.translation import gettext

from core.errors import InvalidInput
from core.validation_text import between, too_deep

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_ID = INT64_MAX
MAX_JSON_DEPTH = 32
# A request body wraps JSON fields (properties, a graph's conditions) in a few levels of envelope.
MAX_BODY_DEPTH = MAX_JSON_DEPTH + 8
TEN_YEARS_SECONDS = 10 * 366 * 86400
TEN_YEARS_DAYS = 10 * 366
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)

_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
# In JSON text, the only way to write NUL or a lone surrogate: an escape (raw ones do not decode).
# Every branch starts with the literal \u, so the search skims; a low surrogate's partner is looked for behind it.
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                             r"|[dD][c-fC-F][0-9a-fA-F]{2}"
                             r"(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}))")
# available_timezones() also lists files that are no zone names of their own.
_NOT_ZONE_NAMES = {"localtime", "posixrules", "Factory"}


class InputError(InvalidInput):
    """Bad input at the edge: a 400 naming `field`; `message` says what is wrong with it, str() says both."""

    def __init__(self, field: str, problem: str):
        super().__init__(problem, field=field or None)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


# --- text -----------------------------------------------------------------------------------

def printable(text: str, limit: int = 60) -> str:
    """`text` with NUL and lone surrogates spelled as escapes and cut to `limit`: safe to echo in an error."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _BAD_CHARACTER.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def describe(value: Any) -> str:
    """A short, JSON-safe rendering of a client's value for an error message."""
    if isinstance(value, str):
        return repr(printable(value))
    if isinstance(value, (dict, list)):  # never rendered: it may be deep, and that is not the point here
        return "an object" if isinstance(value, dict) else "a list"
    return repr(value)


def check_text(value: str, field: str) -> str:
    if value.isascii() and "\x00" not in value:  # the common case, without the regex
        return value
    found = _BAD_CHARACTER.search(value)
    if found is not None:
        if found.group() == "\x00":
            raise InputError(field, gettext("must not contain NUL characters"))
        raise InputError(field, gettext("must not contain lone surrogates (it is not valid Unicode)"))
    return value


def child_path(path: str, key: str | int) -> str:
    """`traits` + `email` -> `traits.email`; `batch` + 3 -> `batch[3]`; a key's bad characters escaped."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    key = printable(key, limit=100)
    return f"{path}.{key}" if path else key


# --- JSON -----------------------------------------------------------------------------------

def check_json(value: Any, field: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Walk a decoded JSON value without recursion: nesting, every string (keys too), every number.

    The first problem in document order raises; a value nested too deep names `field` itself
    (or `body` for a whole request), not the long path down to where it overflowed. Ingest walks
    every batch, so a lean pass looks first; only a value with a problem is walked again for its path.
    """
    if _looks_clean(value, max_depth):
        return value
    stack = [(value, field, 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            check_text(item, path)
        elif isinstance(item, (dict, list)):
            if depth >= max_depth:
                raise InputError(field or "body", too_deep(max_depth))
            if isinstance(item, dict):
                children = []
                for key, child in item.items():
                    if not isinstance(key, str):
                        raise InputError(path or "body", gettext("keys must be strings"))
                    where = child_path(path, key)
                    check_text(key, where)
                    children.append((child, where, depth + 1))
            else:
                children = [(child, child_path(path, index), depth + 1) for index, child in enumerate(item)]
            stack.extend(reversed(children))
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            check_int(item, path)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise InputError(path, gettext("must be a finite number"))
            if not INT64_MIN <= item <= INT64_MAX:  # 1e300 is a whole number too: the same 64-bit bound
                raise InputError(path, between(INT64_MIN, INT64_MAX))
        else:
            raise InputError(path, gettext("is not a JSON value (%(type)s)") % {"type": type(item).__name__})
    return value


def _looks_clean(value: Any, max_depth: int) -> bool:
    """The lean pass of `check_json`: no paths built, exact types compared; False at the first doubt."""
    search = _BAD_CHARACTER.search
    stack = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        kind = type(item)
        if kind is str:
            if "\x00" in item or (not item.isascii() and search(item)):
                return False
        elif kind is dict or kind is list:
            if depth >= max_depth:
                return False
            depth += 1
            if kind is dict:
                try:
                    keys = "".join(item)
                except TypeError:  # a key that is no string
                    return False
                if "\x00" in keys or (not keys.isascii() and search(keys)):
                    return False
                item = item.values()
            for child in item:
                push((child, depth))
        elif kind is int or kind is float:
            if not INT64_MIN <= item <= INT64_MAX:  # NaN compares false too; inf is out of range
                return False
        elif item is not None and kind is not bool:
            return False
    return True


def nested_deeper_than(value: Any, max_depth: int) -> bool:
    """Only containers are pushed: the depth check of a body whose strings and numbers are known clean."""
    stack = [(value, 0)] if type(value) in (dict, list) else []
    while stack:
        item, depth = stack.pop()
        if depth >= max_depth:
            return True
        depth += 1
        children = item.values() if type(item) is dict else item
        stack.extend([(child, depth) for child in children if type(child) is dict or type(child) is list])
    return False


class NotJSON(InputError):
    """The text does not decode as JSON at all."""


def loads(text: str, field: str = "body", *, max_depth: int = MAX_BODY_DEPTH, parse_constant=None) -> Any:
    """json.loads with everything `check_json` checks; a document too deep for the (recursive) decoder too.

    The hot path of ingest: the text is searched once for the escapes that make NUL or lone
    surrogates, the decoder flags numbers beyond 64 bits, and only containers are walked for depth.
    A document with any doubt gets the full `check_json` walk, which names the spot.
    """
    out_of_range = []

    def parse_int(token: str) -> int:
        if len(token) > 20:  # past any 64-bit number; int() of thousands of digits is slow or refused
            out_of_range.append(token)
            return INT64_MAX + 1
        number = int(token)
        if not INT64_MIN <= number <= INT64_MAX:
            out_of_range.append(token)
        return number

    def parse_float(token: str) -> float:
        number = float(token)
        if not INT64_MIN <= number <= INT64_MAX:  # inf (1e400) included
            out_of_range.append(token)
        return number

    def flag_constant(name: str) -> float:  # NaN, Infinity: no JSON, but Python's decoder takes them
        out_of_range.append(name)
        return math.nan

    try:
        value = json.loads(text, parse_int=parse_int, parse_float=parse_float,
                           parse_constant=parse_constant or flag_constant)
    except RecursionError:
        raise InputError(field or "body", too_deep(max_depth)) from None
    except ValueError as exc:  # JSONDecodeError, and UnicodeDecodeError for bytes
        raise NotJSON(field or "body", gettext("is not JSON: %(error)s") % {"error": exc}) from None
    if out_of_range or _SUSPECT_ESCAPE.search(text) or nested_deeper_than(value, max_depth):
        check_json(value, field, max_depth=max_depth)
    return value


def check_object(value: Any, field: str, *, max_depth: int = MAX_JSON_DEPTH) -> dict:
    """A JSON object (None: empty), checked by `check_json`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(field, gettext("must be a JSON object"))
    return check_json(value, field, max_depth=max_depth)


# --- numbers --------------------------------------------------------------------------------

def check_int(value: Any, field: str, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, gettext("must be an integer"))
    if not minimum <= value <= maximum:
        raise InputError(field, between(minimum, maximum))
    return value


def check_number(value: Any, field: str, *, minimum: float, maximum: float) -> int | float:
    """An int or a finite float within [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(field, gettext("must be a number"))
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(field, gettext("must be a finite number"))
    if not minimum <= value <= maximum:
        raise InputError(field, between(minimum, maximum))
    return value


def parse_int(text: str, field: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """A query parameter holding a whole number (an id unless told otherwise)."""
    try:
        value = int(text) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None:
        raise InputError(field, gettext("%(value)s is not a number") % {"value": describe(text)})
    return check_int(value, field, minimum=minimum, maximum=maximum)


# --- time -----------------------------------------------------------------------------------

def check_moment(value: datetime, field: str) -> datetime:
    """In UTC, between 1970-01-01 and 2200-01-01; a naive datetime is taken as UTC."""
    # The year first: normalising year 9999 at -14:00 would overflow datetime itself.
    if not EARLIEST.year - 1 <= value.year <= LATEST.year:
        raise InputError(field, between("1970-01-01", "2200-01-01"))
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if not EARLIEST <= value <= LATEST:
        raise InputError(field, between("1970-01-01", "2200-01-01"))
    return value


def parse_moment(text: str, field: str) -> datetime:
    """An ISO-8601 timestamp with any offset (none: UTC), normalised to UTC and range-checked."""
    try:
        parsed = datetime.fromisoformat(text) if len(text) <= 64 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise InputError(field, gettext("%(value)s is not an ISO-8601 timestamp") % {"value": describe(text)})
    return check_moment(parsed, field)


@lru_cache(maxsize=1)
def iana_timezones() -> frozenset[str]:
    return frozenset(available_timezones() - _NOT_ZONE_NAMES)


def check_timezone(value: Any, field: str) -> str:
    if not isinstance(value, str) or value not in iana_timezones():
        raise InputError(field, gettext("%(value)s is not an IANA time zone name (like Europe/Paris)")
                         % {"value": describe(value)})
    return value
