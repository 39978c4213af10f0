"""The read-only view of a live version, with per-node counts refreshed over the websocket.

Served by `manage.py journeys_run` (ASGI: HTTP, websockets, static files) on the test
database, since pytest-django's live server speaks WSGI only.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, wait_for_editor

pytestmark = pytest.mark.e2e

GRAPH = {"schema": 1, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
    {"id": "w", "type": "wait", "config": {"seconds": 86400}, "position": {"x": 0, "y": 180}},
    {"id": "m", "type": "send", "config": {"channel": "email", "template": "welcome-email", "on_capped": "skip"},
     "position": {"x": 0, "y": 360}},
    {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 540}},
], "edges": [
    {"source": "t", "target": "w", "port": "next"}, {"source": "w", "target": "m", "port": "next"},
    {"source": "m", "target": "x", "port": "next"},
], "settings": {"reentry": "never"}}


def count(page, node_id: str, key: str):
    return page.locator(f'.react-flow__node[data-id="{node_id}"] [data-count="{key}"]')


def test_the_live_view_is_read_only_and_counts_move_live(asgi_server, page, marketer, screenshot):
    from journeys.models import JourneyVersion, NodeTally
    from tests.factories import JourneyFactory, template_for_channel

    # given a valid draft, approved by someone else, published from the editor by an approver
    from journeys.services import approvals
    from tests.factories import with_roles

    template_for_channel("welcome-email", "email")
    journey = JourneyFactory(name="Welcome (live)")
    JourneyVersion.objects.filter(journey=journey).update(graph=GRAPH)
    approvals.version_submit(journey, user=None, notify=False)
    approvals.version_approve(journey, user=None)
    with_roles(marketer, "approver")
    log_in(page, asgi_server, marketer, f"/journeys/{journey.pk}/")
    wait_for_editor(page)
    expect(page.locator('[data-testid="issues-summary"]')).to_have_text("no problems")
    page.click('[data-action="publish"]')
    page.wait_for_url(f"**/journeys/{journey.pk}/?view=live")
    version = journey.versions.get()
    assert version.status == "live"

    # and contacts already moving through it
    NodeTally.objects.create(version=version, node="t", entered=40, exited=0)
    NodeTally.objects.create(version=version, node="w", entered=40, exited=0)

    # when the live view is opened
    page.reload()
    wait_for_editor(page)

    # then it is the read-only live view: no palette, nothing draggable, counts on the nodes
    expect(page.locator(".editor")).to_have_attribute("data-mode", "live")
    expect(page.locator("[data-palette]")).to_have_count(0)
    expect(page.locator(".react-flow__node.draggable")).to_have_count(0)
    expect(count(page, "t", "entered")).to_have_text("40")
    expect(page.locator('[data-testid="live-state"]')).to_contain_text("live", timeout=10_000)

    # when contacts move on (the runtime appends tallies), the numbers update without a reload
    NodeTally.objects.create(version=version, node="w", entered=0, exited=0)
    NodeTally.objects.create(version=version, node="m", entered=25, exited=0)
    NodeTally.objects.create(version=version, node="x", entered=25, exited=25)
    NodeTally.objects.create(version=version, node="t", entered=60, exited=0)
    expect(count(page, "t", "entered")).to_have_text("100", timeout=15_000)
    expect(count(page, "m", "entered")).to_have_text("25")
    expect(count(page, "x", "exited")).to_have_text("25")

    # selecting a node shows its config read-only, with its counts
    page.locator('.react-flow__node[data-id="m"] .jn-head').click()
    panel = page.locator('[data-testid="node-panel"]')
    expect(panel.locator('[data-testid="panel-counts"]')).to_contain_text("25")
    expect(panel.locator('select[name="template"]')).to_be_disabled()
    screenshot(page, "editor-live")

    # and the page offers to edit a new draft, which starts from the live graph
    edit = page.get_by_role("link", name="Edit as new draft")
    expect(edit).to_have_attribute("href", f"/journeys/{journey.pk}/?edit=1")
    edit.click()
    wait_for_editor(page)
    expect(page.locator(".editor")).to_have_attribute("data-mode", "edit")
    assert page.evaluate("window.journeyEditor.graph()") == GRAPH
