"""Journeys CRUD, the draft graph with ETag / If-Match, and validation over HTTP."""
import json

import pytest

from journeys.models import Journey, JourneyVersion
from tests.conftest import load_example

pytestmark = pytest.mark.django_db


def put_json(api, path, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.put(path, data=data, content_type="application/json", **headers)


def create(api, name="Welcome", draft=None):
    body = {"name": name} if draft is None else {"name": name, "draft": draft}
    response = api.post("/api/v1/journeys/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_create_returns_the_contract_fields_with_an_empty_draft(api):
    journey = create(api)
    assert {"id", "name", "status", "live_version", "draft"} <= set(journey)
    assert journey["status"] == "draft" and journey["live_version"] is None
    assert journey["draft"]["schema"] == 1 and journey["draft"]["nodes"] == []


def test_create_with_a_draft_stores_it_without_the_name(api):
    example = load_example("welcome_series.json")
    journey = create(api, draft=example)
    stored = api.get(f"/api/v1/journeys/{journey['id']}/draft").json()
    assert "name" not in stored
    assert stored == {k: v for k, v in example.items() if k != "name"}


def test_create_without_a_name_gets_400_naming_it(api):
    response = api.post("/api/v1/journeys/", {}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_list_is_paginated_with_results_and_next_and_searchable(api):
    for index in range(3):
        create(api, name=f"Journey {index}")
    create(api, name="Win-back")
    page = api.get("/api/v1/journeys/?limit=2").json()
    assert len(page["results"]) == 2 and page["next"]
    rest = api.get(page["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None
    found = api.get("/api/v1/journeys/?search=win").json()["results"]
    assert [j["name"] for j in found] == ["Win-back"]


def test_patch_renames_and_delete_removes_a_draft_journey(api):
    journey = create(api)
    response = api.patch(f"/api/v1/journeys/{journey['id']}/", {"name": "Renamed"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Renamed"
    assert api.delete(f"/api/v1/journeys/{journey['id']}/").status_code == 204
    assert not Journey.objects.exists()
    assert api.get(f"/api/v1/journeys/{journey['id']}/").status_code == 404


def test_a_published_journey_cannot_be_deleted(api):
    journey = create(api)
    JourneyVersion.objects.filter(journey_id=journey["id"]).update(status="live")
    response = api.delete(f"/api/v1/journeys/{journey['id']}/")
    assert response.status_code == 409
    assert Journey.objects.filter(pk=journey["id"]).exists()


def test_draft_get_carries_an_etag_and_put_replaces_the_graph(api, example_templates):
    journey = create(api)
    got = api.get(f"/api/v1/journeys/{journey['id']}/draft")
    etag = got["ETag"]
    example = load_example("welcome_series.json")
    saved = put_json(api, f"/api/v1/journeys/{journey['id']}/draft", example, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["valid"] is True and saved.json()["issues"] == []
    assert saved["ETag"] != etag
    assert api.get(f"/api/v1/journeys/{journey['id']}/draft").json()["nodes"] == example["nodes"]


def test_a_draft_with_validation_errors_is_saved_and_lists_the_issues(api):
    journey = create(api)
    response = put_json(api, f"/api/v1/journeys/{journey['id']}/draft", load_example("invalid_spin.json"))
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    pinned = {(i["node"], i["code"]) for i in body["issues"]}
    assert {("s", "cycle_without_wait"), ("b1", "cycle_without_wait"), ("s", "split_weights_sum"),
            ("orphan", "unreachable"), ("orphan", "template_missing")} <= pinned
    assert api.get(f"/api/v1/journeys/{journey['id']}/draft").json()["nodes"][0]["id"] == "t"


def test_a_stale_if_match_gets_412_and_keeps_the_other_save(api):
    # given two editors who loaded the same draft
    journey = create(api)
    etag = api.get(f"/api/v1/journeys/{journey['id']}/draft")["ETag"]
    first = load_example("welcome_series.json")
    assert put_json(api, f"/api/v1/journeys/{journey['id']}/draft", first, HTTP_IF_MATCH=etag).status_code == 200
    # when the second saves with the old ETag
    response = put_json(api, f"/api/v1/journeys/{journey['id']}/draft", load_example("winback.json"), HTTP_IF_MATCH=etag)
    # then
    assert response.status_code == 412
    assert "reload" in response.json()["detail"]
    assert api.get(f"/api/v1/journeys/{journey['id']}/draft").json()["nodes"] == first["nodes"]


@pytest.mark.parametrize("body, field, words", [
    ("{not json", None, "JSON parse error"),
    ({"schema": 2, "nodes": [], "edges": []}, "schema", "schema"),
    ({"nodes": [], "edges": []}, "schema", "schema"),
    ([1, 2], None, "object"),
    ({"schema": 1, "nodes": [{"id": "a"}], "edges": []}, "nodes[0].type", "type"),
    ({"schema": 1, "nodes": "x", "edges": []}, "nodes", "list"),
])
def test_a_draft_that_is_not_json_or_not_schema_1_gets_400_naming_the_problem(api, body, field, words):
    journey = create(api)
    before = api.get(f"/api/v1/journeys/{journey['id']}/draft").json()
    response = put_json(api, f"/api/v1/journeys/{journey['id']}/draft", body)
    assert response.status_code == 400
    assert words.lower() in response.json()["detail"].lower()
    if field:
        assert response.json()["field"] == field
    assert api.get(f"/api/v1/journeys/{journey['id']}/draft").json() == before


def test_validate_checks_the_saved_draft_or_a_graph_in_the_body(api, example_templates):
    journey = create(api, draft=load_example("winback.json"))
    saved = api.post(f"/api/v1/journeys/{journey['id']}/validate")
    assert saved.status_code == 200 and saved.json() == {"valid": True, "issues": []}
    posted = api.post(f"/api/v1/journeys/{journey['id']}/validate", load_example("invalid_spin.json"), format="json")
    assert posted.json()["valid"] is False
    assert {"node", "code", "message", "severity"} == set(posted.json()["issues"][0])


def test_validate_reports_a_template_of_another_channel(api, example_templates):
    graph = load_example("welcome_series.json")
    graph["nodes"][1]["config"]["channel"] = "sms"  # welcome-email is an email template
    journey = create(api)
    issues = api.post(f"/api/v1/journeys/{journey['id']}/validate", graph, format="json").json()["issues"]
    assert [(i["node"], i["code"]) for i in issues] == [("welcome", "template_channel_mismatch")]


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/journeys/"), ("post", "/api/v1/journeys/"), ("get", "/api/v1/journeys/1/"),
    ("get", "/api/v1/journeys/1/draft"), ("put", "/api/v1/journeys/1/draft"),
    ("post", "/api/v1/journeys/1/validate"), ("get", "/api/v1/templates"),
])
def test_unauthenticated_requests_get_401(anonymous_api, method, path):
    assert getattr(anonymous_api, method)(path).status_code == 401


def test_a_wrong_token_gets_401(anonymous_api):
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token nope")
    assert anonymous_api.get("/api/v1/journeys/").status_code == 401
