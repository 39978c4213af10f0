"""Every role × every workflow endpoint and page: allowed, or 403.

Each case prepares a journey in the state the endpoint needs, authored by someone
else (so four eyes never decides here: test_four_eyes.py covers that), then calls
it as each role over the token API (pages: a browser session).
"""
import pytest
from django.test import Client

from journeys.models import Journey
from tests.factories import UserFactory, with_roles

from .conftest import SIMPLE, client_for, journey_in

pytestmark = pytest.mark.django_db

ROLES = ["marketer", "approver", "viewer", "superuser", "nobody"]
EDITORS = {"marketer", "superuser"}
APPROVERS = {"approver", "superuser"}
READERS = set(ROLES) - {"nobody"}  # design §8: a user in no role group gets 403 everywhere

# (name, state the journey starts in, method, path (after /api/v1/journeys/{id}), body, roles allowed)
ENDPOINTS = [
    ("draft", "draft", "put", "draft", SIMPLE, EDITORS),
    ("submit", "draft", "post", "submit", {}, EDITORS),
    ("withdraw", "in_review", "post", "withdraw", {}, EDITORS),
    ("approve", "in_review", "post", "approve", {}, APPROVERS),
    ("reject", "in_review", "post", "reject", {"comment": "shorter wait please"}, APPROVERS),
    ("publish", "approved", "post", "publish", {}, APPROVERS),
    ("pause", "live", "post", "pause", {}, APPROVERS),
    ("resume", "paused", "post", "resume", {}, APPROVERS),
    ("archive", "live", "post", "archive", {}, APPROVERS),
    ("comment", "in_review", "post", "comments", {"body": "looks good"}, {"marketer", "approver", "superuser"}),
    ("rename", "draft", "patch", "", {"name": "Renamed"}, EDITORS),
    ("history", "live", "get", "history", None, READERS),
    ("diff", "in_review", "get", "diff", None, READERS),
    ("comments", "in_review", "get", "comments", None, READERS),
    ("detail", "live", "get", "", None, READERS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,state,method,path,body,allowed", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_workflow_endpoint_by_role(people, role, name, state, method, path, body, allowed):
    # given a journey in the state the endpoint needs, written by another marketer
    author = with_roles(UserFactory(username="author"), "marketer")
    journey = journey_in(state, author=author)
    user = people[role]
    if name == "withdraw":  # only the author withdraws: make the caller the version's editor
        journey.versions.filter(status="in_review").update(updated_by=user)
    # when the role calls it
    url = f"/api/v1/journeys/{journey.pk}/{path}"
    response = getattr(client_for(user), method)(url, body, format="json") if body is not None else \
        getattr(client_for(user), method)(url)
    # then it is allowed (2xx) or forbidden (403), nothing else
    if role in allowed:
        assert 200 <= response.status_code < 300, (role, name, response.status_code, response.content)
    else:
        assert response.status_code == 403, (role, name, response.status_code, response.content)


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_journey_by_role(people, role):
    response = client_for(people[role]).post("/api/v1/journeys/", {"name": "New", "draft": SIMPLE}, format="json")
    assert response.status_code == (201 if role in EDITORS else 403), response.content


@pytest.mark.parametrize("role", ROLES)
def test_the_approvals_inbox_api_is_readable_by_every_role(people, role):
    journey_in("in_review")
    response = client_for(people[role]).get("/api/v1/approvals")
    if role not in READERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200 and len(response.json()["results"]) == 1


PAGES = ["/journeys/", "/journeys/{id}/", "/journeys/{id}/?view=live", "/journeys/{id}/history/", "/approvals/"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_readable_by_every_role(people, role, page):
    journey = journey_in("live")
    client = Client()
    client.force_login(people[role])
    response = client.get(page.format(id=journey.pk))
    assert response.status_code == (200 if role in READERS else 403), (role, page, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_journey_from_the_list_page_by_role(people, role):
    client = Client()
    client.force_login(people[role])
    response = client.post("/journeys/", {"action": "create", "name": "From the page"})
    if role in EDITORS:
        assert response.status_code == 302 and Journey.objects.filter(name="From the page").exists()
    else:
        assert response.status_code == 403 and not Journey.objects.filter(name="From the page").exists()


def test_pages_need_a_login():
    for page in ("/approvals/", "/journeys/1/history/"):
        response = Client().get(page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_the_editor_offers_only_the_actions_of_the_role(people, role):
    # given a version in review written by someone else
    journey_in("in_review", author=with_roles(UserFactory(username="author"), "marketer"))
    client = Client()
    client.force_login(people[role])
    # when the role opens the editor
    response = client.get(f"/journeys/{Journey.objects.get().pk}/")
    if role not in READERS:
        assert response.status_code == 403
        return
    workflow = response.context["boot"]["workflow"]
    # then approve / reject are offered to approvers only, withdraw to nobody (not their version)
    assert workflow["can_approve"] is (role in APPROVERS)
    assert workflow["can_reject"] is (role in APPROVERS)
    assert workflow["can_withdraw"] is False
    assert workflow["can_submit"] is False  # it is in review


def test_viewers_see_masked_addresses_in_the_suppression_list(people):
    from channels_app.models import Suppression

    Suppression.objects.create(channel="email", address="ada@example.com", reason="bounced")
    Suppression.objects.create(channel="sms", address="+15555550100", reason="STOP")
    as_viewer = client_for(people["viewer"]).get("/api/v1/suppressions").json()["results"]
    as_marketer = client_for(people["marketer"]).get("/api/v1/suppressions").json()["results"]
    assert sorted(r["address"] for r in as_marketer) == ["+15555550100", "ada@example.com"]
    assert sorted(r["address"] for r in as_viewer) == ["+1******0100", "a***@example.com"]
    response = client_for(people["viewer"]).get("/api/v1/suppressions?format=csv")
    csv = b"".join(response.streaming_content).decode()
    assert "ada@example.com" not in csv and "a***@example.com" in csv


def test_viewers_cannot_write_anywhere_in_the_api(people):
    viewer = client_for(people["viewer"])
    assert viewer.post("/api/v1/suppressions", {"channel": "all", "address": "x@y.z", "reason": "r"},
                       format="json").status_code == 403
    assert viewer.post("/api/v1/templates", {"slug": "s", "channel": "sms", "body": "b"},
                       format="json").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_list_page_offers_create_and_import_to_marketers_only(people, role):
    client = Client()
    client.force_login(people[role])
    html = client.get("/journeys/").content.decode()
    assert ('data-testid="create-journey"' in html) is (role in EDITORS)
    assert ('data-testid="import-journey"' in html) is (role in EDITORS)
