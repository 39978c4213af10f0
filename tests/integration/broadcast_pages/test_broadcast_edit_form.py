"""The edit form on `/broadcasts/<id>/`: for marketers, while the broadcast is a draft or rejected, filled in,
saving through PATCH /api/v1/broadcasts/{id} (static/js/broadcasts.js)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from broadcasts.services import broadcasts as services
from tests.integration.broadcast_pages.conftest import broadcast_in, page_client

pytestmark = pytest.mark.django_db


def _edit_form(html: str) -> str:
    start = html.index('data-testid="broadcast-edit-form"')
    return html[start:html.index("</form>", start)]


def test_a_marketer_gets_the_draft_filled_in_and_patched_through_the_api(people, workspace):
    broadcast = services.broadcast_create(user=people["marketer"], name="Spring sale", segment="vips",
                                          channel="sms", template="promo-sms",
                                          send_at=dt.datetime(2030, 3, 1, 9, 30, tzinfo=dt.UTC), send_over_minutes=15)
    html = page_client(people["marketer"]).get(f"/broadcasts/{broadcast.pk}/").content.decode()
    form = _edit_form(html)
    assert 'data-method="PATCH"' in form and f'data-api="/api/v1/broadcasts/{broadcast.pk}"' in form
    assert 'name="name" maxlength="200" required' in form and 'value="Spring sale"' in form
    assert '<option value="vips" data-size="2" selected>' in form
    assert '<option value="sms" selected>' in form
    assert '<option value="promo-sms" data-channel="sms" selected>' in form
    assert '<option value="promo-email" data-channel="email">' in form
    assert re.search(r'value="at" checked', form) and 'data-utc="2030-03-01T09:30:00+00:00"' in form
    assert 'name="send_over_minutes" min="0" max="' in form and 'value="15"' in form
    assert "js/broadcasts.js" in html


def test_a_draft_sent_when_published_has_that_choice_checked(people, workspace):
    broadcast = broadcast_in("draft", author=people["marketer"], approver=people["approver"])
    form = _edit_form(page_client(people["marketer"]).get(f"/broadcasts/{broadcast.pk}/").content.decode())
    assert 'value="now" checked' in form and "data-utc" not in form


@pytest.mark.parametrize("role", ["viewer", "approver", "admin"])
def test_other_roles_get_no_edit_form(people, workspace, role):
    broadcast = broadcast_in("draft", author=people["marketer"], approver=people["approver"])
    html = page_client(people[role]).get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert 'data-testid="broadcast-edit"' not in html


@pytest.mark.parametrize("status", ["pending_review", "approved"])
def test_a_broadcast_past_draft_has_no_edit_form(people, workspace, status):
    broadcast = broadcast_in(status, author=people["marketer"], approver=people["approver"])
    html = page_client(people["marketer"]).get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert 'data-testid="broadcast-edit"' not in html


def test_a_rejected_broadcast_can_be_edited_and_says_it_becomes_a_draft_again(people, workspace):
    broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    services.broadcast_reject(broadcast, user=people["approver"], comment="wrong segment")
    html = page_client(people["marketer"], "zh-hans").get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert 'data-testid="broadcast-edit" open' in html and "编辑此群发" in html
    assert "再次成为草稿" in html


def test_the_patch_the_form_sends_updates_the_draft(people, workspace):
    broadcast = broadcast_in("draft", author=people["marketer"], approver=people["approver"])
    client = page_client(people["marketer"])
    client.get(f"/broadcasts/{broadcast.pk}/")
    body = {"name": "Summer sale", "segment": "vips", "channel": "email", "template": "promo-email",
            "send_at": None, "send_over_minutes": 30}
    response = client.patch(f"/api/v1/broadcasts/{broadcast.pk}", body, content_type="application/json")
    assert response.status_code == 200, response.content
    broadcast.refresh_from_db()
    assert (broadcast.name, broadcast.channel, broadcast.template, broadcast.send_over_minutes) == (
        "Summer sale", "email", "promo-email", 30)
    html = client.get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert '<option value="promo-email" data-channel="email" selected>' in _edit_form(html)
