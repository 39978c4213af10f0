"""Checking a document against the condition language (conditions.py) before it is stored.

Every problem is reported at once as a (path, message) pair, the path naming the spot in
the document ("segment.all[2].op"), so the editor and the API can point at it. A document
with no problems never makes `evaluate` raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .conditions import COUNT_OPS, OPS, ORDER_OPS
from .fields import describe, is_non_empty_str, is_non_negative_int, is_number

MAX_DEPTH = 32  # nesting limit, so a hostile document cannot exhaust the stack

Problems = list[tuple[str, str]]


def condition_errors(obj: Any, path: str = "condition") -> Problems:
    """Every problem in a contact condition, as (path, message) pairs."""
    problems: Problems = []
    _check(obj, path, problems, depth=0, properties=False)
    return problems


def property_condition_errors(obj: Any, path: str = "where") -> Problems:
    """Every problem in a property condition (an event's `where`)."""
    problems: Problems = []
    _check(obj, path, problems, depth=0, properties=True)
    return problems


_COMBINATORS = ("all", "any", "not")


def _check(obj: Any, path: str, problems: Problems, depth: int, properties: bool) -> None:
    if depth > MAX_DEPTH:
        problems.append((path, f"conditions are nested more than {MAX_DEPTH} levels deep"))
        return
    if not isinstance(obj, Mapping):
        problems.append((path, f"must be an object, not {describe(obj)}"))
        return
    known = (*_COMBINATORS, "prop") if properties else (*_COMBINATORS, "attr", "event", "segment", "computed")
    forms = [k for k in known if k in obj]
    if not forms:
        expected = "all, any, not, prop" if properties else "all, any, not, attr, event, segment, computed"
        hint = ""
        if not properties and "prop" in obj:
            hint = " ('prop' is only allowed inside an event's where)"
        elif properties and any(k in obj for k in ("attr", "event", "segment", "computed")):
            hint = " (an event's where takes 'prop' conditions)"
        problems.append((path, f"unknown condition form; expected one of {expected}{hint}"))
        return
    if len(forms) > 1:
        problems.append((path, f"mixes {' and '.join(repr(f) for f in forms)}; use one form per object"))
        return
    form = forms[0]

    if form in ("all", "any"):
        _unknown_keys(obj, (form,), path, problems)
        items = obj[form]
        if not isinstance(items, list):
            problems.append((f"{path}.{form}", "must be a list of conditions"))
        elif not items:
            problems.append((f"{path}.{form}", "must not be empty"))
        else:
            for i, item in enumerate(items):
                _check(item, f"{path}.{form}[{i}]", problems, depth + 1, properties)
    elif form == "not":
        _unknown_keys(obj, ("not",), path, problems)
        _check(obj["not"], f"{path}.not", problems, depth + 1, properties)
    elif form == "segment":
        _unknown_keys(obj, ("segment",), path, problems)
        if not is_non_empty_str(obj["segment"]):
            problems.append((f"{path}.segment", f"must be a segment key, not {describe(obj['segment'])}"))
    elif form in ("attr", "prop", "computed"):
        _unknown_keys(obj, (form, "op", "value"), path, problems)
        if not is_non_empty_str(obj[form]):
            problems.append((f"{path}.{form}", f"must be a non-empty name, not {describe(obj[form])}"))
        _check_op(obj, path, problems)
    else:  # event
        _unknown_keys(obj, ("event", "count", "within_days", "where"), path, problems)
        if not is_non_empty_str(obj["event"]):
            problems.append((f"{path}.event", f"must be a non-empty event name, not {describe(obj['event'])}"))
        if "count" in obj:
            _check_count(obj["count"], f"{path}.count", problems)
        if "within_days" in obj:
            days = obj["within_days"]
            if not is_number(days) or days <= 0:
                problems.append((f"{path}.within_days", f"must be a positive number of days, not {describe(days)}"))
        if "where" in obj:
            _check(obj["where"], f"{path}.where", problems, depth + 1, properties=True)


def _check_op(obj: Mapping[str, Any], path: str, problems: Problems) -> None:
    if "op" not in obj:
        problems.append((f"{path}.op", "is required"))
        return
    op = obj["op"]
    if op not in OPS:
        problems.append((f"{path}.op", f"unknown op {describe(op)}; expected one of {', '.join(OPS)}"))
        return
    if op == "exists":
        if obj.get("value") is not None:
            problems.append((f"{path}.value", "exists takes no value"))
        return
    if "value" not in obj:
        problems.append((f"{path}.value", f"is required for {op}"))
        return
    value = obj["value"]
    if op == "in" and not isinstance(value, list):
        problems.append((f"{path}.value", f"in needs a list of values, not {describe(value)}"))
    elif op in ORDER_OPS and not (is_number(value) or isinstance(value, str)):
        problems.append((f"{path}.value", f"{op} needs a number or a string, not {describe(value)}"))


def _check_count(count: Any, path: str, problems: Problems) -> None:
    if not isinstance(count, Mapping):
        problems.append((path, f'must be an object {{"op", "value"}}, not {describe(count)}'))
        return
    _unknown_keys(count, ("op", "value"), path, problems)
    op = count.get("op")
    if op not in COUNT_OPS:
        problems.append((f"{path}.op", f"unknown count op {describe(op)}; expected one of {', '.join(COUNT_OPS)}"))
    value = count.get("value")
    if not is_non_negative_int(value):
        problems.append((f"{path}.value", f"must be a non-negative integer, not {describe(value)}"))


def _unknown_keys(obj: Mapping[str, Any], allowed: tuple[str, ...], path: str, problems: Problems) -> None:
    for key in obj:
        if key not in allowed:
            problems.append((f"{path}.{key}", f"unknown key; expected {', '.join(allowed)}"))
