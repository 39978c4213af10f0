"""The global control group (design section 11): a stable share held out of non-transactional sends,
logged `suppressed` with reason `global control`, and the lift of treated over control contacts."""
from datetime import datetime, timedelta, timezone

import pytest

from channels_app.models import Message
from core import clock as core_clock
from core import control_group
from journeys.analytics import stats
from journeys.models import Contact, Conversion, Enrollment
from tests.factories import JourneyFactory
from tests.integration.runtime.conftest import *  # noqa: F401,F403  (runner, clock, templates)
from tests.integration.runtime.conftest import chain, live_journey


def test_the_share_is_stable_and_close_to_the_setting(settings):
    settings.JOURNEYS_GLOBAL_CONTROL_PERCENT = 10
    held = [control_group.held_out(i) for i in range(1, 100_001)]
    assert 9_800 <= sum(held) <= 10_200
    assert held == [control_group.held_out(i) for i in range(1, 100_001)]  # the same contacts every time
    settings.JOURNEYS_GLOBAL_CONTROL_PERCENT = 0
    assert not any(control_group.held_out(i) for i in range(1, 1000))


def test_the_database_puts_each_contact_in_the_same_bucket(db):
    from health.rollups import sql

    ids = [1, 2, 7, 12345, 987654321, 3_000_000_000]
    assert [r[0] for r in sql.rows(" UNION ALL ".join(f"SELECT {control_group.bucket_sql(str(i))}" for i in ids))] == [
        control_group.bucket(i) for i in ids]


def send_journey(transactional: bool):
    settings = {"reentry": "never", **({"transactional": True} if transactional else {})}
    return live_journey(chain(("t", "trigger", {"event": "signed_up"}),
                              ("m", "send", {"channel": "sms", "template": "hello-sms"}), ("x", "exit", {}),
                              settings=settings), name=f"tx {transactional}")


@pytest.mark.parametrize("transactional", [False, True])
def test_control_contacts_are_suppressed_unless_the_journey_is_transactional(runner, templates, settings,
                                                                             transactional):
    settings.JOURNEYS_GLOBAL_CONTROL_PERCENT = 30
    send_journey(transactional)
    for i in range(30):
        runner.identify(f"cg-{i}", phone=f"+1555222{i:04d}")
        runner.track(f"cg-{i}", "signed_up")
    messages = list(Message.objects.select_related("contact"))
    assert len(messages) == 30
    control = [m for m in messages if control_group.held_out(m.contact_id)]
    assert 0 < len(control) < 30
    if transactional:
        assert all(m.status != "suppressed" for m in messages)
    else:
        assert {(m.status, m.reason) for m in control} == {("suppressed", "global control")}
        assert all(m.status != "suppressed" for m in messages if m not in control)


def test_transactional_must_be_a_boolean(db):
    from journeys.graph.settings_checks import settings_errors

    errors = settings_errors({"transactional": "yes"})
    assert any(e.startswith("settings.transactional must be true or false") for e in errors)
    assert settings_errors({"transactional": True}) == []


T0 = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_lift_compares_treated_with_control_using_the_ab_significance_test(api, db, settings):
    settings.JOURNEYS_GLOBAL_CONTROL_PERCENT = 20
    core_clock.set_time(T0 + timedelta(days=10))
    try:
        journey = JourneyFactory()
        version = journey.versions.get()
        contacts = Contact.objects.bulk_create([Contact(user_id=f"lift-{i}") for i in range(400)])
        control = [c for c in contacts if control_group.held_out(c.pk)]
        treated = [c for c in contacts if not control_group.held_out(c.pk)]
        enrollments = {c.pk: Enrollment.objects.create(journey=journey, version=version, contact=c, state="completed",
                                                       current_node="x", entered_at=T0) for c in contacts}
        # control: a tenth converts, 5.0 each; treated: a quarter converts, 8.0 each
        converters = control[: len(control) // 10] + treated[: len(treated) // 4]
        for c in converters:
            Conversion.objects.create(enrollment=enrollments[c.pk], journey=journey, version=version, contact=c,
                                      event_name="purchased", seconds_to_convert=60, converted_at=T0,
                                      revenue=5.0 if c in control else 8.0)
        body = api.get("/api/v1/metrics/lift?from=2026-05-25&to=2026-06-10").json()
    finally:
        core_clock.set_time(None)
    cx, tx = len(control) // 10, len(treated) // 4
    assert body["control_percent"] == 20
    assert body["control"] == {"contacts": len(control), "converted": cx, "rate": cx / len(control),
                               "revenue": 5.0 * cx, "revenue_per_contact": 5.0 * cx / len(control)}
    assert body["treated"]["contacts"] == len(treated) and body["treated"]["converted"] == tx
    expected = stats.two_proportion_ztest(tx, len(treated), cx, len(control))
    assert body["conversion"]["z"] == pytest.approx(expected.z)
    assert body["conversion"]["p_value"] == pytest.approx(expected.p_value)
    assert body["conversion"]["significant"] == (expected.p_value < 0.05)
    rpc_t, rpc_c = 8.0 * tx / len(treated), 5.0 * cx / len(control)
    assert body["revenue_per_contact"]["uplift"] == pytest.approx((rpc_t - rpc_c) / rpc_c)
    # outside the window: nobody
    empty = api.get("/api/v1/metrics/lift?from=2026-01-01&to=2026-01-31").json()
    assert empty["control"]["contacts"] == 0 and empty["conversion"]["p_value"] is None
