"""The approval workflow in two browsers: a marketer and an approver, in two browser contexts.

The marketer edits the live journey into a new draft and submits it; the approver, sitting on the
approvals inbox, sees the notice arrive without reloading, opens the diff, and rejects with a
comment; the marketer sees the comment, fixes the draft and resubmits; the approver approves and
publishes; the journey is live and enrolls a contact. Served by `journeys_run` (ASGI: websockets).
"""
from __future__ import annotations

import json
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM_ARGS, VIEWPORT, is_csp_violation, log_in, wait_for_editor  # noqa: F401

pytestmark = pytest.mark.e2e

GRAPH = {"schema": 1, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
    {"id": "w", "type": "wait", "config": {"seconds": 3600}, "position": {"x": 0, "y": 180}},
    {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 360}},
], "edges": [{"source": "t", "target": "w", "port": "next"}, {"source": "w", "target": "x", "port": "next"}],
    "settings": {"reentry": "never"}}


def node(page, node_id: str):
    return page.locator(f'.react-flow__node[data-id="{node_id}"]')


def set_wait(page, value: str, unit: str) -> None:
    node(page, "w").locator(".jn-head").click()
    panel = page.locator('[data-testid="node-panel"][data-node="w"]')
    expect(panel).to_be_visible()
    panel.locator('select[name="seconds-unit"]').select_option(unit)
    panel.locator('input[name="seconds"]').fill(value)


def save(page) -> None:
    page.click('[data-action="save"]')
    expect(page.locator('[data-testid="save-state"]')).to_have_text("All changes saved")


def test_marketer_submits_approver_rejects_then_approves_and_publishes(asgi_server, browser, marketer, approver,
                                                                         screenshot):
    from rest_framework.authtoken.models import Token

    from journeys.models import Enrollment, Journey
    from journeys.services import journeys as journey_services

    # given a live journey (v1: wait an hour)
    journey = journey_services.journey_create(name="Onboarding", graph=journey_services.parse_graph(GRAPH))
    journey_services.journey_publish(journey)
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in range(2)]
    for c in contexts:
        c.set_default_timeout(15_000)
    errors: list[str] = []
    mia, arne = (c.new_page() for c in contexts)
    for p in (mia, arne):
        p.on("pageerror", lambda exc: errors.append(str(exc)))
        p.on("console", lambda message: is_csp_violation(message) and errors.append(message.text))
    try:
        # and an approver watching the approvals inbox
        log_in(arne, asgi_server, approver, "/approvals/")
        expect(arne.locator('[data-testid="review-queue-empty"]')).to_be_visible()

        # when the marketer edits the live journey into a new draft (wait 2 hours) and submits it
        log_in(mia, asgi_server, marketer, f"/journeys/{journey.pk}/?edit=1")
        wait_for_editor(mia)
        set_wait(mia, "2", "hours")
        save(mia)
        mia.click('[data-action="submit"]')
        mia.wait_for_url(f"**/journeys/{journey.pk}/")
        wait_for_editor(mia)
        expect(mia.locator('[data-testid="review-status"]')).to_have_text("v2 in_review")
        # four eyes in the UI: nobody offers the author an approve button
        expect(mia.locator('[data-action="approve"]')).to_have_count(0)

        # then the approver sees the notice without reloading
        notice = arne.locator('[data-testid="live-notice"]')
        expect(notice).to_contain_text("marketer submitted Onboarding v2 for review")
        screenshot(arne, "approvals-live-notice")

        # when the approver opens it, looks at the diff and rejects with a comment
        notice.locator("a").click()
        arne.wait_for_url(f"**/journeys/{journey.pk}/")
        wait_for_editor(arne)
        arne.click('[data-action="diff"]')
        diff = arne.locator('[data-testid="diff"]')
        expect(diff).to_contain_text("against live v1")
        expect(diff.locator('[data-diff="changed"][data-node="w"]')).to_contain_text("seconds changed")
        expect(node(arne, "w")).to_have_class(__import__("re").compile(r"\bdiff-changed\b"))
        screenshot(arne, "approvals-diff")
        arne.click('[data-action="reject"]')
        arne.fill('[data-testid="reject-comment"]', "Two hours is too long: make it 30 minutes")
        arne.click('[data-action="confirm-reject"]')
        arne.wait_for_load_state()
        wait_for_editor(arne)
        expect(arne.locator('[data-testid="review-status"]')).to_have_text("v2 draft")

        # then the marketer, without reloading, sees the comment and the draft editable again
        comments = mia.locator('[data-testid="comments"]')
        expect(comments).to_contain_text("Two hours is too long: make it 30 minutes")
        expect(mia.locator('[data-testid="review-status"]')).to_have_text("v2 draft")
        screenshot(mia, "approvals-rejected")

        # when the marketer fixes it and resubmits
        set_wait(mia, "30", "minutes")
        save(mia)
        mia.click('[data-action="submit"]')
        mia.wait_for_url(f"**/journeys/{journey.pk}/")
        wait_for_editor(mia)
        expect(mia.locator('[data-testid="review-status"]')).to_have_text("v2 in_review")

        # then the approver's open editor learns of it, and they approve and publish
        approve = arne.locator('[data-action="approve"]')
        expect(approve).to_be_visible()
        approve.click()
        arne.wait_for_load_state()
        wait_for_editor(arne)
        expect(arne.locator('[data-testid="review-status"]')).to_have_text("v2 approved")
        arne.click('[data-action="publish"]')
        arne.wait_for_url(f"**/journeys/{journey.pk}/?view=live")
        wait_for_editor(arne)
        screenshot(arne, "approvals-published")
        # and the journey page shows the audit trail
        arne.click('[data-action="history"]')
        history = arne.locator('[data-testid="history"]')
        expect(history.locator('tr[data-action="reject"]')).to_contain_text("Two hours is too long")
        expect(history.locator('tr[data-action="publish"]').first).to_contain_text("approver")
        assert dict(Journey.objects.get().versions.values_list("number", "status")) == {1: "finishing", 2: "live"}
        assert Journey.objects.get().versions.get(number=2).graph["nodes"][1]["config"] == {"seconds": 1800}

        # and the live journey enrolls a contact
        key = Token.objects.create(user=marketer).key
        request = urllib.request.Request(
            f"{asgi_server}/api/v1/track", data=json.dumps({"userId": "ada", "event": "signed_up"}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Token {key}"})
        assert urllib.request.urlopen(request, timeout=10).status in (200, 201, 202)
        deadline = time.monotonic() + 20
        while not Enrollment.objects.filter(contact__user_id="ada", version__number=2).exists():
            assert time.monotonic() < deadline, "the contact was not enrolled into v2"
            time.sleep(0.2)
        actions = list(journey.audit_entries.order_by("id").values_list("actor_name", "action"))
        assert actions[-5:] == [("marketer", "save"), ("marketer", "submit"), ("approver", "approve"),
                                ("approver", "finish"), ("approver", "publish")]
    finally:
        for c in contexts:
            c.close()
    assert not errors, f"uncaught errors in the pages: {errors}"
