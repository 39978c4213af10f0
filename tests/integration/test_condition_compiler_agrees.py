"""The SQL compiler (audiences/compiler) and the pure evaluator (journeys/graph/conditions.py) agree:
random conditions over random contacts, events, memberships and computed values select the
same contacts in the database this run uses (SQLite by default, PostgreSQL in CI)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiences.compiler import condition_ids
from audiences.models import ComputedValue, Segment, SegmentMembership
from core import clock
from journeys.graph.conditions import COUNT_OPS, OPS, InMemoryContext, evaluate
from journeys.models import Contact, Event
from journeys.runtime.context import DbContactContext, contact_traits

pytestmark = pytest.mark.django_db(transaction=False)

NOW = clock.now().replace(microsecond=0)
TRAITS = ("plan", "age", "tags", "email", "user_id", "meta")
PROPS = ("amount", "cat", "p.q", "p", "tags")
EVENTS = ("buy", "view")
SEGMENTS = ("s1", "s2", "ghost")
COMPUTED = ("k1", "k2", "none")

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.5, 1.0, -2.5, 2.0]),
    st.sampled_from(["", "a", "b", "ab", "B", "é", "1", "a b"]),
)
values = st.one_of(
    scalars, st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(["q", "r"]), scalars, max_size=2),
)


def leaf(names: tuple[str, ...], form: str):
    return st.builds(lambda name, op, value: {form: name, "op": op, **({} if op == "exists" else {"value": value})},
                     st.sampled_from(names), st.sampled_from(OPS), st.one_of(values, st.lists(values, max_size=3)))


properties_conditions = st.recursive(
    leaf(PROPS, "prop"),
    lambda inner: st.one_of(st.builds(lambda c: {"not": c}, inner),
                            st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
                            st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3))),
    max_leaves=3,
)


def event_condition(name, op, n, within, where):
    cond = {"event": name, "count": {"op": op, "value": n}}
    if within is not None:
        cond["within_days"] = within
    if where is not None:
        cond["where"] = where
    return cond


contact_leaves = st.one_of(
    leaf(TRAITS, "attr"),
    leaf(COMPUTED, "computed"),
    st.builds(lambda key: {"segment": key}, st.sampled_from(SEGMENTS)),
    st.builds(event_condition, st.sampled_from(EVENTS), st.sampled_from(COUNT_OPS), st.integers(0, 3),
              st.sampled_from([None, 1, 2.5, 10]), st.one_of(st.none(), properties_conditions)),
)
conditions = st.recursive(
    contact_leaves,
    lambda inner: st.one_of(st.builds(lambda c: {"not": c}, inner),
                            st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
                            st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3))),
    max_leaves=6,
)

contact_data = st.fixed_dictionaries({
    "traits": st.dictionaries(st.sampled_from(TRAITS), values, max_size=4),
    "user_id": st.booleans(),
    "email": st.sampled_from(["", "x@example.com"]),
    "events": st.lists(st.tuples(st.sampled_from(EVENTS), st.dictionaries(st.sampled_from(PROPS), values, max_size=3),
                                 st.integers(0, 400)), max_size=5),
    "segments": st.lists(st.sampled_from(SEGMENTS[:2]), max_size=2, unique=True),
    "left": st.lists(st.sampled_from(SEGMENTS[:2]), max_size=1),
    "computed": st.dictionaries(st.sampled_from(COMPUTED[:2]), values, max_size=2),
})


def _store(contacts: list[dict]) -> list[tuple[Contact, InMemoryContext]]:
    segments = {key: Segment.objects.create(key=key, name=key) for key in SEGMENTS[:2]}
    stored = []
    for i, data in enumerate(contacts):
        contact = Contact.objects.create(user_id=f"u{i}" if data["user_id"] else None, anonymous_id=f"a{i}",
                                         traits=data["traits"], email=data["email"])
        events = [(name, props, NOW - timedelta(hours=hours)) for name, props, hours in data["events"]]
        Event.objects.bulk_create([Event(contact=contact, name=n, properties=p, timestamp=t) for n, p, t in events])
        for key in data["left"]:
            SegmentMembership.objects.create(segment=segments[key], contact=contact, entered_at=NOW, exited_at=NOW)
        for key in data["segments"]:
            SegmentMembership.objects.create(segment=segments[key], contact=contact, entered_at=NOW)
        for key, value in data["computed"].items():
            ComputedValue.objects.create(contact=contact, key=key, value=value)
        memory = InMemoryContext(contact_traits(contact), events, data["segments"], data["computed"])
        stored.append((contact, memory))
    return stored


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(cond=conditions, contacts=st.lists(contact_data, min_size=1, max_size=5))
def test_compiled_sql_selects_exactly_the_contacts_the_evaluator_matches(db, cond, contacts):
    with transaction.atomic():
        stored = _store(contacts)
        by_memory = sorted(c.pk for c, memory in stored if evaluate(cond, memory, NOW))
        by_runtime = sorted(c.pk for c, _ in stored if evaluate(cond, DbContactContext(c), NOW))
        compiled = condition_ids(cond, NOW)
        scoped = condition_ids(cond, NOW, scope=[c.pk for c, _ in stored[::2]])
        transaction.set_rollback(True)
    assert by_memory == by_runtime
    assert compiled == by_memory, cond
    assert scoped == [pk for pk in by_memory if pk in {c.pk for c, _ in stored[::2]}], cond
