"""The condition language (design section 3).

Contact conditions (triggers' segments, branches, goals)::

    {"all": [c, ...]}   {"any": [c, ...]}   {"not": c}
    {"attr": "plan", "op": "eq", "value": "pro"}
    {"event": "order_completed", "count": {"op": "gte", "value": 2},
     "within_days": 30, "where": <property condition>}
    {"segment": "vip"}                       (a member of the saved segment)
    {"computed": "orders_90d", "op": "gte", "value": 3}   (a computed trait)

Property conditions (an event's `where`: triggers, wait_event, goals)::

    {"all": [...]}  {"any": [...]}  {"not": p}
    {"prop": "is_new_product", "op": "eq", "value": true}

Semantics, chosen so that a condition never raises at runtime on user data:
- a missing attribute or property is false for every op except `neq` (true) and
  `exists` (false); `exists` is also false for null;
- values of different JSON kinds never compare: 1 vs "1", true vs 1, a number vs a
  string under `gt` are simply false (and unequal);
- `in` needs a list value; `contains` looks for a substring in a string or an
  element in a list.

`evaluate` reads the contact through the `ContactContext` protocol, so the same code
runs over the database (runtime), over the dry-run simulator's own context, or in
memory (`InMemoryContext`, for tests). Checking a document against the language,
before it is ever evaluated, is condition_checks.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from .fields import describe

OPS = ("eq", "neq", "gt", "gte", "lt", "lte", "in", "contains", "exists")
COUNT_OPS = ("eq", "neq", "gt", "gte", "lt", "lte")
DEFAULT_COUNT = {"op": "gte", "value": 1}
ORDER_OPS = ("gt", "gte", "lt", "lte")


class _Missing:
    """The value of an attribute or property that is not there at all."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class ConditionError(ValueError):
    """`evaluate` was handed something that is not a condition (validate first)."""


class ContactContext(Protocol):
    """What a condition may ask about one contact."""

    def trait(self, name: str) -> Any:
        """The trait's value, or the sentinel `MISSING` when the contact has none."""
        ...

    def count_events(self, name: str, since: datetime | None, where: dict[str, Any] | None) -> int:
        """How many events `name` at or after `since` (None: ever) match `where`."""
        ...

    def in_segment(self, key: str) -> bool:
        """Is the contact a member of the saved segment `key` now (False for an unknown key)?"""
        ...

    def computed(self, key: str) -> Any:
        """The computed trait's value, or `MISSING` when the contact has none (or it is null)."""
        ...


# -- evaluation -----------------------------------------------------------------------


def evaluate(cond: Mapping[str, Any], ctx: ContactContext, now: datetime) -> bool:
    """Does the contact behind `ctx` match `cond` at time `now`?"""
    if not isinstance(cond, Mapping):
        raise ConditionError(f"a condition must be an object, not {describe(cond)}")
    if "all" in cond:
        return all(evaluate(c, ctx, now) for c in cond["all"])
    if "any" in cond:
        return any(evaluate(c, ctx, now) for c in cond["any"])
    if "not" in cond:
        return not evaluate(cond["not"], ctx, now)
    if "attr" in cond:
        return compare(cond.get("op"), ctx.trait(cond["attr"]), cond.get("value"))
    if "event" in cond:
        count = cond.get("count") or DEFAULT_COUNT
        within_days = cond.get("within_days")
        since = None if within_days is None else now - timedelta(days=within_days)
        where = cond.get("where")
        n = ctx.count_events(cond["event"], since, where)
        return compare(count["op"], n, count["value"])
    if "segment" in cond:
        return bool(ctx.in_segment(cond["segment"]))
    if "computed" in cond:
        return compare(cond.get("op"), ctx.computed(cond["computed"]), cond.get("value"))
    raise ConditionError(f"unknown condition form: {describe(cond)}")


def match_properties(where: Mapping[str, Any] | None, props: Mapping[str, Any]) -> bool:
    """Does an event with properties `props` match the property condition `where`?

    None (no filter) matches everything.
    """
    if where is None:
        return True
    if not isinstance(where, Mapping):
        raise ConditionError(f"a property condition must be an object, not {describe(where)}")
    if "all" in where:
        return all(match_properties(c, props) for c in where["all"])
    if "any" in where:
        return any(match_properties(c, props) for c in where["any"])
    if "not" in where:
        return not match_properties(where["not"], props)
    if "prop" in where:
        return compare(where.get("op"), lookup(props, where["prop"]), where.get("value"))
    raise ConditionError(f"unknown property condition form: {describe(where)}")


def lookup(props: Mapping[str, Any], name: str) -> Any:
    """props[name]; a dotted name ("product.category") walks nested objects when the
    literal key is absent. MISSING when not there."""
    if name in props:
        return props[name]
    if "." in name:
        current: Any = props
        for part in name.split("."):
            if not isinstance(current, Mapping) or part not in current:
                return MISSING
            current = current[part]
        return current
    return MISSING


def compare(op: str, actual: Any, expected: Any) -> bool:
    """Apply one op; never raises for odd data, only for an unknown op."""
    if op == "exists":
        return actual is not MISSING and actual is not None
    if actual is MISSING:
        if op in OPS:
            return op == "neq"
        raise ConditionError(f"unknown op {op!r}")
    if op == "eq":
        return _equal(actual, expected)
    if op == "neq":
        return not _equal(actual, expected)
    if op in ORDER_OPS:
        kind = _kind(actual)
        if kind not in ("number", "string") or kind != _kind(expected):
            return False
        try:
            if op == "gt":
                return actual > expected
            if op == "gte":
                return actual >= expected
            if op == "lt":
                return actual < expected
            return actual <= expected
        except (TypeError, ArithmeticError):
            return False
    if op == "in":
        if not isinstance(expected, (list, tuple)):
            return False
        return any(_equal(actual, item) for item in expected)
    if op == "contains":
        if isinstance(actual, str):
            return isinstance(expected, str) and expected in actual
        if isinstance(actual, (list, tuple)):
            return any(_equal(item, expected) for item in actual)
        return False
    raise ConditionError(f"unknown op {op!r}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return "other"


json_kind = _kind  # the SQL compiler (audiences/compiler) mirrors these kinds


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: kinds must match (so true != 1 and 1 != "1"), 1 == 1.0."""
    kind = _kind(a)
    if kind != _kind(b):
        return False
    if kind == "list":
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if kind == "object":
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:
        return False


# -- in-memory contact ----------------------------------------------------------------


class InMemoryContext:
    """A contact held in memory, for tests (the dry-run simulator has its own context)."""

    def __init__(
        self,
        traits: Mapping[str, Any] | None = None,
        events: Iterable[tuple[str, Mapping[str, Any], datetime]] = (),
        segments: Iterable[str] = (),
        computed: Mapping[str, Any] | None = None,
    ) -> None:
        self.traits = dict(traits or {})
        self.events = list(events)
        self.segments = set(segments)
        self.computed_values = dict(computed or {})

    def trait(self, name: str) -> Any:
        return lookup(self.traits, name)

    def count_events(self, name: str, since: datetime | None, where: dict[str, Any] | None) -> int:
        return sum(
            1
            for event_name, props, at in self.events
            if event_name == name
            and (since is None or at >= since)
            and match_properties(where, props)
        )

    def in_segment(self, key: str) -> bool:
        return key in self.segments

    def computed(self, key: str) -> Any:
        value = self.computed_values.get(key)
        return MISSING if value is None else value
