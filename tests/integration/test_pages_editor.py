"""The pages around the editor: list (search, create, import), the editor page's boot data, login."""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journeys.models import Journey, JourneyVersion, NodeTally
from tests.conftest import EXAMPLES_DIR, load_example
from tests.factories import ContactFactory, EventFactory, JourneyFactory

pytestmark = pytest.mark.django_db


def boot_of(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="journey-editor-boot" type="application/json">') + len(
        '<script id="journey-editor-boot" type="application/json">')
    return json.loads(html[start:html.index("</script>", start)])


def make_live(journey: Journey, graph: dict | None = None) -> JourneyVersion:
    version = journey.versions.get()
    if graph is not None:
        JourneyVersion.objects.filter(pk=version.pk).update(graph=graph)
    JourneyVersion.objects.filter(pk=version.pk).update(status="live")
    Journey.objects.filter(pk=journey.pk).update(status="live")
    version.refresh_from_db()
    return version


def test_editor_page_requires_login(client):
    journey = JourneyFactory()
    response = client.get(f"/journeys/{journey.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_editor_page_boots_the_editor_with_the_draft_and_its_etag(client, user):
    # given a journey with a draft
    client.force_login(user)
    journey = JourneyFactory(name="Welcome")
    graph = {**load_example("welcome_series.json")}
    graph.pop("name")
    JourneyVersion.objects.filter(journey=journey).update(graph=graph)

    # when the editor page is opened
    response = client.get(f"/journeys/{journey.pk}/")

    # then it links the bundle and embeds the graph and the same ETag the draft API gives
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/editor/dist/editor.js" in html and 'id="journey-editor"' in html
    boot = boot_of(response)
    assert boot["mode"] == "edit"
    assert boot["graph"] == graph
    assert boot["etag"] == client.get(f"/api/v1/journeys/{journey.pk}/draft")["ETag"]
    assert boot["ws_path"] is None and boot["counts"] is None
    assert "csrftoken" in response.cookies  # the editor's writes send it back as X-CSRFToken


def test_editor_page_suggests_known_events_traits_and_properties(client, user):
    client.force_login(user)
    contact = ContactFactory(traits={"plan": "pro", "first_name": "Ada"})
    EventFactory(contact=contact, name="order_completed", properties={"total": 12})
    boot = boot_of(client.get(f"/journeys/{JourneyFactory().pk}/"))
    assert "order_completed" in boot["suggestions"]["events"]
    assert {"plan", "first_name"} <= set(boot["suggestions"]["traits"])
    assert "total" in boot["suggestions"]["properties"]


def test_a_live_version_opens_read_only_with_counts_and_a_websocket(client, user):
    # given a live journey with some traffic
    client.force_login(user)
    journey = JourneyFactory()
    graph = {"schema": 1, "nodes": [
        {"id": "t", "type": "trigger", "config": {"event": "e"}, "position": {"x": 0, "y": 0}},
        {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 100}},
    ], "edges": [{"source": "t", "target": "x", "port": "next"}], "settings": {}}
    version = make_live(journey, graph)
    NodeTally.objects.create(version=version, node="t", entered=7, exited=0)

    # when the page is opened
    boot = boot_of(client.get(f"/journeys/{journey.pk}/"))

    # then it is the live view, with the counts and the websocket path
    assert boot["mode"] == "live" and boot["etag"] is None
    assert boot["counts"]["t"]["entered"] == 7
    assert boot["ws_path"] == f"/ws/journeys/{journey.pk}/live/"
    assert boot["links"]["edit"] == f"/journeys/{journey.pk}/?edit=1"

    # and ?edit=1 opens the editor on it (the first save makes the new draft)
    edit = boot_of(client.get(f"/journeys/{journey.pk}/?edit=1"))
    assert edit["mode"] == "edit" and edit["etag"] == version.etag


def test_editor_page_404s_for_a_missing_journey_or_live_version(client, user):
    client.force_login(user)
    assert client.get("/journeys/999999/").status_code == 404
    assert client.get(f"/journeys/{JourneyFactory().pk}/?view=live").status_code == 404


def test_list_creates_a_journey_and_opens_it(client, user):
    client.force_login(user)
    response = client.post("/journeys/", {"action": "create", "name": "Onboarding"})
    journey = Journey.objects.get(name="Onboarding")
    assert response.status_code == 302 and response["Location"] == f"/journeys/{journey.pk}/"
    assert journey.created_by == user


def test_list_refuses_an_empty_name(client, user):
    client.force_login(user)
    response = client.post("/journeys/", {"action": "create", "name": "  "}, follow=True)
    assert b"name must not be empty" in response.content
    assert not Journey.objects.exists()


def test_list_imports_a_schema_1_file(client, user):
    client.force_login(user)
    upload = SimpleUploadedFile("invalid_spin.json", (EXAMPLES_DIR / "invalid_spin.json").read_bytes())
    response = client.post("/journeys/", {"action": "import", "file": upload})
    journey = Journey.objects.get()
    assert response["Location"] == f"/journeys/{journey.pk}/"
    assert journey.name.startswith("Invalid")  # the file's own name
    assert [n["id"] for n in journey.versions.get().graph["nodes"]] == ["t", "s", "b1", "orphan", "x"]


@pytest.mark.parametrize("content, message", [
    (b"{nope", b"is not JSON"),
    (b'{"schema": 2, "nodes": [], "edges": []}', b"schema"),
    (b'{"schema": 1, "nodes": [{"id": "a"}], "edges": []}', b"nodes[0].type"),
])
def test_list_reports_a_bad_import_and_creates_nothing(client, user, content, message):
    client.force_login(user)
    response = client.post("/journeys/", {"action": "import", "file": SimpleUploadedFile("bad.json", content)}, follow=True)
    assert message in response.content
    assert not Journey.objects.exists()


def test_list_shows_versions_steps_and_counts_in_a_fixed_number_of_queries(client, user, django_assert_max_num_queries):
    client.force_login(user)
    for i in range(12):
        JourneyFactory(name=f"Journey {i}")
    make_live(JourneyFactory(name="Live one"))
    with django_assert_max_num_queries(12):
        response = client.get("/journeys/")
    html = response.content.decode()
    assert "Journey 11" in html and "live v1" in html
    assert client.get("/journeys/?q=live").content.decode().count("data-journey-id") == 1


def test_login_and_logout(client, user):
    page = client.get("/accounts/login/?next=/journeys/")
    assert b'name="username"' in page.content
    response = client.post("/accounts/login/", {"username": user.username, "password": "secret-pass", "next": "/journeys/1/"})
    assert response["Location"] == "/journeys/1/"
    out = client.post("/accounts/logout/")
    assert out.status_code == 302 and client.get("/journeys/").status_code == 302
