"""/api/v1/frequency-caps: CRUD, validation naming the field, and the policy honouring what was saved."""
import pytest

from channels_app.models import FrequencyCapRule
from tests.factories import FrequencyCapRuleFactory, JourneyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/frequency-caps"


@pytest.fixture
def api(admin_api):
    """Caps are workspace settings (design section 8): an admin (or an approver) writes them."""
    return admin_api


def test_create_read_update_delete(api):
    journey = JourneyFactory()
    created = api.post(URL, {"channel": "sms", "limit": 2, "window_seconds": 86400, "journey": journey.pk}, format="json")
    assert created.status_code == 201
    rule = created.json()
    assert rule | {"created_at": ""} == {"id": rule["id"], "channel": "sms", "limit": 2, "window_seconds": 86400,
                                         "journey": journey.pk, "created_at": ""}
    assert api.get(f"{URL}/{rule['id']}").json()["limit"] == 2
    patched = api.patch(f"{URL}/{rule['id']}", {"limit": 5}, format="json").json()
    assert (patched["limit"], patched["channel"], patched["journey"]) == (5, "sms", journey.pk)
    replaced = api.put(f"{URL}/{rule['id']}", {"limit": 1, "window_seconds": 3600}, format="json").json()
    assert (replaced["channel"], replaced["journey"], replaced["window_seconds"]) == ("all", None, 3600)
    assert api.delete(f"{URL}/{rule['id']}").status_code == 204
    assert not FrequencyCapRule.objects.exists()


def test_a_global_rule_defaults_to_all_channels(api):
    rule = api.post(URL, {"limit": 3, "window_seconds": 604800}, format="json").json()
    assert (rule["channel"], rule["journey"]) == ("all", None)


@pytest.mark.parametrize("payload, field", [
    ({"limit": 0, "window_seconds": 60}, "limit"),
    ({"limit": 1}, "window_seconds"),
    ({"limit": 1, "window_seconds": 60, "channel": "fax"}, "channel"),
    ({"limit": 1, "window_seconds": 60, "journey": 99999}, "journey"),
    ({"limit": 1, "window_seconds": 10**9}, "window_seconds"),
])
def test_bad_input_names_the_field(api, payload, field):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body.get("field") == field or field in body
    assert not FrequencyCapRule.objects.exists()


def test_list_filters_by_journey_and_channel(api):
    journey = JourneyFactory()
    FrequencyCapRuleFactory(channel="sms")
    FrequencyCapRuleFactory(channel="email", journey=journey)
    results = api.get(URL).json()["results"]
    assert [r["channel"] for r in results] == ["sms", "email"]
    assert [r["channel"] for r in api.get(URL, {"journey": journey.pk}).json()["results"]] == ["email"]
    assert [r["channel"] for r in api.get(URL, {"journey": "null"}).json()["results"]] == ["sms"]
    assert [r["channel"] for r in api.get(URL, {"channel": "email"}).json()["results"]] == ["email"]


def test_a_saved_cap_is_what_the_send_policy_applies(api):
    from channels_app.policy import SendRequest, check_sends
    from core import clock
    from tests.factories import ContactFactory, MessageFactory

    api.post(URL, {"channel": "sms", "limit": 1, "window_seconds": 3600}, format="json")
    contact = ContactFactory(phone="+15550001111")
    MessageFactory(contact=contact, status="sent")
    (verdict,) = check_sends([SendRequest(contact=contact, channel="sms", template="hello-sms", journey_id=None)],
                             clock.now())
    assert verdict.status == "capped" and "cap of 1 sms" in verdict.reason
