"""Revenue on conversions, per-message channel costs, and ROI per journey, variant and channel (design §11)."""
import pytest

from health.models import ChannelCosts
from journeys.models import Conversion
from tests.integration.logs.conftest import known_history  # noqa: F401  (200 contacts through an A/B split)
from tests.integration.runtime.conftest import *  # noqa: F401,F403  (runner, clock, templates)
from tests.integration.runtime.conftest import chain, live_journey
from workspace.models import AuditRecord


def goal_journey():
    return live_journey(chain(
        ("t", "trigger", {"event": "signed_up"}),
        ("m", "send", {"channel": "sms", "template": "hello-sms"}),
        ("w", "wait", {"seconds": 86400}),
        ("x", "exit", {}),
        settings={"reentry": "never", "goal": {"event": "purchased", "within_seconds": 7 * 86400, "exit": True}},
    ))


def test_the_goal_events_revenue_is_kept_on_the_conversion(runner, templates):
    goal_journey()
    for user in ("ada", "bob", "cy"):
        runner.identify(user, phone="+15550001", email=f"{user}@example.com")
        runner.track(user, "signed_up")
    runner.track("ada", "purchased", revenue=129.5)
    runner.track("bob", "purchased", revenue="a lot")  # not a number: no revenue, still a conversion
    runner.track("cy", "purchased", revenue=True)
    assert sorted(Conversion.objects.values_list("contact__user_id", "revenue")) == [
        ("ada", 129.5), ("bob", None), ("cy", None)]


def test_the_revenue_property_name_comes_from_the_setting(runner, templates, settings):
    settings.JOURNEYS_REVENUE_PROPERTY = "amount"
    goal_journey()
    runner.identify("ada", phone="+15550001")
    runner.track("ada", "signed_up")
    runner.track("ada", "purchased", amount=20, revenue=999)
    assert Conversion.objects.get().revenue == 20


def test_channel_costs_round_trip_and_are_audited(admin_api, api):
    assert api.get("/api/v1/channel-costs").json() == {"currency": "CNY"}
    response = admin_api.put("/api/v1/channel-costs", {"currency": "USD", "sms": 0.05, "email": 0.001}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"currency": "USD", "sms": 0.05, "email": 0.001}
    assert api.get("/api/v1/channel-costs").json() == {"currency": "USD", "sms": 0.05, "email": 0.001}
    record = AuditRecord.objects.get(object_type="channel_costs")
    assert record.after == {"currency": "USD", "sms": 0.05, "email": 0.001}


