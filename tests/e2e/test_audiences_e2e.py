"""Audiences in real Chromium: build a segment in /audiences/new while its size updates, save it, and
start a journey from it in the editor's trigger panel."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, wait_for_editor

pytestmark = pytest.mark.e2e


def size(page):
    return page.locator('[data-testid="preview-size"]')


def test_build_a_segment_watch_its_size_save_it_and_trigger_a_journey_on_it(live_server, page, marketer, screenshot):
    from audiences.models import Segment
    from journeys.services.journeys import journey_import
    from tests.factories import ContactFactory

    # given three pro contacts (two of them women) and two free ones
    for user_id, plan, gender in (("p1", "pro", "female"), ("p2", "pro", "female"), ("p3", "pro", "male"),
                                  ("f1", "free", "female"), ("f2", "free", "male")):
        ContactFactory(user_id=user_id, traits={"plan": plan, "gender": gender})
    journey = journey_import({"schema": 1, "name": "Welcome pro women", "nodes": [
        {"id": "start", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
        {"id": "done", "type": "exit", "config": {}, "position": {"x": 0, "y": 150}},
    ], "edges": [{"source": "start", "target": "done", "port": "next"}]}, user=marketer)

    # when a marketer opens the segment editor and names the segment
    log_in(page, live_server.url, marketer, next_path="/audiences/new")
    page.fill('input[name="segment-name"]', "Pro women")
    expect(page.locator('input[name="segment-key"]')).to_have_value("pro-women")
    # and writes a first rule: the size appears
    page.fill('input[name="segment.all[0].attr"]', "plan")
    page.fill('input[name="segment.all[0].value"]', "pro")
    expect(size(page)).to_have_text("3")
    expect(page.locator('[data-testid="preview-sample"] li')).to_have_count(3)
    # and adds a second one: the size follows
    page.get_by_role("button", name="+ trait rule").click()
    page.fill('input[name="segment.all[1].attr"]', "gender")
    page.fill('input[name="segment.all[1].value"]', "female")
    expect(size(page)).to_have_text("2")
    screenshot(page, "audiences-segment-editor")

    # and saves it: the page becomes the segment's own, and the segment holds its two members
    page.click('[data-testid="save-segment"]')
    page.wait_for_url("**/audiences/pro-women/")
    segment = Segment.objects.get(key="pro-women")
    assert segment.condition == {"all": [{"attr": "plan", "op": "eq", "value": "pro"},
                                         {"attr": "gender", "op": "eq", "value": "female"}]}
    expect(size(page)).to_have_text("2")
    page.goto(f"{live_server.url}/audiences/")
    expect(page.locator('tr[data-segment="pro-women"] [data-testid="size"]')).to_have_text("2")

    # then, in the journey editor, the trigger can start on entering the saved segment
    page.goto(f"{live_server.url}/journeys/{journey.pk}/")
    wait_for_editor(page)
    page.locator('.react-flow__node[data-id="start"] .jn-head').click()
    panel = page.locator('[data-testid="node-panel"]')
    panel.locator('select[name="trigger-mode"]').select_option("saved")
    panel.locator('select[name="trigger-segment"]').select_option("pro-women")
    expect(page.locator('.react-flow__node[data-id="start"]')).to_contain_text("enters segment pro-women")
    page.click('[data-action="save"]')
    expect(page.locator('[data-testid="save-state"]')).to_have_text("All changes saved")
    draft = page.request.get(f"{live_server.url}/api/v1/journeys/{journey.pk}/draft").json()
    trigger = next(n for n in draft["nodes"] if n["id"] == "start")
    assert trigger["config"] == {"segment": "pro-women", "on": "enter"}
    screenshot(page, "audiences-segment-trigger")


def test_rfm_heatmap_and_lifecycle_of_the_demo_lead_to_their_contacts(live_server, page, marketer, screenshot):
    from journeys.services.demo import demo_load

    # given the demo's shoppers with a year of orders
    demo_load(start_tour=False)
    # when a marketer opens the RFM page
    log_in(page, live_server.url, marketer, next_path="/audiences/rfm")
    grid = page.locator('[data-testid="rfm-grid"]')
    expect(grid.locator("td")).to_have_count(25)
    screenshot(page, "audiences-rfm")
    # and clicks the most recent, most frequent cell
    count = int(grid.locator('td[data-r="5"][data-f="5"] .n').inner_text())
    assert count > 0
    grid.locator('td[data-r="5"][data-f="5"] a').click()
    # then the contact search lists exactly those contacts
    page.wait_for_url("**/contacts/?computed=rfm_r*")
    expect(page.locator('[data-testid="contact-rows"] tbody tr')).to_have_count(min(count, 50))
    # and the lifecycle page shows the stage mix, each stage linking to its contacts
    page.goto(f"{live_server.url}/audiences/lifecycle")
    stages = page.locator('[data-testid="lifecycle-stages"]')
    expect(stages.locator('[data-stage="silent"]')).to_be_visible()
    screenshot(page, "audiences-lifecycle")
    stages.locator('[data-stage="silent"] a').click()
    page.wait_for_url("**/contacts/?computed=lifecycle_stage*")
    expect(page.locator('[data-testid="contact-rows"] tbody tr').first).to_be_visible()
