import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_v1_endpoints(client):
    response = client.get("/api/v1/schema", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    for path in ("/api/v1/identify", "/api/v1/track", "/api/v1/batch", "/api/v1/journeys/{journey_id}/draft",
                 "/api/v1/templates"):
        assert any(p.rstrip("/").startswith(path.rstrip("/")) for p in schema["paths"]), path


def test_api_docs_page_renders_from_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"drf_spectacular_sidecar" in response.content  # no CDN: works offline


def test_journey_list_page_requires_login(client):
    response = client.get("/journeys/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_journey_list_page_shows_journeys_and_an_empty_state(client, user):
    client.force_login(user)
    empty = client.get("/journeys/")
    assert b"No journeys yet" in empty.content
    from tests.factories import JourneyFactory

    JourneyFactory(name="Welcome series")
    assert b"Welcome series" in client.get("/journeys/").content
    assert b"No journey matches" in client.get("/journeys/?q=zzz").content


def test_the_browser_session_can_call_the_api(client, user):
    client.force_login(user)
    assert client.get("/api/v1/journeys/").status_code == 200


def test_login_page_logs_a_user_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": "secret-pass"})
    assert response.status_code == 302 and response["Location"] == "/journeys/"


@pytest.mark.parametrize("path", ["/admin/journeys/journey/", "/admin/journeys/enrollment/", "/admin/journeys/contact/",
                                  "/admin/journeys/event/", "/admin/channels_app/message/",
                                  "/admin/channels_app/suppression/", "/admin/channels_app/frequencycaprule/"])
def test_the_admin_shows_the_runtime(client, path):
    from django.contrib.auth import get_user_model

    from journeys.services.demo import demo_load

    demo_load(start_tour=False)
    client.force_login(get_user_model().objects.get(username="demo"))
    assert client.get(path).status_code == 200
