"""The condition language: every op, missing data, odd types, combinators, events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from journeys.graph.condition_checks import condition_errors, property_condition_errors
from journeys.graph.conditions import (
    MISSING,
    ConditionError,
    ContactContext,
    InMemoryContext,
    compare,
    evaluate,
    match_properties,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def attr(name, op, value=None):
    cond = {"attr": name, "op": op}
    if op != "exists":
        cond["value"] = value
    return cond


def holds(cond, traits=None, events=()):
    return evaluate(cond, InMemoryContext(traits or {}, list(events)), NOW)


# -- ops ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "actual", "value", "expected"),
    [
        ("eq", "female", "female", True),
        ("eq", "female", "male", False),
        ("eq", 3, 3.0, True),
        ("eq", None, None, True),
        ("eq", [1, 2], [1, 2], True),
        ("eq", {"a": 1}, {"a": 1}, True),
        ("neq", "a", "b", True),
        ("neq", "a", "a", False),
        ("gt", 5, 3, True),
        ("gt", 3, 3, False),
        ("gte", 3, 3, True),
        ("gte", 2.5, 3, False),
        ("lt", 2, 3, True),
        ("lt", 3, 3, False),
        ("lte", 3, 3, True),
        ("lte", 4, 3, False),
        ("gt", "2026-02-01", "2026-01-31", True),  # ISO dates compare as strings
        ("in", "pro", ["pro", "team"], True),
        ("in", "free", ["pro", "team"], False),
        ("in", 2, [1, 2.0], True),
        ("contains", "hello world", "world", True),
        ("contains", "hello", "bye", False),
        ("contains", ["vip", "beta"], "beta", True),
        ("contains", ["vip"], "beta", False),
        ("exists", "x", None, True),
        ("exists", 0, None, True),
        ("exists", False, None, True),
        ("exists", None, None, False),
    ],
)
def test_each_op_on_a_present_attribute(op, actual, value, expected):
    assert holds(attr("a", op, value), {"a": actual}) is expected


@pytest.mark.parametrize(
    ("op", "expected"),
    [("eq", False), ("neq", True), ("gt", False), ("gte", False), ("lt", False), ("lte", False),
     ("in", False), ("contains", False), ("exists", False)],
)
def test_a_missing_attribute_is_false_for_every_op_but_neq(op, expected):
    # Given a contact without the attribute
    value = ["x"] if op == "in" else "x"
    # Then only neq holds
    assert holds(attr("plan", op, value), {"other": 1}) is expected


def test_eq_null_does_not_match_a_missing_attribute():
    assert holds(attr("plan", "eq", None), {}) is False
    assert holds(attr("plan", "eq", None), {"plan": None}) is True


@pytest.mark.parametrize(
    ("op", "actual", "value"),
    [
        ("gt", "10", 5),
        ("lt", 5, "10"),
        ("gte", None, 1),
        ("lte", [1], [2]),
        ("gt", {"a": 1}, 0),
        ("gt", True, 0),
        ("eq", 1, "1"),
        ("eq", True, 1),
        ("eq", 0, False),
        ("in", 1, "123"),
        ("in", True, [1]),
        ("contains", 123, "2"),
        ("contains", "abc", 1),
        ("contains", None, "a"),
    ],
)
def test_values_of_different_kinds_never_match_and_never_raise(op, actual, value):
    assert holds(attr("a", op, value), {"a": actual}) is False


def test_neq_across_kinds_is_true():
    assert holds(attr("a", "neq", "1"), {"a": 1}) is True
    assert holds(attr("a", "neq", 1), {"a": True}) is True


def test_compare_rejects_an_unknown_op():
    with pytest.raises(ConditionError):
        compare("like", "a", "a")
    with pytest.raises(ConditionError):
        compare("like", MISSING, "a")


def test_missing_sentinel_is_falsy_and_named():
    assert not MISSING
    assert repr(MISSING) == "MISSING"


# -- combinators ----------------------------------------------------------------------------


def test_all_needs_every_part():
    cond = {"all": [attr("plan", "eq", "pro"), attr("age", "gte", 18)]}
    assert holds(cond, {"plan": "pro", "age": 30}) is True
    assert holds(cond, {"plan": "pro", "age": 17}) is False


def test_any_needs_one_part():
    cond = {"any": [attr("plan", "eq", "pro"), attr("age", "gte", 18)]}
    assert holds(cond, {"plan": "free", "age": 30}) is True
    assert holds(cond, {"plan": "free", "age": 17}) is False


def test_not_inverts():
    assert holds({"not": attr("plan", "eq", "pro")}, {"plan": "free"}) is True
    assert holds({"not": attr("plan", "eq", "pro")}, {"plan": "pro"}) is False
    assert holds({"not": attr("plan", "exists")}, {}) is True


def test_combinators_nest():
    cond = {"any": [{"all": [attr("a", "eq", 1), {"not": attr("b", "exists")}]}, attr("c", "eq", 3)]}
    assert holds(cond, {"a": 1}) is True
    assert holds(cond, {"a": 1, "b": 2}) is False
    assert holds(cond, {"c": 3}) is True


# -- event conditions -------------------------------------------------------------------------


def event(name, days_ago, **props):
    return (name, props, NOW - timedelta(days=days_ago))


def test_event_condition_defaults_to_at_least_once_ever():
    cond = {"event": "order_completed"}
    assert holds(cond, events=[event("order_completed", 400)]) is True
    assert holds(cond, events=[event("signed_up", 1)]) is False


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [("eq", 2, True), ("neq", 2, False), ("gt", 1, True), ("gte", 3, False), ("lt", 3, True), ("lte", 1, False),
     ("eq", 0, False)],
)
def test_event_count_ops(op, value, expected):
    events = [event("order_completed", 1), event("order_completed", 2)]
    assert holds({"event": "order_completed", "count": {"op": op, "value": value}}, events=events) is expected


def test_event_count_zero_means_never():
    never = {"event": "order_completed", "count": {"op": "eq", "value": 0}}
    assert holds(never) is True
    assert holds(never, events=[event("order_completed", 1)]) is False


def test_within_days_only_counts_recent_events():
    # Given one order 10 days ago and one 40 days ago
    events = [event("order_completed", 10), event("order_completed", 40)]
    twice_in_30 = {"event": "order_completed", "count": {"op": "gte", "value": 2}, "within_days": 30}
    twice_in_45 = {**twice_in_30, "within_days": 45}
    # Then only the 45-day window sees both
    assert holds(twice_in_30, events=events) is False
    assert holds(twice_in_45, events=events) is True


def test_within_days_window_includes_its_boundary_and_accepts_fractions():
    events = [event("opened", 1)]
    assert holds({"event": "opened", "within_days": 1}, events=events) is True
    assert holds({"event": "opened", "within_days": 0.5}, events=events) is False


def test_where_filters_events_by_properties():
    events = [event("order_completed", 1, total=10), event("order_completed", 2, total=90)]
    big = {"event": "order_completed", "where": {"prop": "total", "op": "gt", "value": 50}}
    assert holds(big, events=events) is True
    huge = {"event": "order_completed", "where": {"prop": "total", "op": "gt", "value": 100}}
    assert holds(huge, events=events) is False


def test_design_example_ordered_twice_in_30_days_and_never_bought_a_new_product():
    # "ordered at least twice in the last 30 days and never bought a new product"
    cond = {
        "all": [
            {"event": "order_completed", "count": {"op": "gte", "value": 2}, "within_days": 30},
            {"not": {"event": "order_completed", "where": {"prop": "is_new_product", "op": "eq", "value": True}}},
        ]
    }
    assert condition_errors(cond) == []
    loyal_classic = [event("order_completed", 3, is_new_product=False), event("order_completed", 20)]
    assert holds(cond, events=loyal_classic) is True
    # one order long ago bought a new product: "never" rules them out
    assert holds(cond, events=[*loyal_classic, event("order_completed", 300, is_new_product=True)]) is False
    # only one order in the window
    assert holds(cond, events=[event("order_completed", 3), event("order_completed", 31)]) is False


class CountingContext:
    """A ContactContext written from scratch: the protocol is all evaluate needs."""

    def __init__(self):
        self.calls = []

    def trait(self, name):
        return MISSING

    def count_events(self, name, since, where):
        self.calls.append((name, since, where))
        return 1


def test_evaluate_asks_the_context_for_counts_since_the_window_start():
    ctx: ContactContext = CountingContext()
    where = {"prop": "x", "op": "exists"}
    assert evaluate({"event": "e", "within_days": 7, "where": where}, ctx, NOW) is True
    assert evaluate({"event": "e"}, ctx, NOW) is True
    assert ctx.calls == [("e", NOW - timedelta(days=7), where), ("e", None, None)]


def test_evaluate_refuses_something_that_is_not_a_condition():
    with pytest.raises(ConditionError):
        holds({"prop": "x", "op": "eq", "value": 1})
    with pytest.raises(ConditionError):
        holds(["attr"])


# -- property conditions ------------------------------------------------------------------------


def test_match_properties_with_combinators_and_missing_props():
    where = {"all": [{"prop": "plan", "op": "in", "value": ["pro", "team"]}, {"not": {"prop": "trial", "op": "eq", "value": True}}]}
    assert match_properties(where, {"plan": "pro"}) is True
    assert match_properties(where, {"plan": "pro", "trial": True}) is False
    assert match_properties({"any": [{"prop": "a", "op": "exists"}, {"prop": "b", "op": "neq", "value": 1}]}, {}) is True


def test_match_properties_without_a_filter_matches_everything():
    assert match_properties(None, {}) is True


def test_dotted_property_names_reach_into_nested_objects():
    props = {"product": {"category": "books"}, "a.b": 1}
    assert match_properties({"prop": "product.category", "op": "eq", "value": "books"}, props) is True
    assert match_properties({"prop": "a.b", "op": "eq", "value": 1}, props) is True  # literal key wins
    assert match_properties({"prop": "product.price", "op": "exists"}, props) is False


def test_in_memory_context_reads_traits_and_counts_events():
    ctx = InMemoryContext({"plan": "pro"}, [event("opened", 1, campaign="x"), event("opened", 5)])
    assert ctx.trait("plan") == "pro"
    assert ctx.trait("nope") is MISSING
    assert ctx.count_events("opened", None, None) == 2
    assert ctx.count_events("opened", NOW - timedelta(days=2), None) == 1
    assert ctx.count_events("opened", None, {"prop": "campaign", "op": "eq", "value": "x"}) == 1


# -- checking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cond",
    [
        {"all": [{"attr": "a", "op": "eq", "value": 1}]},
        {"any": [{"attr": "a", "op": "exists"}, {"not": {"attr": "b", "op": "in", "value": [1, 2]}}]},
        {"attr": "email", "op": "exists", "value": None},
        {"attr": "tags", "op": "contains", "value": "vip"},
        {"attr": "age", "op": "lt", "value": 18.5},
        {"event": "e"},
        {"event": "e", "count": {"op": "eq", "value": 0}, "within_days": 30,
         "where": {"all": [{"prop": "p", "op": "gte", "value": 1}, {"not": {"prop": "q", "op": "exists"}}]}},
    ],
)
def test_valid_conditions_have_no_errors(cond):
    assert condition_errors(cond) == []


@pytest.mark.parametrize(
    ("cond", "path", "fragment"),
    [
        ("plan", "condition", "must be an object"),
        ({}, "condition", "unknown condition form"),
        ({"prop": "a", "op": "eq", "value": 1}, "condition", "only allowed inside an event's where"),
        ({"all": [], "any": []}, "condition", "mixes"),
        ({"all": []}, "condition.all", "must not be empty"),
        ({"any": []}, "condition.any", "must not be empty"),
        ({"all": {"attr": "a"}}, "condition.all", "must be a list"),
        ({"all": [{"attr": "a", "op": "eqq", "value": 1}]}, "condition.all[0].op", "unknown op"),
        ({"not": {"attr": "a", "op": "eq"}}, "condition.not.value", "is required"),
        ({"attr": "a", "value": 1}, "condition.op", "is required"),
        ({"attr": "", "op": "eq", "value": 1}, "condition.attr", "non-empty"),
        ({"attr": "a", "op": "in", "value": "pro"}, "condition.value", "needs a list"),
        ({"attr": "a", "op": "gt", "value": [1]}, "condition.value", "number or a string"),
        ({"attr": "a", "op": "exists", "value": 1}, "condition.value", "takes no value"),
        ({"attr": "a", "op": "eq", "value": 1, "extra": 2}, "condition.extra", "unknown key"),
        ({"event": ""}, "condition.event", "non-empty event name"),
        ({"event": "e", "count": 2}, "condition.count", "must be an object"),
        ({"event": "e", "count": {"op": "gte", "value": -1}}, "condition.count.value", "non-negative integer"),
        ({"event": "e", "count": {"op": "gte", "value": 1.5}}, "condition.count.value", "non-negative integer"),
        ({"event": "e", "count": {"op": "gte", "value": True}}, "condition.count.value", "non-negative integer"),
        ({"event": "e", "count": {"op": "contains", "value": 1}}, "condition.count.op", "unknown count op"),
        ({"event": "e", "count": {"op": "gte", "value": 1, "x": 1}}, "condition.count.x", "unknown key"),
        ({"event": "e", "within_days": 0}, "condition.within_days", "positive number"),
        ({"event": "e", "within_days": "7"}, "condition.within_days", "positive number"),
        ({"event": "e", "where": {"attr": "a", "op": "exists"}}, "condition.where", "takes 'prop' conditions"),
        ({"event": "e", "where": {"prop": "p", "op": "nope", "value": 1}}, "condition.where.op", "unknown op"),
        ({"event": "e", "since": 3}, "condition.since", "unknown key"),
    ],
)
def test_condition_errors_name_the_path_of_each_problem(cond, path, fragment):
    errors = condition_errors(cond)
    assert any(p == path and fragment in m for p, m in errors), errors


def test_condition_errors_reports_every_problem_at_once():
    cond = {"all": [{"attr": "a", "op": "bad", "value": 1}, {"event": "", "within_days": -1}]}
    paths = [p for p, _ in condition_errors(cond)]
    assert paths == ["condition.all[0].op", "condition.all[1].event", "condition.all[1].within_days"]


def test_condition_errors_uses_the_given_path_prefix():
    assert condition_errors({"all": []}, "segment") == [("segment.all", "must not be empty")]


def test_deeply_nested_conditions_are_refused_not_a_crash():
    cond = {"attr": "a", "op": "exists"}
    for _ in range(5000):
        cond = {"not": cond}
    errors = condition_errors(cond)
    assert errors and "nested more than" in errors[0][1]


def test_property_condition_errors_refuse_contact_conditions():
    assert property_condition_errors({"prop": "p", "op": "exists"}) == []
    assert property_condition_errors({"event": "e"})[0][0] == "where"
