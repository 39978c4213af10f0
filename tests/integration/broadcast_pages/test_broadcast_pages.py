"""`/broadcasts/`, `/broadcasts/new/` and `/broadcasts/<id>/`: what each role sees, and the right buttons."""
from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory, with_roles
from tests.integration.broadcast_pages.conftest import ROLES, broadcast_in, page_client

pytestmark = pytest.mark.django_db


def _buttons(html: str) -> list[str]:
    return re.findall(r'data-broadcast-action="(\w+)"', html)


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_broadcast_with_its_audience_send_time_and_link(people, workspace, role):
    broadcast = broadcast_in("draft", author=people["marketer"], approver=people["approver"])
    html = page_client(people[role]).get("/broadcasts/").content.decode()
    assert f'href="/broadcasts/{broadcast.pk}/"' in html
    row = html[html.index(f'data-broadcast-id="{broadcast.pk}"'):]
    assert re.search(r'<td class="num">2</td>', row)  # ada and bob
    assert "when published" in row
    assert ('data-testid="new-broadcast"' in html) == (role == "marketer")


def test_the_list_filters_by_status(people, workspace):
    draft = broadcast_in("draft", author=people["marketer"], approver=people["approver"], name="Still a draft")
    waiting = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"], name="In review")
    html = page_client(people["viewer"]).get("/broadcasts/?status=pending_review").content.decode()
    assert f'data-broadcast-id="{waiting.pk}"' in html and f'data-broadcast-id="{draft.pk}"' not in html


def test_an_unknown_status_filter_says_so_and_lists_everything(people, workspace):
    draft = broadcast_in("draft", author=people["marketer"], approver=people["approver"])
    response = page_client(people["viewer"]).get("/broadcasts/?status=launched", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "status:" in html and f'data-broadcast-id="{draft.pk}"' in html


def test_an_empty_list_explains_what_a_broadcast_needs(people, db):
    html = page_client(people["marketer"]).get("/broadcasts/").content.decode()
    assert 'data-testid="broadcasts-empty"' in html and 'href="/broadcasts/new/"' in html


def test_the_form_offers_saved_segments_with_their_size_and_templates_by_channel(people, workspace):
    html = page_client(people["marketer"]).get("/broadcasts/new/").content.decode()
    assert re.search(r'<option value="vips" data-size="2">', html)
    assert '<option value="promo-sms" data-channel="sms">' in html
    assert '<option value="promo-email" data-channel="email">' in html
    assert 'data-api="/api/v1/broadcasts"' in html and "js/broadcasts.js" in html


@pytest.mark.parametrize("role", ["viewer", "approver", "admin"])
def test_only_marketers_get_the_form(people, workspace, role):
    html = page_client(people[role]).get("/broadcasts/new/").content.decode()
    assert 'data-testid="broadcast-form-readonly"' in html and 'id="broadcast-form"' not in html


def test_the_form_says_what_is_missing_before_a_broadcast_can_be_planned(people, db):
    html = page_client(people["marketer"]).get("/broadcasts/new/").content.decode()
    assert 'data-testid="broadcast-form-missing"' in html and 'href="/audiences/new/"' in html


@pytest.mark.parametrize("status,role,expected", [
    ("draft", "marketer", ["submit", "cancel"]),
    ("draft", "approver", ["cancel"]),
    ("draft", "viewer", []),
    ("draft", "admin", []),
    ("pending_review", "approver", ["approve", "reject", "cancel"]),
    ("pending_review", "marketer", ["cancel"]),
    ("approved", "approver", ["publish", "cancel"]),
    ("approved", "marketer", ["cancel"]),
    ("approved", "viewer", []),
])
def test_the_review_buttons_follow_role_and_status(people, workspace, status, role, expected):
    broadcast = broadcast_in(status, author=people["marketer"], approver=people["approver"])
    response = page_client(people[role]).get(f"/broadcasts/{broadcast.pk}/")
    assert response.status_code == 200
    assert _buttons(response.content.decode()) == expected


def test_whoever_drafted_it_is_not_offered_approve(people, workspace):
    both = with_roles(UserFactory(username="page-both"), "marketer", "approver")
    broadcast = broadcast_in("pending_review", author=both, approver=people["approver"])
    assert _buttons(page_client(both).get(f"/broadcasts/{broadcast.pk}/").content.decode()) == ["reject", "cancel"]


def test_the_page_shows_the_audience_and_the_stats(people, workspace):
    broadcast = broadcast_in("approved", author=people["marketer"], approver=people["approver"])
    html = page_client(people["viewer"]).get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert re.search(r'data-testid="broadcast-audience">2 contacts', html)
    assert 'data-testid="broadcast-stats"' in html and "Delivered" in html
    assert f'data-api="/api/v1/broadcasts/{broadcast.pk}/"' in html


def test_an_unknown_broadcast_is_a_404(people, db):
    assert page_client(people["viewer"]).get("/broadcasts/999999/").status_code == 404


def test_the_pages_speak_chinese(people, workspace):
    broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    client = page_client(people["approver"], "zh-hans")
    detail = client.get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert "批准" in detail and "待审批" in detail
    assert "群发" in client.get("/broadcasts/").content.decode()
    assert "保存为草稿" in page_client(people["marketer"], "zh-hans").get("/broadcasts/new/").content.decode()


def test_the_author_is_told_who_acts_next(people, workspace):
    broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    html = page_client(people["marketer"]).get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert 'data-testid="review-hint">Waiting for an approver' in html
    approver_page = page_client(people["approver"]).get(f"/broadcasts/{broadcast.pk}/").content.decode()
    assert 'data-testid="review-hint"' not in approver_page
