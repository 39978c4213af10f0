"""`POST /api/v1/templates/{slug}/test`: a real message rendered for a chosen contact, flagged test, sent only to
a test address."""
import pytest

from channels_app.models import Message, SandboxDelivery, Suppression
from tests.factories import ContactFactory, MessageTemplateFactory, UserFactory, with_roles
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def li(db):
    return ContactFactory(user_id="li", phone="+15550001111", email="li@example.com",
                          traits={"first_name": "李", "locale": "zh-CN"})


@pytest.fixture
def sms(db):
    return MessageTemplateFactory(slug="promo", channel="sms", body="Hi {{ first_name }}",
                                  locales={"zh-hans": {"body": "{{ first_name }}，您好"}})


def send_test(api, slug="promo", **body):
    return api.post(f"/api/v1/templates/{slug}/test", body, format="json")




def test_a_test_renders_the_contacts_variant_and_is_marked_test(api, settings, li, sms):
    settings.JOURNEYS_TEST_RECIPIENTS = "qa@example.com, +15550009999"
    response = send_test(api, userId="li")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["test"], body["status"], body["address"], body["userId"]) == (True, "sent", "+15550009999", "li")
    assert body["content"] == {"body": "李，您好"}
    message = Message.objects.get()
    assert message.is_test and message.journey_id is None and message.address != li.phone
    assert SandboxDelivery.objects.get().request["content"]["body"] == "李，您好"


def test_a_given_to_must_be_a_test_recipient_when_the_list_is_set(api, settings, li, sms):
    settings.JOURNEYS_TEST_RECIPIENTS = "+15550009999"
    response = send_test(api, userId="li", to="+15550001111")
    assert response.status_code == 400 and response.json()["field"] == "to"
    assert send_test(api, userId="li", to="+15550009999").json()["address"] == "+15550009999"


def test_without_any_test_address_nothing_is_sent(api, settings, li, sms):
    settings.JOURNEYS_TEST_RECIPIENTS = ""
    response = send_test(api, userId="li")
    assert response.status_code == 400 and response.json()["field"] == "to"
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", [{"userId": "ghost"}, {"userId": ""}, {}])
def test_an_unknown_or_missing_user_id_is_refused_naming_it(api, settings, sms, body):
    settings.JOURNEYS_TEST_RECIPIENTS = "+15550009999"
    response = send_test(api, **body)
    assert response.status_code == 400
    assert response.json().get("field") == "userId" or "userId" in response.json()
    assert not Message.objects.exists()


def test_an_inapp_test_goes_to_the_contacts_own_inbox(api, li):
    MessageTemplateFactory(slug="banner", channel="inapp", title="Hi", body="b", locales={"zh-hans": {"title": "您好"}})
    body = send_test(api, "banner", userId="li").json()
    assert (body["address"], body["content"]["title"], body["test"]) == ("li", "您好", True)


def test_a_blacklisted_test_address_is_refused(api, settings, li, sms):
    settings.JOURNEYS_TEST_RECIPIENTS = "+15550009999"
    Suppression.objects.create(channel="sms", address="+15550009999", reason="complaint")
    assert send_test(api, userId="li").status_code == 409
    assert not Message.objects.exists()


def test_viewers_may_not_send_tests(db, li, sms):
    viewer = api_client_for(with_roles(UserFactory(username="v"), "viewer"))
    assert send_test(viewer, userId="li").status_code == 403
