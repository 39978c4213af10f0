"""A Content-Security-Policy on every page (design §8): scripts only from our own files.

The browser suite (tests/e2e) fails on any CSP violation, so the editor, the charts and
the live views are proven to work under this policy; here, the header itself.
"""
import re

import pytest

from tests.factories import JourneyFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def staff_marketer(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def pages(journey_id: int) -> list[str]:
    return ["/journeys/", f"/journeys/{journey_id}/", f"/journeys/{journey_id}/analytics", "/overview/",
            "/approvals/", "/messages/", "/conversions/", "/inapp/demo/?userId=ada", f"/journeys/{journey_id}/history/"]


def test_every_page_forbids_inline_and_foreign_scripts(client, staff_marketer):
    # given a logged-in user and a journey
    client.force_login(staff_marketer)
    journey = JourneyFactory()
    for path in pages(journey.pk):
        # when a page is fetched
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        # then scripts come only from our own origin, and the page cannot be framed or re-based
        assert policy["script-src"] == ["'self'"], path
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], path
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"], path
        assert policy["form-action"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"], path
        # and the live views may open their websocket to this very host
        assert policy["connect-src"] == ["'self'", "ws://testserver"], path


def test_the_login_page_and_the_api_docs_carry_the_policy_too(client):
    for path in ("/accounts/login/", "/api/v1/docs", "/api/v1/journeys/"):
        response = client.get(path)
        assert "'self'" in directives(response)["script-src"], path


def test_behind_tls_the_live_views_connect_over_wss(client, user, settings):
    # given HTTPS behind a proxy that says so
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client.force_login(user)
    # when a page is fetched through it
    response = client.get("/journeys/", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver")
    # then only the secure websocket is allowed
    assert directives(response)["connect-src"] == ["'self'", "wss://testserver"]


def test_swagger_ui_starts_from_a_script_file_not_an_inline_script(client):
    html = client.get("/api/v1/docs").content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attributes for attributes in scripts), scripts


def test_only_redoc_may_start_a_worker_from_a_blob(client):
    assert directives(client.get("/api/v1/redoc"))["worker-src"] == ["'self'", "blob:"]
    assert "worker-src" not in directives(client.get("/api/v1/docs"))
