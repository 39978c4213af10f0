"""`GET /api/v1/contacts/{userId}`: traits, events, enrollments with path, messages, conversions on one axis."""
from datetime import datetime, timedelta

import pytest

pytestmark = pytest.mark.django_db


def test_the_timeline_puts_everything_on_one_time_axis_oldest_first(api, known_history):
    # when
    body = api.get("/api/v1/contacts/ab-005").json()

    # then the parts are there
    assert body["userId"] == "ab-005" and body["traits"] == {"email": "ab5@example.com"}
    assert [e["event"] for e in body["events"]] == ["purchased"]
    [enrollment] = body["enrollments"]
    assert [step[0] for step in enrollment["path"]] == ["t", "s", "ma", "x"]
    assert enrollment["variants"] == {"s": "A"}
    [message] = body["messages"]
    assert (message["channel"], message["status"], [e["kind"] for e in message["events"]]) == ("sms", "delivered", ["sent"])
    assert len(body["conversions"]) == 1

    # and the merged timeline is in time order, with causal order at equal instants
    kinds = [item["kind"] for item in body["timeline"]]
    assert kinds == ["step", "step", "step", "step", "enrolled", "message", "delivery", "exited", "event", "conversion"]
    times = [datetime.fromisoformat(item["at"].replace("Z", "+00:00")) for item in body["timeline"]]
    assert times == sorted(times)


def test_viewers_get_masked_contact_details(viewer_api, known_history):
    body = viewer_api.get("/api/v1/contacts/ab-150").json()
    assert body["email"] == "a***@example.com"
    assert body["traits"]["email"] == "a***@example.com"
    assert body["messages"][0]["address"] == "a***@example.com"


def test_an_unknown_contact_is_404(api, db):
    response = api.get("/api/v1/contacts/nobody")
    assert response.status_code == 404


def test_user_ids_with_odd_characters_work(api, db):
    from tests.factories import ContactFactory

    ContactFactory(user_id="a b@c.d")
    assert api.get("/api/v1/contacts/a%20b@c.d").json()["userId"] == "a b@c.d"


def test_the_timeline_of_a_contact_run_by_the_engine(runner, templates, api, clock):
    # given a journey: trigger, send an SMS, wait a day, exit; a goal on `purchased`
    from tests.integration.runtime.conftest import chain, live_journey

    live_journey(chain(("t", "trigger", {"event": "signed_up"}),
                       ("m", "send", {"channel": "sms", "template": "hello-sms"}),
                       ("w", "wait", {"seconds": 86400}),
                       ("x", "exit", {}),
                       settings={"reentry": "never", "goal": {"event": "purchased", "within_seconds": 7 * 86400,
                                                              "exit": True}}))
    runner.identify("tl-1", phone="+15550009999", first_name="Tim")
    runner.track("tl-1", "signed_up")
    clock.advance(hours=2)
    runner.track("tl-1", "purchased", total=42)

    # when
    body = api.get("/api/v1/contacts/tl-1").json()

    # then the story reads in order: the trigger event, entry, the send, the purchase, the conversion, the exit
    story = [i["kind"] for i in body["timeline"] if i["kind"] in ("event", "enrolled", "message", "conversion", "exited")]
    assert story == ["event", "enrolled", "message", "event", "conversion", "exited"]
    assert body["conversions"][0]["seconds_to_convert"] == pytest.approx(timedelta(hours=2).total_seconds(), abs=1)
