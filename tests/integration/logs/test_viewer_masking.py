"""Viewers see every address of a contact masked, wherever they read it (design §8, "contacts" row).

The seeded contact (tests/masking_seed.py) holds addresses as email, work_email, mobile,
billing.email and a WeChat openid, in an order event's properties, in a sent email's rendered
text and HTML (with the unsubscribe link), in a delivery event and in a blacklist reason.
"""
import pytest
from django.test import Client

from tests.factories import UserFactory, with_roles
from tests.integration.logs.conftest import client_for
from tests.masking_seed import BILLING_EMAIL, EMAIL, MOBILE, ORDER_EMAIL, WORK_EMAIL, seed_contact_with_addresses, \
    unmasked_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    return seed_contact_with_addresses()


@pytest.fixture
def viewer(db):
    return with_roles(UserFactory(username="viewer-m"), "viewer")


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


@pytest.fixture
def viewer_browser(viewer):
    browser = Client()
    browser.force_login(viewer)
    return browser


def body_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_the_contact_api_masks_traits_under_every_name_and_nested(viewer_client, seeded):
    # When a viewer reads the contact
    response = viewer_client.get("/api/v1/contacts/p9")

    # Then no address of it is anywhere in the answer, and the masked forms are where the addresses were
    assert unmasked_in(body_of(response), seeded) == []
    traits = response.json()["traits"]
    assert traits["work_email"] == "p***@corp.example" and traits["mobile"] == "+4*******0999"
    assert traits["billing"] == {"email": "p***@example.com", "plan": "pro"}
    assert traits["wechat_openid"] == "***" and traits["first_name"] == "Pia"
    [event] = response.json()["events"]
    assert event["properties"] == {"total": 30, "email": "p***@example.com", "shipping": {"phone": "+4*******0999"}}


def test_the_message_content_a_viewer_reads_has_no_address_and_no_unsubscribe_link(viewer_client, seeded):
    # Given the email as sent: the link and the addresses are in its text
    assert seeded.unsubscribe_token in seeded.message.content["text"] and EMAIL in seeded.message.content["text"]

    # When a viewer reads the delivery log
    response = viewer_client.get("/api/v1/messages?userId=p9")

    # Then the rendered text and HTML keep their words but not the addresses or the link's token
    assert unmasked_in(body_of(response), seeded) == []
    [row] = response.json()["results"]
    assert row["content"]["text"].startswith("Hi Pia, this went to p***@example.com (work: p***@corp.example")
    assert "/unsubscribe/***" in row["content"]["text"] and '/unsubscribe/***"' in row["content"]["html"]
    bounce = next(e for e in row["events"] if e["kind"] == "bounce")
    assert bounce["detail"] == {"email": "p***@example.com",
                                "reason": "550 5.1.1 <p***@example.com>: unknown recipient"}


def test_the_contact_page_and_the_log_pages_show_a_viewer_no_address(viewer_browser, seeded):
    for path in ("/contacts/p9", "/messages/?userId=p9", "/conversions/?userId=p9"):
        assert unmasked_in(body_of(viewer_browser.get(path)), seeded) == [], path


def test_conversions_mask_the_converting_events_properties(viewer_client, seeded):
    [row] = viewer_client.get("/api/v1/conversions?userId=p9").json()["results"]
    assert row["properties"]["email"] == "p***@example.com" and row["properties"]["total"] == 30


@pytest.mark.parametrize("path", ["/api/v1/messages?format=csv", "/api/v1/conversions?format=csv",
                                  "/api/v1/suppressions?format=csv"])
def test_csv_exports_a_viewer_downloads_hold_no_address(viewer_client, seeded, path):
    assert unmasked_in(body_of(viewer_client.get(path)), seeded) == []


def test_blacklist_reasons_quoting_the_mailbox_are_masked_for_viewers(viewer_client, seeded):
    [row] = viewer_client.get("/api/v1/suppressions").json()["results"]
    assert row["reason"] == "sendgrid bounce: 550 <p***@example.com> mailbox unavailable"


def test_the_template_preview_for_a_contact_is_masked_for_viewers(viewer_client, seeded):
    response = viewer_client.post("/api/v1/templates/p9-news/preview", {"userId": "p9"}, format="json")
    assert unmasked_in(body_of(response), seeded) == []
    assert "p***@example.com" in response.json()["rendered"]["text"]


def test_the_inapp_inbox_read_with_a_viewers_credentials_is_masked(viewer_client, seeded):
    # Given an in-app message that quotes the contact's address
    from channels_app.models import Message

    Message.objects.create(contact=seeded.contact, channel="inapp", template="t", address="p9", status="sent",
                           content={"title": "Hi", "body": f"Your receipt went to {BILLING_EMAIL}", "link": ""})

    # Then a viewer reading the inbox sees it masked
    response = viewer_client.get("/api/v1/contacts/p9/inapp")
    assert unmasked_in(body_of(response), seeded) == []
    assert response.json()["results"][0]["body"] == "Your receipt went to p***@example.com"


def test_the_inapp_inbox_read_with_the_contacts_own_token_is_not_masked(seeded):
    from channels_app import inapp
    from channels_app.models import Message

    Message.objects.create(contact=seeded.contact, channel="inapp", template="t", address="p9", status="sent",
                           content={"title": "Hi", "body": f"Your receipt went to {BILLING_EMAIL}", "link": ""})
    token = inapp.issue_token("p9").token
    response = Client().get(f"/api/v1/contacts/p9/inapp?token={token}")
    assert response.json()["results"][0]["body"] == f"Your receipt went to {BILLING_EMAIL}"


def test_a_simulation_for_a_stored_contact_masks_its_traits_for_viewers(viewer_client, seeded):
    from tests.integration.runtime.conftest import chain, live_journey

    journey = live_journey(chain(("t", "trigger", {"event": "signed_up"}), ("x", "exit", {})))
    response = viewer_client.post(f"/api/v1/journeys/{journey.pk}/simulate", {"userId": "p9"}, format="json")
    assert unmasked_in(body_of(response), seeded) == []
    assert response.json()["traits"]["work_email"] == "p***@corp.example"


def test_enrollment_exit_reasons_are_masked_for_viewers(viewer_client, seeded):
    journey_id = seeded.message.journey_id
    [row] = viewer_client.get(f"/api/v1/journeys/{journey_id}/enrollments").json()["results"]
    assert row["exit_reason"] == "completed after mail to p***@example.com"


def test_a_marketer_sees_the_same_data_whole(api, seeded):
    contact = api.get("/api/v1/contacts/p9").json()
    assert contact["traits"]["work_email"] == WORK_EMAIL and contact["traits"]["mobile"] == MOBILE
    assert contact["events"][0]["properties"]["email"] == ORDER_EMAIL
    [row] = api.get("/api/v1/messages?userId=p9").json()["results"]
    assert seeded.unsubscribe_token in row["content"]["text"]
