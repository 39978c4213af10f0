"""The review diff in the browser lists a template edited since the live version was approved, with the changed
field before and after: what approving the draft would pin (design section 8, templates are pinned)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, wait_for_editor

pytestmark = pytest.mark.e2e

GRAPH = {"schema": 1, "nodes": [
    {"id": "t", "type": "trigger", "config": {"event": "signed_up"}, "position": {"x": 0, "y": 0}},
    {"id": "s", "type": "send", "config": {"channel": "sms", "template": "pin-sms", "on_capped": "skip"},
     "position": {"x": 0, "y": 180}},
    {"id": "x", "type": "exit", "config": {}, "position": {"x": 0, "y": 360}},
], "edges": [{"source": "t", "target": "s", "port": "next"}, {"source": "s", "target": "x", "port": "next"}],
    "settings": {"reentry": "never"}}


def test_the_diff_panel_lists_a_template_edited_since_live(asgi_server, page, approver, screenshot):
    from channels_app.models import MessageTemplate
    from channels_app.services.templates import template_update
    from journeys.services import journeys as journey_services

    # given a live journey whose template was edited afterwards, and a new draft of it
    template = MessageTemplate.objects.create(slug="pin-sms", channel="sms", body="Hi {{ first_name }}")
    journey = journey_services.journey_create(name="Pinned", graph=journey_services.parse_graph(GRAPH))
    journey_services.journey_publish(journey)
    template_update(template, body="Hello {{ first_name }}, welcome")
    journey_services.journey_draft_save(journey, graph=journey_services.parse_graph(GRAPH))
    # when the approver opens the journey and its changes against live
    log_in(page, asgi_server, approver, f"/journeys/{journey.pk}/")
    wait_for_editor(page)
    page.click('[data-action="diff"]')
    # then the template is listed with its body before (live) and after (what approval would pin)
    line = page.locator('[data-testid="diff"] [data-diff="template-changed"][data-template="pin-sms"]')
    expect(line).to_contain_text("template pin-sms (sms): body changed since live")
    expect(line.locator('[data-field="body"] del')).to_have_text("Hi {{ first_name }}")
    expect(line.locator('[data-field="body"] ins')).to_have_text("Hello {{ first_name }}, welcome")
    screenshot(page, "template-pins-diff")
