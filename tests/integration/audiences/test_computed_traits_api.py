"""Computed traits (design section 9): every kind against values worked out by hand, `where` and
windows, the incremental path (the runtime folding ingested events as it handles them) agreeing with
the backfill (definition), the periodic re-evaluation, the contact API and templates, and bad input.

Events are ingested and then handled by the real actors (the runner drains the broker as a worker
would): the fold happens in the transaction that marks them handled."""
from datetime import datetime, timedelta, timezone

import pytest

from audiences.models import ComputedValue
from audiences.services.computed_reeval import refresh_traits
from channels_app.models import MessageTemplate
from channels_app.services.outbound import message_context
from channels_app.templating.preview import template_preview
from core import clock
from journeys.models import Contact
from journeys.services.ingest import TrackCall, ingest_calls
from tests.factories import MessageFactory, UserFactory, with_roles
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
URL = "/api/v1/computed-traits"

TRAITS = {
    "orders": {"kind": "count", "event": "order_completed"},
    "spent": {"kind": "sum", "event": "order_completed", "property": "amount"},
    "avg_order": {"kind": "avg", "event": "order_completed", "property": "amount"},
    "smallest": {"kind": "min", "event": "order_completed", "property": "amount"},
    "largest": {"kind": "max", "event": "order_completed", "property": "amount"},
    "first_amount": {"kind": "first", "event": "order_completed", "property": "amount"},
    "last_amount": {"kind": "last", "event": "order_completed", "property": "amount"},
    "days_since_order": {"kind": "days_since", "event": "order_completed"},
    "big_orders": {"kind": "count", "event": "order_completed", "where": {"prop": "amount", "op": "gte", "value": 20}},
    "orders_7d": {"kind": "count", "event": "order_completed", "within_days": 7},
    "big_spent_7d": {"kind": "sum", "event": "order_completed", "property": "amount", "within_days": 7,
                     "where": {"prop": "amount", "op": "gte", "value": 20}},
}

# ada: 10 (10 days ago), "x" (2 days ago, no number), 30 (5 days ago), 20 (1 day ago); bob: 50 (40 days ago).
HISTORY = [("ada", 10, 10), ("ada", 2, "x"), ("ada", 5, 30), ("ada", 1, 20), ("bob", 40, 50)]
EXPECTED = {
    "ada": {"orders": 4, "spent": 60, "avg_order": 20, "smallest": 10, "largest": 30, "first_amount": 10,
            "last_amount": 20, "days_since_order": 1, "big_orders": 2, "orders_7d": 3, "big_spent_7d": 50},
    "bob": {"orders": 1, "spent": 50, "avg_order": 50, "smallest": 50, "largest": 50, "first_amount": 50,
            "last_amount": 50, "days_since_order": 40, "big_orders": 1},
}


@pytest.fixture
def at_t0():
    clock.set_time(T0)
    yield
    clock.set_time(None)


@pytest.fixture
def marketer_api(db):
    return api_client_for(with_roles(UserFactory(username="trait-marketer"), "marketer"))


@pytest.fixture
def ingest(runner):
    """Ingest a batch, then let the runtime handle its events as a worker would."""
    return lambda calls: runner.call(ingest_calls, calls)


def _history(ingest):
    """Tracked in insert order (not time order), one call per batch of the whole history."""
    ingest([TrackCall(user_id=user, anonymous_id=None, event="order_completed",
                            properties={"amount": amount}, timestamp=T0 - timedelta(days=days))
                  for user, days, amount in HISTORY]
                 + [TrackCall(user_id="ada", anonymous_id=None, event="page_viewed", properties={"amount": 999},
                              timestamp=T0)])


def _values(prefix: str = "") -> dict:
    rows = ComputedValue.objects.filter(key__startswith=prefix).values_list("contact__user_id", "key", "value")
    out: dict = {}
    for user, key, value in rows:
        out.setdefault(user, {})[key[len(prefix):]] = value
    return out


def _create_all(api, prefix: str = "") -> None:
    for key, body in TRAITS.items():
        response = api.post(URL, {"key": prefix + key, "name": key, **body}, format="json")
        assert response.status_code == 201, response.json()


def test_every_kind_kept_on_ingest_matches_the_hand_computed_values(marketer_api, at_t0, ingest):
    _create_all(marketer_api)
    _history(ingest)
    assert _values() == EXPECTED


def test_a_trait_defined_after_the_events_backfills_the_same_values_as_ingest_kept(marketer_api, at_t0, ingest):
    _create_all(marketer_api, prefix="live_")
    _history(ingest)
    _create_all(marketer_api, prefix="late_")
    assert _values("live_") == _values("late_") == EXPECTED
    stored = {(v.contact_id, v.key[5:]): v.state for v in ComputedValue.objects.filter(key__startswith="live_")}
    backfilled = {(v.contact_id, v.key[5:]): v.state for v in ComputedValue.objects.filter(key__startswith="late_")}
    assert stored == backfilled


