"""Journey authoring over HTTP: the starters gallery, starting from one, the next-occurrences preview,
`simulate` with `now` (date triggers, weekday waits, taken edges), and bad input named by field."""
import pytest

from channels_app.models import MessageTemplate
from journeys.models import Journey
from tests.integration.runtime.conftest import chain

pytestmark = pytest.mark.django_db


def test_the_gallery_lists_the_five_starters_in_the_callers_language(api):
    english = api.get("/api/v1/journey-templates")
    assert english.status_code == 200
    rows = {row["key"]: row for row in english.json()}
    assert {"welcome_7_day", "browse_abandon", "repurchase_nudge", "silent_winback", "birthday_offer"} <= set(rows)
    assert rows["welcome_7_day"]["name"] == "7-day welcome series"
    assert rows["birthday_offer"]["graph"]["nodes"][0]["config"]["date_trait"] == "birthday"
    chinese = api.get("/api/v1/journey-templates", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert {row["key"]: row["name"] for row in chinese.json()}["welcome_7_day"] == "7 天欢迎旅程"


def test_a_journey_started_from_a_starter_is_a_valid_draft_with_its_templates_created(api):
    MessageTemplate.objects.create(slug="starter-welcome-email", channel="email", subject="Mine", body="Kept")
    response = api.post("/api/v1/journeys/", {"name": "Welcome", "template": "welcome_7_day"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["draft"]["nodes"][0]["config"] == {"event": "signed_up"}
    assert MessageTemplate.objects.filter(slug__startswith="starter-welcome").count() == 4
    assert MessageTemplate.objects.get(slug="starter-welcome-email").subject == "Mine"  # an existing one is kept
    validated = api.post(f"/api/v1/journeys/{body['id']}/validate")
    assert validated.json()["valid"] is True, validated.json()


def test_an_unknown_starter_is_a_400_naming_template_and_creates_nothing(api):
    response = api.post("/api/v1/journeys/", {"name": "X", "template": "no_such_thing"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "template" and "no_such_thing" in response.json()["detail"]
    assert Journey.objects.count() == 0


def test_next_occurrences_of_a_weekly_schedule(api):
    trigger = {"schedule": {"every": "week", "weekday": "mon"}, "at": "10:00", "timezone": "Asia/Shanghai",
               "segment": "vip"}
    response = api.post("/api/v1/journeys/next-occurrences", {"trigger": trigger, "now": "2027-03-01T00:00:00Z"},
                        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["occurrences"][:2] == ["2027-03-01T02:00:00Z", "2027-03-08T02:00:00Z"]
    assert len(response.json()["occurrences"]) == 5


def test_next_occurrences_of_a_birthday_for_a_sample_date_in_new_york(api):
    trigger = {"date_trait": "birthday", "offset_days": -3, "at": "10:00", "timezone": "contact", "yearly": True}
    response = api.post("/api/v1/journeys/next-occurrences",
                        {"trigger": trigger, "now": "2027-01-01T00:00:00Z", "timezone": "America/New_York",
                         "sample_date": "1990-03-17", "n": 1}, format="json")
    assert response.json()["occurrences"] == ["2027-03-14T14:00:00Z"]  # EDT, the day DST starts


def test_next_occurrences_refuses_a_bad_trigger_naming_the_field(api):
    trigger = {"schedule": {"every": "week", "weekday": "caturday"}, "at": "25:00", "timezone": "UTC", "segment": "v"}
    response = api.post("/api/v1/journeys/next-occurrences", {"trigger": trigger}, format="json")
    assert response.status_code == 400
    messages = " ".join(response.json()["trigger"])
    assert "schedule.weekday" in messages and "at must be" in messages


def test_validation_names_an_unknown_weekday_and_an_at_that_is_not_hh_mm(api):
    graph = chain(("t", "trigger", {"date_trait": "birthday", "at": "10am"}),
                  ("w", "wait", {"until": "09:00", "weekdays": ["mon", "someday"]}), ("x", "exit", {}))
    journey = api.post("/api/v1/journeys/", {"name": "Bad", "draft": graph}, format="json").json()
    issues = api.post(f"/api/v1/journeys/{journey['id']}/validate").json()["issues"]
    by_node = {i["node"]: i["message"] for i in issues}
    assert "at must be a time of day" in by_node["t"]
    assert "weekdays[1]" in by_node["w"]


def test_simulate_with_now_draws_the_path_with_times_and_taken_edges(api):
    graph = chain(("t", "trigger", {"date_trait": "birthday", "offset_days": -3, "at": "10:00", "timezone": "UTC"}),
                  ("w", "wait", {"until": "09:00", "weekdays": ["mon"], "timezone": "UTC"}),
                  ("s", "split", {"variants": [{"key": "A", "weight": 100}]}),
                  ("x", "exit", {}),
                  edges=[("t", "next", "w"), ("w", "next", "s"), ("s", "A", "x")])
    journey = api.post("/api/v1/journeys/", {"name": "Sim", "draft": graph}, format="json").json()
    response = api.post(f"/api/v1/journeys/{journey['id']}/simulate",
                        {"traits": {"birthday": "1990-03-08"}, "now": "2027-03-05T10:00:00Z"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    steps = {step["node"]: step for step in body["path"]}
    assert steps["t"]["at"].startswith("2027-03-05T10:00")  # a Friday
    assert steps["w"]["waits_until"].startswith("2027-03-08T09:00")  # over the weekend to Monday 09:00
    assert steps["s"]["at"].startswith("2027-03-08T09:00") and steps["s"]["variant"] == "A"
    assert [(e["source"], e["port"], e["target"]) for e in body["edges"]] == [
        ("t", "next", "w"), ("w", "next", "s"), ("s", "A", "x")]
    assert body["outcome"] == "completed"
