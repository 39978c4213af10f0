"""The starter gallery on `/journeys/`: the five starters as cards, "Use this template" opens a draft."""
import pytest

from channels_app.models import MessageTemplate
from journeys.models import Journey
from journeys.selectors.starters import starter_get
from tests.factories import UserFactory, with_roles

pytestmark = pytest.mark.django_db

STARTER_KEYS = ["welcome_7_day", "browse_abandon", "repurchase_nudge", "silent_winback", "birthday_offer"]


def test_the_list_offers_every_starter_as_a_card_with_a_form(client, user):
    client.force_login(user)
    html = client.get("/journeys/").content.decode()
    assert 'data-testid="starter-gallery"' in html
    for key in STARTER_KEYS:
        assert f'data-starter="{key}"' in html
        assert f'name="template" value="{key}"' in html


def test_a_viewer_sees_no_gallery(client):
    client.force_login(with_roles(UserFactory(), "viewer"))
    assert 'data-testid="starter-gallery"' not in client.get("/journeys/").content.decode()


def test_using_a_template_creates_a_draft_with_its_graph_and_templates_and_opens_it(client, user):
    client.force_login(user)
    response = client.post("/journeys/", {"action": "template", "template": "welcome_7_day", "name": "Welcome series"})
    journey = Journey.objects.get(name="Welcome series")
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    starter = starter_get("welcome_7_day")
    assert journey.versions.get().graph["nodes"] == starter["graph"]["nodes"]
    slugs = {t["slug"] for t in starter["templates"]}
    assert set(MessageTemplate.objects.filter(slug__in=slugs).values_list("slug", flat=True)) == slugs


def test_an_unknown_template_comes_back_with_a_message_and_creates_nothing(client, user):
    client.force_login(user)
    response = client.post("/journeys/", {"action": "template", "template": "nope", "name": "X"}, follow=True)
    assert b"template: unknown template" in response.content
    assert not Journey.objects.exists()
