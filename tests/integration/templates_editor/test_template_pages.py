"""The `/templates/` pages: the list with where each template is used, and the editor per role."""
import pytest
from django.test import Client

from channels_app.services.templates import template_create, template_update
from tests.factories import MessageTemplateFactory, UserFactory, with_roles
from tests.integration.runtime.conftest import chain, live_journey

pytestmark = pytest.mark.django_db


def page_client(role: str, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(with_roles(UserFactory(username=f"page-{role}"), role))
    return client


@pytest.fixture
def welcome(db):
    return template_create(slug="welcome", channel="email", subject="Hi {{ first_name }}", body="Welcome",
                           locales={"zh-hans": {"subject": "您好"}})


def test_the_list_names_the_journeys_that_send_each_template(welcome):
    MessageTemplateFactory(slug="unused", channel="sms", body="x")
    live_journey(chain(("t", "trigger", {"event": "signed_up"}),
                       ("mail", "send", {"channel": "email", "template": "welcome"}), ("x", "exit", {})),
                 name="Onboarding")
    html = page_client("viewer").get("/templates/").content.decode()
    welcome_row = html.split('data-slug="welcome"')[1].split("</tr>")[0]
    assert "Onboarding" in welcome_row and 'data-testid="variant">zh-hans' in welcome_row
    unused_row = html.split('data-slug="unused"')[1].split("</tr>")[0]
    assert "Not used" in unused_row and "Onboarding" not in unused_row


def test_the_list_names_the_broadcasts_that_send_a_template_but_not_their_hidden_journeys(welcome):
    from broadcasts.models import Broadcast
    from journeys.models import Journey

    hidden = Journey.objects.create(name="Broadcast: Spring sale", kind="broadcast")
    version_sending(hidden, template="welcome")
    broadcast = Broadcast.objects.create(name="Spring sale", segment="vip", channel="email", template="welcome",
                                         journey=hidden)
    html = page_client("viewer").get("/templates/").content.decode()
    row = html.split('data-slug="welcome"')[1].split("</tr>")[0]
    assert f'href="/broadcasts/{broadcast.pk}/" data-kind="broadcast"' in row
    assert 'data-kind="journey"' not in row  # the broadcast's one-step journey is not listed as a journey


def version_sending(journey, *, template: str):
    from journeys.models import JourneyVersion

    graph = chain(("t", "trigger", {"event": "e"}), ("s", "send", {"channel": "email", "template": template}),
                  ("x", "exit", {}))
    return JourneyVersion.objects.create(journey=journey, number=1, graph=graph)


def test_the_list_filters_by_channel_and_search_and_says_when_nothing_matches(welcome):
    MessageTemplateFactory(slug="promo-sms", channel="sms", body="x")
    client = page_client("marketer")
    by_channel = client.get("/templates/?channel=sms").content.decode()
    assert 'data-slug="promo-sms"' in by_channel and 'data-slug="welcome"' not in by_channel
    searched = client.get("/templates/?q=welc").content.decode()
    assert 'data-slug="welcome"' in searched and 'data-slug="promo-sms"' not in searched
    assert 'data-testid="empty"' in client.get("/templates/?q=nothing-like-this").content.decode()


def test_an_empty_workspace_offers_marketers_the_first_template(db):
    html = page_client("marketer").get("/templates/").content.decode()
    assert 'data-testid="empty"' in html and "/templates/new/" in html
    assert "/templates/new/" not in page_client("viewer").get("/templates/").content.decode()


def test_marketers_get_save_and_test_send_and_viewers_read_only(welcome):
    marketer = page_client("marketer").get("/templates/welcome/").content.decode()
    assert 'data-testid="save"' in marketer and 'data-testid="test-send"' in marketer
    assert 'data-testid="add-locale-zh-hans"' in marketer and 'data-testid="field-locales.zh-hans.subject"' in marketer
    viewer = page_client("viewer").get("/templates/welcome/").content.decode()
    assert 'data-testid="save"' not in viewer and 'data-testid="test-send"' not in viewer
    assert 'data-testid="read-only"' in viewer and " readonly" in viewer and 'data-testid="preview"' in viewer


def test_the_history_shows_each_revision_with_a_field_by_field_diff(welcome):
    template_update(welcome, body="Welcome back", locales={"zh-hans": {"subject": "您好", "body": "欢迎回来"}})
    html = page_client("viewer").get("/templates/welcome/").content.decode()
    revision = html.split('data-number="2"')[1].split('data-number="1"')[0]
    assert 'data-field="body"' in revision
    assert "<del>Welcome</del>" in revision and "<ins>Welcome back</ins>" in revision
    assert 'data-field="locales.zh-hans.body"' in revision and "<ins>欢迎回来</ins>" in revision
    assert 'data-field="subject"' not in revision  # unchanged fields are not listed


def test_new_is_for_marketers_and_an_unknown_slug_is_404(db):
    assert page_client("marketer").get("/templates/new/").status_code == 200
    assert page_client("viewer").get("/templates/new/").status_code == 403
    assert page_client("viewer").get("/templates/nope/").status_code == 404


def test_the_pages_speak_chinese(welcome):
    html = page_client("viewer", "zh-hans").get("/templates/").content.decode()
    assert "模板" in html and "Used by" not in html
    editor = page_client("marketer", "zh-hans").get("/templates/welcome/").content.decode()
    assert "版本历史" in editor and "Version history" not in editor
