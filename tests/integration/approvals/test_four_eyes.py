"""Four eyes: nobody approves a version they edited, superusers included, unless self-approval is on."""
import pytest
from django.test import Client

from journeys.services import approvals
from tests.factories import UserFactory, with_roles

from .conftest import SIMPLE, client_for, journey_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    """A marketer who is an approver too: the interesting case."""
    return with_roles(UserFactory(username="both"), "marketer", "approver")


def submitted_by(user):
    journey = journey_in("draft")
    client_for(user).put(f"/api/v1/journeys/{journey.pk}/draft", SIMPLE, format="json")  # they edit it
    assert client_for(user).post(f"/api/v1/journeys/{journey.pk}/submit").status_code == 200
    return journey


def test_the_author_gets_403_on_approve(author, people):
    journey = submitted_by(author)
    response = client_for(author).post(f"/api/v1/journeys/{journey.pk}/approve")
    assert response.status_code == 403 and "four eyes" in response.json()["detail"]
    assert journey.versions.get().status == "in_review"
    # someone else may
    assert client_for(people["approver"]).post(f"/api/v1/journeys/{journey.pk}/approve").status_code == 200


def test_anyone_who_saved_the_draft_counts_as_an_author(author, people):
    journey = journey_in("draft", author=people["marketer"])
    client_for(author).put(f"/api/v1/journeys/{journey.pk}/draft", SIMPLE, format="json")
    client_for(people["marketer"]).put(f"/api/v1/journeys/{journey.pk}/draft", SIMPLE, format="json")
    client_for(people["marketer"]).post(f"/api/v1/journeys/{journey.pk}/submit")
    # the last editor is the marketer, but `author` saved it earlier: still four eyes
    assert client_for(author).post(f"/api/v1/journeys/{journey.pk}/approve").status_code == 403


def test_a_superuser_obeys_four_eyes_too(people):
    root = people["superuser"]
    journey = submitted_by(root)
    assert client_for(root).post(f"/api/v1/journeys/{journey.pk}/approve").status_code == 403


def test_self_approval_is_allowed_when_the_setting_says_so(author, settings):
    settings.JOURNEYS_ALLOW_SELF_APPROVAL = True
    journey = submitted_by(author)
    assert client_for(author).post(f"/api/v1/journeys/{journey.pk}/approve").status_code == 200


def test_the_author_sees_no_approve_button(author, people):
    journey = submitted_by(author)
    for user, offered in ((author, False), (people["approver"], True)):
        client = Client()
        client.force_login(user)
        workflow = client.get(f"/journeys/{journey.pk}/").context["boot"]["workflow"]
        assert workflow["can_approve"] is offered and workflow["may_approve"] is offered
        assert workflow["four_eyes_blocked"] is (not offered)
    assert approvals.may_approve(author, journey.versions.get()) is False
