"""`GET /api/v1/journeys/{id}/stats` over a known history: every count, rate and the z-test."""
import pytest

pytestmark = pytest.mark.django_db


def test_stats_report_the_known_history_exactly(api, known_history):
    # when
    body = api.get(f"/api/v1/journeys/{known_history.journey.pk}/stats").json()

    # then the editor's keys are still there
    assert body["journey"] == known_history.journey.pk and body["version"] == 1
    assert body["nodes"]["t"] == {"entered": 200, "waiting": 0, "exited": 0, "sent": 0}
    assert body["nodes"]["ma"]["sent"] == 90 and body["nodes"]["mb"]["sent"] == 90
    assert body["nodes"]["x"] == {"entered": 200, "waiting": 0, "exited": 200, "sent": 0}
    assert body["enrollments"]["completed"] == 200

    # the funnel in graph order, with why contacts left
    assert [step["node"] for step in body["funnel"]] == ["t", "s", "ma", "mb", "x"]
    assert body["funnel"][-1]["exit_reasons"] == {"completed": 200}

    # sends by channel and status
    assert body["sends"]["total"] == 200
    assert body["sends"]["by_channel"] == {
        "sms": {"delivered": 80, "sent": 10, "failed": 5, "suppressed": 5},
        "email": {"delivered": 70, "sent": 20, "capped": 10},
    }
    assert body["sends"]["by_status"] == {"delivered": 150, "sent": 30, "failed": 5, "suppressed": 5, "capped": 10}

    # rates: sent = 180 (delivered + sent), delivered 150, opened 40 (distinct), clicked 12
    rates = body["rates"]
    assert (rates["sent"], rates["delivered"], rates["opened"], rates["clicked"], rates["blocked"]) == (180, 150, 40, 12, 15)
    assert rates["delivery_rate"] == pytest.approx(150 / 180)
    assert rates["open_rate"] == pytest.approx(40 / 150)
    assert rates["click_rate"] == pytest.approx(12 / 150)

    # conversions per variant, against the control, with the hand-computed z-test (see
    # tests/unit/test_stats_significance.py: 30/100 vs 20/100 -> z 1.632993, p 0.102470)
    [split] = body["variants"]
    assert split["split"] == "s" and split["control"] == "control"
    a, control = split["variants"]
    assert (a["key"], a["enrolled"], a["converted"], a["rate"]) == ("A", 100, 30, 0.3)
    assert (control["key"], control["control"], control["enrolled"], control["converted"]) == ("control", True, 100, 20)
    assert control["p_value"] is None
    assert a["z"] == pytest.approx(1.632993, abs=1e-6)
    assert a["p_value"] == pytest.approx(0.102470, abs=1e-6)
    assert a["uplift"] == pytest.approx(0.5)
    assert (a["ci_low"], a["ci_high"]) == (pytest.approx(-0.019220, abs=1e-6), pytest.approx(0.219220, abs=1e-6))

    # overall conversion and the time to convert: 30 in < 1 h, 20 in 1-3 days
    conversions = body["conversions"]
    assert (conversions["enrolled"], conversions["converted"], conversions["rate"]) == (200, 50, 0.25)
    assert [b["count"] for b in conversions["time_to_convert"]["histogram"]] == [30, 0, 0, 20, 0, 0]
    assert conversions["time_to_convert"]["median_seconds"] == 1800.0
    assert conversions["time_to_convert"]["p90_seconds"] == 2 * 86400.0


def test_a_holdout_wired_to_exit_is_the_control_when_none_is_named():
    from journeys.selectors.analytics import split_controls

    graph = {"nodes": [{"id": "s", "type": "split", "config": {"variants": [{"key": "B"}, {"key": "hold"}]}},
                       {"id": "m", "type": "send"}, {"id": "x", "type": "exit"}],
             "edges": [{"source": "s", "target": "m", "port": "B"}, {"source": "s", "target": "x", "port": "hold"}]}
    assert split_controls(graph) == {"s": "hold"}
    graph["edges"][1]["target"] = "m"
    assert split_controls(graph) == {"s": "B"}  # no holdout: the first variant


def test_stats_of_another_version_and_of_a_missing_one(api, known_history):
    assert api.get(f"/api/v1/journeys/{known_history.journey.pk}/stats?version=9").status_code == 404
    assert api.get(f"/api/v1/journeys/{known_history.journey.pk}/stats?version=x").json()["field"] == "version"


def test_the_runtime_feeds_the_stats(runner, templates, api):
    # given a live A/B journey run by the real engine for 40 contacts
    from tests.integration.logs.conftest import AB_GRAPH
    from tests.integration.runtime.conftest import live_journey as publish

    journey = publish(AB_GRAPH, name="AB live")
    for i in range(40):
        runner.identify(f"rt-{i}", email=f"rt{i}@example.com", phone=f"+1555111{i:04d}")
        runner.track(f"rt-{i}", "signed_up")

    # when
    body = api.get(f"/api/v1/journeys/{journey.pk}/stats").json()

    # then every contact is counted once, in exactly one variant, and every send is in the log
    [split] = body["variants"]
    assert sum(v["enrolled"] for v in split["variants"]) == 40
    assert body["sends"]["total"] == 40
    assert body["nodes"]["s"]["entered"] == 40
    listed = api.get(f"/api/v1/messages?journey={journey.pk}&limit=100").json()["results"]
    assert len(listed) == 40
    assert {m["node"] for m in listed} <= {"ma", "mb"}
