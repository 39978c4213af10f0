"""The OpenAPI schema matches behaviour (design §8): Schemathesis, every check, against a live server.

A production-mode web process on this test's PostgreSQL database, seeded with the demo workspace
(journeys live and in draft, templates, a contact), is driven by `schemathesis run --checks all`
through `/api/v1/schema` with a superuser's token, so that nearly every operation is reachable.
Any 5xx, undocumented status, content type, header or body shape fails the test, and so does a
schema-valid request refused or a schema-violating one accepted, except where
`schemathesis.toml` beside this file says why not. Examples per operation are bounded so the run
takes a couple of minutes.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from journeys.services.demo import demo_load
from tests.integration.production_server import ProductionServer, postgres_and_redis_or_skip

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES_PER_OPERATION = 15
SEED = 20260601  # the same inputs every run: a failure reproduces; a new one comes with a code change


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_the_openapi_schema_says(tmp_path):
    postgres_and_redis_or_skip()
    # Given the demo workspace and a superuser's token
    demo_load(start_tour=False)
    admin = get_user_model().objects.create_superuser("schemathesis", "st@example.com", "unused-password-1")
    token = Token.objects.create(user=admin).key
    with ProductionServer(tmp_path, "journeys-schemathesis-web", JOURNEYS_INGEST_RATE="100000") as server:
        # When Schemathesis runs every check on every operation
        run = subprocess.run(
            [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG), "--no-color", "run",
             f"{server.url}/api/v1/schema", "--header", f"Authorization: Token {token}",
             "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", str(SEED),
             "--report", "junit", "--report-dir", str(tmp_path / "schemathesis")],
            cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
        server_log = server.log_tail(6000)
    # Then it finds nothing
    summary = run.stdout[-60000:]
    print(summary[-3000:])
    assert run.returncode == 0, f"{summary}\n{run.stderr[-4000:]}\n--- server log\n{server_log}"


# --- what the run above relies on, quick to check without a server ----------------------------------

@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.django_db
def test_every_operation_documents_the_errors_every_view_can_answer(schema):
    # Given the published schema
    # Then each operation lists the shared errors, 503 with its Retry-After, in the shared error shape
    for name, operation in operations(schema):
        assert {"400", "401", "403", "404", "503"} <= set(operation["responses"]), name
        assert operation["responses"]["503"]["headers"]["Retry-After"]["required"], name
        assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOutput"}, name


@pytest.mark.django_db
def test_only_throttled_ingest_documents_429_and_lists_document_their_page_shape(schema):
    # Given the published schema
    # Then 429 is promised where a rate limit applies, and a list is documented as the page it returns
    throttled = {name for name, operation in operations(schema) if "429" in operation["responses"]}
    assert throttled == {"POST /api/v1/identify/", "POST /api/v1/track/", "POST /api/v1/batch/"}
    listed = schema["paths"]["/api/v1/frequency-caps/"]["get"]["responses"]["200"]["content"]["application/json"]
    page = schema["components"]["schemas"][listed["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert set(page["properties"]) == {"next", "previous", "results"}


@pytest.mark.django_db
@pytest.mark.parametrize("query, field", [
    ("format=bogus", "format"),  # no such renderer here
    ("format=csv", "format"),  # journeys have no CSV export
    ("limit=0", "limit"),
    ("limit=1&limit=2", "limit"),
])
def test_a_bad_query_parameter_is_a_400_naming_it(api, query, field):
    # When a list is asked for with a parameter it cannot honour
    response = api.get(f"/api/v1/journeys/?{query}")
    # Then the answer is a JSON 400 that names the parameter, not a quiet default
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field


@pytest.mark.django_db
def test_a_version_that_is_no_number_is_a_400_and_one_that_is_missing_a_404(api):
    # Given a journey with one version
    journey = api.post("/api/v1/journeys/", {"name": "J"}, format="json").json()
    # When its diff is asked for a version that is no number, then for one it does not have
    # Then the first is a 400 naming `version`, the second a 404
    assert api.get(f"/api/v1/journeys/{journey['id']}/diff?version=one").json()["field"] == "version"
    assert api.get(f"/api/v1/journeys/{journey['id']}/diff?version=7").status_code == 404


@pytest.mark.django_db
def test_a_csv_export_that_fails_says_why_in_json(api):
    # When a CSV export is asked for with a bad filter
    response = api.get("/api/v1/messages?format=csv&since=yesterday")
    # Then the error is JSON (a CSV body could not carry it), naming the filter
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json") and response.json()["field"] == "since"


@pytest.mark.django_db
def test_an_api_url_that_matches_nothing_is_a_json_404(api):
    # When an API URL names no endpoint
    response = api.get("/api/v1/no-such-thing")
    # Then the 404 is JSON, like every API error
    assert response.status_code == 404 and response.json()["detail"]