def test_events_in_several_batches_merge_like_one(marketer_api, at_t0, ingest):
    _create_all(marketer_api)
    for user, days, amount in HISTORY:
        ingest([TrackCall(user_id=user, anonymous_id=None, event="order_completed",
                                properties={"amount": amount}, timestamp=T0 - timedelta(days=days))])
    assert _values() == EXPECTED


def test_a_duplicate_message_id_is_counted_once(marketer_api, at_t0, ingest):
    marketer_api.post(URL, {"key": "orders", "name": "Orders", **TRAITS["orders"]}, format="json")
    call = TrackCall(user_id="ada", anonymous_id=None, event="order_completed", properties={}, timestamp=T0,
                     message_id="m-1")
    ingest([call])
    ingest([call])
    assert _values() == {"ada": {"orders": 1}}


def test_time_passing_slides_windows_and_ages_days_since(marketer_api, at_t0, ingest):
    _create_all(marketer_api)
    _history(ingest)
    later = T0 + timedelta(days=3)
    clock.set_time(later)
    refresh_traits(later)
    ada = _values()["ada"]
    assert ada["orders_7d"] == 2  # the one 5 days ago is now 8 days old
    assert ada["big_spent_7d"] == 20
    assert ada["days_since_order"] == 4
    assert ada["orders"] == 4  # no window: unchanged
    assert _values()["bob"]["days_since_order"] == 43


def test_the_api_lists_changes_and_removes_a_trait(marketer_api, at_t0, ingest):
    _create_all(marketer_api)
    _history(ingest)
    listed = marketer_api.get(URL).json()
    assert [t["key"] for t in listed] == sorted(TRAITS)
    one = marketer_api.get(f"{URL}/spent").json()
    assert {k: one[k] for k in ("key", "kind", "event", "property", "where", "within_days")} == {
        "key": "spent", "kind": "sum", "event": "order_completed", "property": "amount", "where": None,
        "within_days": None}
    changed = marketer_api.patch(f"{URL}/spent", {"within_days": 7}, format="json")
    assert changed.status_code == 200 and changed.json()["within_days"] == 7
    assert _values()["ada"]["spent"] == 50 and "spent" not in _values()["bob"]
    assert marketer_api.delete(f"{URL}/spent").status_code == 204
    assert marketer_api.get(f"{URL}/spent").status_code == 404
    assert not ComputedValue.objects.filter(key="spent").exists()


def test_the_contact_api_and_templates_see_computed_values(marketer_api, at_t0, ingest):
    _create_all(marketer_api)
    _history(ingest)
    contact = marketer_api.get("/api/v1/contacts/ada").json()
    assert contact["computed"] == EXPECTED["ada"]
    body = "You ordered {{ computed.orders }} times, last {{ computed.last_amount }}"
    template = MessageTemplate.objects.create(slug="spend", channel="sms", body=body)
    assert template_preview(template, user_id="ada").report.content["body"] == "You ordered 4 times, last 20"
    message = MessageFactory(contact=Contact.objects.get(user_id="ada"), template="spend")
    assert message_context(message)["computed"]["spent"] == 60


@pytest.mark.parametrize("body, field", [
    ({"key": "k", "kind": "median", "event": "e"}, "kind"),
    ({"key": "k", "kind": "sum", "event": "e"}, "property"),
    ({"key": "k", "kind": "first", "event": "e", "property": ""}, "property"),
    ({"key": "k", "kind": "count", "event": "e", "where": {"attr": "plan", "op": "eq", "value": "pro"}}, "where"),
    ({"key": "k", "kind": "count", "event": "e", "where": {"prop": "x", "op": "between", "value": 1}}, "where"),
    ({"key": "k", "kind": "count", "event": "e", "within_days": 0}, "within_days"),
    ({"key": "k", "kind": "count", "event": "e", "within_days": 100000}, "within_days"),
    ({"key": "k", "kind": "count"}, "event"),
    ({"key": "not a slug", "kind": "count", "event": "e"}, "key"),
    ({"key": "rfm_segment", "kind": "count", "event": "e"}, "key"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(marketer_api, body, field):
    response = marketer_api.post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in str(response.json())
    assert marketer_api.get(URL).json() == []


def test_a_taken_key_is_a_conflict_and_a_patch_cannot_drop_the_property_a_kind_needs(marketer_api):
    assert marketer_api.post(URL, {"key": "spent", "name": "S", **TRAITS["spent"]}, format="json").status_code == 201
    again = marketer_api.post(URL, {"key": "spent", "name": "S", **TRAITS["spent"]}, format="json")
    assert again.status_code == 409 and again.json()["field"] == "key"
    assert marketer_api.patch(f"{URL}/spent", {"property": ""}, format="json").status_code == 400
    assert marketer_api.patch(f"{URL}/spent", {"kind": "count", "property": ""}, format="json").status_code == 200
