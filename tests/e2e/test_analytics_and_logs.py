"""Analytics that move live, and the delivery log filtered and exported, in Chromium.

Served by `manage.py journeys_run` (ASGI: websockets) on the test database. In embedded mode
that server also runs the runtime, so the demo journey runs there; with a production setup
(DATABASE_URL / BROKER_URL set) it serves only, and the test process runs the runtime inline
(the same services the Dramatiq actors call), so the page still sees real runtime writes.
"""
from __future__ import annotations

import csv
import time
from collections import deque

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

NEW_CONTACTS = 3


def run_runtime_inline(monkeypatch, seconds: float = 5.0) -> None:
    """Hand new events and queued messages to the runtime services in this process until idle."""
    from channels_app.services.delivery import deliver_messages
    from core import clock
    from journeys.runtime import dispatch
    from journeys.runtime.scheduler import dispatch_new_events, dispatch_queued_messages
    from journeys.services import advancing, events

    queue: deque = deque()
    monkeypatch.setattr(dispatch, "_send", lambda name, ids, size, delay_ms=None: queue.append((name, list(ids))))
    handlers = {"advance": lambda ids: advancing.enrollment_advance(ids, now=clock.now()),
                "deliver": lambda ids: deliver_messages(ids, now=clock.now()),
                "handle_events": lambda ids: events.handle_events(ids, now=clock.now()),
                "handle_identifies": lambda ids: events.handle_identifies(ids, now=clock.now())}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        dispatch_new_events(clock.now())
        dispatch_queued_messages(clock.now())
        if not queue:
            return
        while queue:
            name, ids = queue.popleft()
            if name in handlers:
                handlers[name](ids)


def test_analytics_count_live_and_the_delivery_log_filters_and_downloads(asgi_server, page, marketer, screenshot,
                                                                         monkeypatch, tmp_path):
    from core import clock
    from journeys.services.demo import demo_load
    from journeys.services.ingest import IdentifyCall, TrackCall, ingest_calls

    # given the demo workspace, its quick tour live, nobody in it yet
    tour = demo_load(start_tour=False).journey_ids[0]
    log_in(page, asgi_server, marketer, f"/journeys/{tour}/analytics")
    page.wait_for_selector("html[data-charts-ready]")
    expect(page.locator('[data-testid="live-state"]')).to_have_text("live", timeout=10_000)
    enrolled = page.locator('[data-stat="enrolled"]')
    expect(enrolled).to_have_text("0")
    expect(page.locator('#graph [data-node="hello"]')).to_be_visible()

    # when contacts start the tour (the demo trigger), and the runtime runs
    ingest_calls([IdentifyCall(user_id=f"e2e-{i}", anonymous_id=None,
                               traits={"first_name": "E", "email": f"e2e{i}@example.com", "phone": f"+1555222000{i}"})
                  for i in range(NEW_CONTACTS)])
    ingest_calls([TrackCall(user_id=f"e2e-{i}", anonymous_id=None, event="demo_started", properties={},
                            timestamp=clock.now()) for i in range(NEW_CONTACTS)])
    if not settings.EMBEDDED:
        run_runtime_inline(monkeypatch)

    # then the page's counters and graph counts change without a reload
    expect(enrolled).to_have_text(str(NEW_CONTACTS), timeout=20_000)
    expect(page.locator('[data-stat="sends"]')).not_to_have_text("0", timeout=20_000)
    expect(page.locator('#graph [data-node="hello"] [data-count="entered"]')).to_have_text(str(NEW_CONTACTS))
    screenshot(page, "analytics-live")

    # when the delivery log is filtered to in-app messages of that journey
    page.goto(f"{asgi_server}/messages/")
    page.select_option('select[name="journey"]', str(tour))
    page.select_option('select[name="channel"]', "inapp")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/messages/?*channel=inapp*")

    # then only those rows show, and the CSV download holds exactly them
    rows = page.locator('[data-testid="message-rows"] tbody tr')
    expect(rows).to_have_count(NEW_CONTACTS)
    screenshot(page, "delivery-log-filtered")
    with page.expect_download() as download_info:
        page.click('[data-testid="csv-download"]')
    download = download_info.value
    target = tmp_path / "messages.csv"
    download.save_as(target)
    assert download.suggested_filename == "messages.csv"
    lines = list(csv.DictReader(target.open()))
    assert len(lines) == NEW_CONTACTS
    assert {line["channel"] for line in lines} == {"inapp"}
    assert {line["journey"] for line in lines} == {str(tour)}
    assert sorted(line["userId"] for line in lines) == [f"e2e-{i}" for i in range(NEW_CONTACTS)]
