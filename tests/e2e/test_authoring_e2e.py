"""Journey authoring, second round, in a browser: a journey from the welcome starter, its path simulated
on the canvas (highlighted, with times), then a real test send followed live on the canvas.

Served by `manage.py journeys_run` (asgi_server): in embedded mode that process also runs the runtime,
so the test send's enrollment really moves (waits cut to 1 s).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, wait_for_editor

pytestmark = pytest.mark.e2e

TAKEN = ["start:next->welcome", "welcome:next->day1", "day1:next->tips", "tips:next->day3", "day3:next->bought",
         "bought:yes->day7", "day7:next->recap", "recap:next->done"]


def node(page, node_id: str):
    return page.locator(f'.react-flow__node[data-id="{node_id}"]')


def sim_time(page, node_id: str) -> datetime:
    badge = node(page, node_id).locator('[data-testid="sim-badge"]')
    return datetime.fromisoformat(badge.get_attribute("data-sim-time"))


def test_a_welcome_journey_is_simulated_on_the_canvas_then_test_sent_live(asgi_server, page, marketer, screenshot):
    from channels_app.models import Message
    from journeys.models import Journey
    from tests.factories import ContactFactory

    ContactFactory(user_id="ada")

    # given a journey started from the welcome template of the gallery
    log_in(page, asgi_server, marketer, "/journeys/")
    page.locator('[data-starter="welcome_7_day"] [data-action="use-template"]').click()
    page.wait_for_url(re.compile(r".*/journeys/\d+/$"))
    wait_for_editor(page)
    journey = Journey.objects.get()
    expect(node(page, "welcome")).to_be_visible()

    # when the Test panel opens from the keyboard and simulates Ada ordering an hour after a fixed start
    page.keyboard.press("t")
    panel = page.locator('[data-testid="test-panel"]')
    expect(panel).to_be_visible()
    panel.locator('input[name="test-user"]').fill("ada")
    panel.locator('[data-action="add-test-event"]').click()
    panel.locator('input[name="test-event-0"]').fill("order_completed")
    panel.get_by_text("at the start (add a delay)").click()
    panel.locator('input[name="test-now"]').fill("2027-03-01T09:00")
    panel.locator('[data-action="simulate"]').click()

    # then the path is drawn: visited nodes with their simulated times, the bought=yes edge, the offer skipped
    expect(node(page, "done")).to_have_class(re.compile(r"\bsim-current\b"))
    expect(node(page, "offer")).to_have_class(re.compile(r"\bsim-dim\b"))
    expect(node(page, "bought")).to_have_class(re.compile(r"\bsim-visited\b"))
    for edge_id in TAKEN:
        expect(page.locator(f'.react-flow__edge.sim-taken[data-id="{edge_id}"]')).to_have_count(1)
    expect(page.locator('.react-flow__edge.sim-taken')).to_have_count(len(TAKEN))
    start = datetime.fromisoformat(page.evaluate("new Date('2027-03-01T09:00').toISOString()").replace("Z", "+00:00"))
    assert sim_time(page, "start") == start
    assert sim_time(page, "tips") - start == timedelta(days=1)
    assert sim_time(page, "recap") - start == timedelta(days=7)
    expect(node(page, "tips").locator(".jn-sim-order")).to_have_text("4")  # start, welcome, day1, tips
    expect(node(page, "welcome").locator('[data-testid="sim-verdict"]')).to_be_visible()
    expect(panel.locator('[data-testid="sim-result"]')).to_have_attribute("data-outcome", "completed")
    screenshot(page, "authoring-simulated-path")

    # when a test send runs for Ada to a test address
    panel.locator('input[name="test-to"]').fill("qa@example.com")
    panel.locator('[data-action="test-send"]').click()

    # then the run is followed while it moves, and ends at the exit with the draft's messages sent as tests
    state = panel.locator('[data-testid="test-run-state"]')
    expect(state).to_have_text(re.compile(r"^(active|waiting)$"))
    expect(state).to_have_text("completed", timeout=40_000)
    expect(node(page, "done")).to_have_class(re.compile(r"\bsim-current\b"))
    expect(node(page, "offer")).to_have_class(re.compile(r"\bsim-visited\b"))  # Ada never ordered for real
    expect(panel.locator('[data-testid="test-messages"] li')).to_have_count(4)
    screenshot(page, "authoring-test-send")
    messages = list(Message.objects.filter(journey=journey))
    assert len(messages) == 4 and all(m.is_test for m in messages)
    assert {m.address for m in messages if m.channel == "email"} == {"qa@example.com"}


def test_date_and_schedule_triggers_preview_their_next_occurrences_and_waits_take_weekdays(asgi_server, page, marketer,
                                                                                          screenshot):
    # given the birthday starter, opened in the editor
    log_in(page, asgi_server, marketer, "/journeys/")
    page.locator('[data-starter="birthday_offer"] [data-action="use-template"]').click()
    page.wait_for_url(re.compile(r".*/journeys/\d+/$"))
    wait_for_editor(page)
    expect(node(page, "start")).to_contain_text("3 days before birthday")

    # when its date trigger is selected, the panel shows its fields and the next five check times
    node(page, "start").locator(".jn-head").click()
    panel = page.locator('[data-testid="node-panel"]')
    expect(panel.locator('select[name="trigger-mode"]')).to_have_value("date")
    expect(panel.locator('input[name="date_trait"]')).to_have_value("birthday")
    expect(panel.locator('[data-testid="next-occurrences"] li')).to_have_count(5)
    # a sample birthday gives the moments such a contact enters: once a year, 3 days before
    panel.locator('input[name="sample_date"]').fill("1990-06-15")
    first = panel.locator('[data-testid="next-occurrences"] li').first
    expect(first).to_have_attribute("data-occurrence", re.compile(r"^\d{4}-06-12T10:00"))
    screenshot(page, "authoring-date-trigger")

    # when it becomes a weekly schedule for a segment, the preview follows and the graph holds the schedule
    panel.locator('select[name="trigger-mode"]').select_option("schedule")
    panel.locator('select[name="schedule-kind"]').select_option("week")
    panel.locator('select[name="schedule-weekday"]').select_option("fri")
    expect(panel.locator('[data-testid="next-occurrences"] li')).to_have_count(5)
    graph = page.evaluate("window.journeyEditor.graph()")
    trigger = next(n for n in graph["nodes"] if n["id"] == "start")
    assert trigger["config"]["schedule"] == {"every": "week", "weekday": "fri"}
    assert trigger["config"]["at"] == "10:00"
    expect(node(page, "start")).to_contain_text("every week on fri")

    # and a wait until a time of day takes weekdays
    node(page, "three_days").locator(".jn-head").click()
    panel.locator('select[name="wait-mode"]').select_option("until")
    panel.locator('input[name="weekday-sat"]').check()
    panel.locator('input[name="weekday-mon"]').check()
    graph = page.evaluate("window.journeyEditor.graph()")
    wait = next(n for n in graph["nodes"] if n["id"] == "three_days")
    assert wait["config"] == {"until": "09:00", "timezone": "contact", "weekdays": ["mon", "sat"]}
    expect(node(page, "three_days")).to_contain_text("on mon, sat")
    screenshot(page, "authoring-weekday-wait")
