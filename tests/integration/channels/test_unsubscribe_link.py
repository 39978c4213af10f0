"""The signed one-click unsubscribe link carried in List-Unsubscribe (and available to templates)."""
import pytest
from django.test import Client

from channels_app.services.delivery import deliver_messages
from channels_app.models import DeliveryEvent, Suppression
from channels_app.services.unsubscribe import unsubscribe_url
from tests.factories import MessageFactory, MessageTemplateFactory

pytestmark = pytest.mark.django_db


def link_path(message) -> str:
    return unsubscribe_url(message).split("journeys.example.com", 1)[1]


@pytest.fixture
def email(public_base_url):
    return MessageFactory(channel="email", status="sent", address="ada@example.com")


def test_get_only_asks_so_that_link_scanners_unsubscribe_nobody(email):
    response = Client().get(link_path(email))
    assert response.status_code == 200 and b"ada@example.com" in response.content
    assert b'id="confirm-unsubscribe"' in response.content
    assert not Suppression.objects.exists()


def test_confirming_blacklists_the_address_for_email(email):
    response = Client(enforce_csrf_checks=True).post(link_path(email))
    assert response.status_code == 200 and b'id="unsubscribed"' in response.content
    suppression = Suppression.objects.get()
    assert (suppression.channel, suppression.address) == ("email", "ada@example.com")
    assert f"message {email.pk}" in suppression.reason
    assert DeliveryEvent.objects.get(message=email).kind == "unsubscribe"


def test_rfc8058_one_click_post_from_a_mailbox_provider(email):
    response = Client(enforce_csrf_checks=True).post(
        link_path(email), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and Suppression.objects.count() == 1
    # clicking again is harmless
    Client().post(link_path(email))
    assert Suppression.objects.count() == 1 and DeliveryEvent.objects.count() == 1


@pytest.mark.parametrize("token", ["nonsense", "eyJtIjoxfQ:1abc:forged"])
def test_a_forged_link_is_a_404_and_changes_nothing(public_base_url, token):
    response = Client().post(f"/unsubscribe/{token}")
    assert response.status_code == 404 and not Suppression.objects.exists()


def test_a_link_for_one_address_cannot_be_edited_into_another(email):
    path = link_path(email)
    other = MessageFactory(channel="email", address="bob@example.com")
    tampered = path[:-3] + link_path(other)[-3:]
    assert Client().post(tampered).status_code == 404


def test_templates_can_place_the_link_in_the_body(sendgrid_settings, fake_http):
    template = MessageTemplateFactory(slug="news", channel="email", subject="News",
                                      body="Bye: {{ unsubscribe_url }}", html='<a href="{{ unsubscribe_url }}">bye</a>')
    message = MessageFactory(channel="email", template=template.slug)
    fake_http.respond(202)
    deliver_messages([message.pk])
    body = fake_http.requests[0].json
    link = body["headers"]["List-Unsubscribe"][1:-1]
    assert body["content"][0]["value"] == f"Bye: {link}"
    assert body["content"][1]["value"] == f'<a href="{link}">bye</a>'
    # and the link works
    Client().post(link.split("journeys.example.com", 1)[1])
    assert Suppression.objects.get().address == message.address