@pytest.mark.parametrize("body, field", [
    ({"sms": -1}, "sms"), ({"sms": "cheap"}, "sms"), ({"sms": True}, "sms"), ({"sms": 1e12}, "sms"),
    ({"pigeon": 1}, "pigeon"), ({"currency": "yuan"}, "currency"), ({"currency": "CNY", "email": None}, "email"),
])
def test_bad_costs_are_a_400_naming_the_field_and_nothing_is_written(admin_api, body, field):
    admin_api.put("/api/v1/channel-costs", {"sms": 0.2}, format="json")
    response = admin_api.put("/api/v1/channel-costs", {"email": 0.5, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert ChannelCosts.current().costs == {"sms": 0.2}


def test_only_admins_change_costs(api):
    assert api.put("/api/v1/channel-costs", {"sms": 1}, format="json").status_code == 403


def _price(admin_api):
    admin_api.put("/api/v1/channel-costs", {"currency": "CNY", "sms": 0.5, "email": 0.1}, format="json")


def _revenue(history):
    # A converters (30) earn 2.0 each, control converters (20) 1.0 each.
    Conversion.objects.filter(variants={"s": "A"}).update(revenue=2.0)
    Conversion.objects.filter(variants={"s": "control"}).update(revenue=1.0)


def test_journey_stats_carry_revenue_cost_and_roi_per_journey_and_variant(api, admin_api, known_history):
    _price(admin_api)
    _revenue(known_history)
    body = api.get(f"/api/v1/journeys/{known_history.journey.pk}/stats").json()
    # sends handed to a provider: A 90 SMS (80 delivered + 10 sent), control 90 email (70 + 20)
    assert (body["revenue"], body["cost"], body["currency"]) == (80.0, 54.0, "CNY")
    assert body["roi"] == pytest.approx(26 / 54)
    a, control = body["variants"][0]["variants"]
    assert (a["revenue"], a["cost"], a["roi"]) == (60.0, 45.0, pytest.approx(15 / 45))
    assert (control["revenue"], control["cost"], control["roi"]) == (20.0, 9.0, pytest.approx(11 / 9))
    assert a["p_value"] == pytest.approx(0.102470, abs=1e-6)  # the significance test is still there


def test_roi_is_null_when_nothing_cost_anything(api, known_history):
    _revenue(known_history)
    body = api.get(f"/api/v1/journeys/{known_history.journey.pk}/stats").json()
    assert (body["revenue"], body["cost"], body["roi"]) == (80.0, 0.0, None)


def test_metrics_per_channel(api, admin_api, known_history):
    _price(admin_api)
    _revenue(known_history)
    body = api.get("/api/v1/metrics/channels?from=2026-05-01&to=2026-06-30").json()
    rows = {row["channel"]: row for row in body["channels"]}
    assert rows["sms"] == {"channel": "sms", "sends": 90, "delivered": 80, "conversions": 30, "revenue": 60.0,
                           "cost": 45.0, "roi": pytest.approx(15 / 45)}
    assert rows["email"] == {"channel": "email", "sends": 90, "delivered": 70, "conversions": 20, "revenue": 20.0,
                             "cost": 9.0, "roi": pytest.approx(11 / 9)}
    assert rows["wechat"]["sends"] == 0 and rows["wechat"]["roi"] is None
    assert api.get("/api/v1/metrics/channels?from=2026-07-01&to=2026-07-02").json()["channels"][0]["sends"] == 0


def test_the_channels_settings_page_edits_costs_for_admins_only(admin, db):
    from django.test import Client

    from tests.factories import UserFactory, with_roles

    page = Client()
    page.force_login(admin)
    saved = page.post("/settings/channel-costs", {"currency": "USD", "cost_sms": "0.07", "cost_email": ""})
    assert saved.status_code == 302
    assert (ChannelCosts.current().currency, ChannelCosts.current().costs) == ("USD", {"sms": 0.07})
    html = page.get("/settings/channels").content.decode()
    assert 'name="cost_sms"' in html and 'value="0.07"' in html
    page.post("/settings/channel-costs", {"currency": "USD", "cost_sms": "-3"})
    assert ChannelCosts.current().costs == {"sms": 0.07}  # refused whole, nothing half-written
    viewer = Client()
    viewer.force_login(with_roles(UserFactory(username="v"), "viewer"))
    assert 'name="cost_sms"' not in viewer.get("/settings/channels").content.decode()
    assert viewer.post("/settings/channel-costs", {"cost_sms": "1"}).status_code == 403


@pytest.mark.parametrize("url, field", [
    ("/api/v1/metrics/activity?to=", "to"), ("/api/v1/metrics/channels?from=", "from"),
    ("/api/v1/metrics/ltv?cohort=", "cohort"), ("/api/v1/metrics/retention?periods=", "periods"),
])
def test_an_empty_query_parameter_is_a_400_naming_it_not_the_default(admin_api, url, field):
    response = admin_api.get(url)
    assert response.status_code == 400 and field in response.json()


def test_channel_costs_that_are_not_an_object_are_a_400_naming_the_body(admin_api):
    response = admin_api.put("/api/v1/channel-costs", [None, None], format="json")
    assert response.status_code == 400 and response.json()["field"] == "body"
