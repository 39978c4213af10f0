"""publish, enroll, launch, simulate, stats and enrollments over HTTP."""
import pytest

from journeys.models import Enrollment, Journey, Launch
from tests.conftest import load_example
from tests.integration.runtime.conftest import chain

pytestmark = pytest.mark.django_db

SIMPLE = chain(("t", "trigger", {"event": "go"}), ("w", "wait", {"seconds": 60}), ("x", "exit", {}))


def go_live(api, approver_api, journey_id):
    """The real workflow over HTTP: the marketer submits, an approver (someone else) approves and publishes."""
    assert api.post(f"/api/v1/journeys/{journey_id}/submit").status_code == 200
    assert approver_api.post(f"/api/v1/journeys/{journey_id}/approve").status_code == 200
    response = approver_api.post(f"/api/v1/journeys/{journey_id}/publish")
    assert response.status_code == 200, response.content
    return response


def create(api, graph):
    response = api.post("/api/v1/journeys/", {"name": "J", "draft": graph}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_publish_makes_an_approved_draft_live(api, approver_api):
    journey_id = create(api, SIMPLE)
    response = go_live(api, approver_api, journey_id)
    assert response.json()["status"] == "live" and response.json()["live_version"] == 1


def test_a_draft_with_errors_can_never_go_live(api):
    journey_id = create(api, load_example("invalid_spin.json"))
    response = api.post(f"/api/v1/journeys/{journey_id}/submit")
    assert response.status_code == 409
    assert "validation error" in response.json()["detail"]
    assert {i["code"] for i in response.json()["issues"]} >= {"cycle_without_wait", "unreachable"}
    assert Journey.objects.get().status == "draft"


def test_publishing_again_makes_the_previous_version_finishing(api, approver_api):
    journey_id = create(api, SIMPLE)
    go_live(api, approver_api, journey_id)
    api.put(f"/api/v1/journeys/{journey_id}/draft", SIMPLE, format="json")  # edits a live journey: draft v2
    assert go_live(api, approver_api, journey_id).json()["live_version"] == 2
    assert dict(Journey.objects.get().versions.values_list("number", "status")) == {1: "finishing", 2: "live"}


def test_enroll_puts_one_contact_in_and_refuses_twice(api, approver_api, runner):
    journey_id = create(api, SIMPLE)
    runner.identify("ada")
    assert api.post(f"/api/v1/journeys/{journey_id}/enroll", {"userId": "ada"}, format="json").status_code == 409
    go_live(api, approver_api, journey_id)
    response = runner.call(api.post, f"/api/v1/journeys/{journey_id}/enroll", {"userId": "ada"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["userId"] == "ada"
    assert Enrollment.objects.get().state == "waiting"
    again = api.post(f"/api/v1/journeys/{journey_id}/enroll", {"userId": "ada"}, format="json")
    assert again.status_code == 409 and "already" in again.json()["detail"]
    unknown = api.post(f"/api/v1/journeys/{journey_id}/enroll", {"userId": "nobody"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["field"] == "userId"


def test_launch_enrolls_every_matching_contact_in_batches_with_progress(api, approver_api, runner, monkeypatch):
    from journeys.services import launches

    monkeypatch.setattr(launches, "LAUNCH_BATCH", 7)
    monkeypatch.setattr(launches.launch_step, "__defaults__", (7,))
    for i in range(30):
        runner.identify(f"u{i}", plan="pro" if i % 3 == 0 else "free")
    journey_id = create(api, SIMPLE)
    go_live(api, approver_api, journey_id)
    response = runner.call(api.post, f"/api/v1/journeys/{journey_id}/launch",
                           {"condition": {"attr": "plan", "op": "eq", "value": "pro"}}, format="json")
    assert response.status_code == 202, response.content
    progress = api.get(response.json()["progress_url"]).json()
    assert progress["state"] == "done" and progress["examined"] == 30
    assert progress["matched"] == progress["enrolled"] == 10
    assert Enrollment.objects.count() == 10
    steps = [name for name, _ in runner.ran if name == "launch_step"]
    assert len(steps) >= 5  # 30 contacts in batches of 7, then the closing step


def test_launch_with_a_bad_condition_gets_400_naming_it(api, approver_api):
    journey_id = create(api, SIMPLE)
    go_live(api, approver_api, journey_id)
    response = api.post(f"/api/v1/journeys/{journey_id}/launch", {"condition": {"attr": "plan", "op": "like"}},
                        format="json")
    assert response.status_code == 400 and "condition" in response.json()["field"]
    assert not Launch.objects.exists()


def test_simulate_returns_the_path_with_simulated_time_and_writes_nothing(api, templates):
    graph = load_example("welcome_series.json")
    for node in graph["nodes"]:
        if node["type"] == "send":
            node["config"]["template"] = "hello-" + node["config"]["channel"]
        if node["id"] == "ab":  # no holdout: the split's draw depends on the journey id, which varies by run
            node["config"]["variants"] = [{"key": "sms", "weight": 50}, {"key": "email", "weight": 50}]
    graph["edges"] = [e for e in graph["edges"] if e["port"] != "control"]
    journey_id = create(api, graph)
    body = {"traits": {"email": "a@b.c", "phone": "+15555550100", "timezone": "Europe/Paris"},
            "events": [{"event": "signed_up"}, {"event": "course_purchased", "after_seconds": 90000}]}
    response = api.post(f"/api/v1/journeys/{journey_id}/simulate", body, format="json")
    assert response.status_code == 200, response.content
    result = response.json()
    nodes = [step["node"] for step in result["path"]]
    assert nodes[:4] == ["start", "welcome", "day1", "tried"]
    assert result["path"][1]["would"] == "queued" and result["path"][1]["channel"] == "email"
    assert result["converted"]["event"] == "course_purchased"
    assert nodes[-1] == "done" and result["outcome"] == "completed"
    assert "tag_buyer" in nodes  # the purchase arrived during wait_buy
    from channels_app.models import Message
    from journeys.models import Contact

    assert not Message.objects.exists() and not Enrollment.objects.exists() and not Contact.objects.exists()


def test_simulate_counts_a_holdouts_conversion_within_the_goal_window(api, templates):
    graph = chain(("t", "trigger", {"event": "go"}),
                  ("ab", "split", {"variants": [{"key": "control", "weight": 100}]}), ("x", "exit", {}),
                  edges=[("t", "next", "ab"), ("ab", "control", "x")],
                  settings={"reentry": "never", "goal": {"event": "bought", "within_seconds": 3600, "exit": True}})
    journey_id = create(api, graph)
    body = {"traits": {}, "events": [{"event": "go"}, {"event": "bought", "after_seconds": 600}]}
    result = api.post(f"/api/v1/journeys/{journey_id}/simulate", body, format="json").json()
    assert result["outcome"] == "completed" and result["variants"] == {"ab": "control"}
    assert result["converted"]["seconds_to_convert"] == 600


def test_simulate_without_user_or_traits_gets_400(api):
    journey_id = create(api, SIMPLE)
    response = api.post(f"/api/v1/journeys/{journey_id}/simulate", {}, format="json")
    assert response.status_code == 400 and "userId" in response.json()


def test_stats_and_enrollments_show_a_contact_moving(api, approver_api, runner):
    journey_id = create(api, SIMPLE)
    go_live(api, approver_api, journey_id)
    runner.track("ada", "go")
    stats = api.get(f"/api/v1/journeys/{journey_id}/stats").json()
    assert stats["nodes"]["w"]["waiting"] == 1 and stats["nodes"]["w"]["entered"] == 1
    runner.wait(seconds=60)
    stats = api.get(f"/api/v1/journeys/{journey_id}/stats").json()
    assert stats["nodes"]["x"] == {"entered": 1, "waiting": 0, "exited": 1, "sent": 0}
    assert stats["enrollments"]["completed"] == 1
    listed = api.get(f"/api/v1/journeys/{journey_id}/enrollments?userId=ada").json()["results"]
    assert [p[0] for p in listed[0]["path"]] == ["t", "w", "x"]
