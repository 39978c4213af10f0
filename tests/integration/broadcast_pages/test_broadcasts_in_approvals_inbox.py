"""The approvals inbox lists a broadcast's hidden journey as its broadcast: name, tag, link to its page."""
from __future__ import annotations

import pytest
from django.utils import translation

from journeys.models import Notification
from journeys.selectors.review_targets import review_url
from journeys.services import approvals
from journeys.services import journeys as journey_services
from tests.factories import UserFactory, with_roles
from tests.integration.broadcast_pages.conftest import broadcast_in, page_client
from tests.integration.runtime.conftest import chain
from workspace.models import UserPreference

pytestmark = pytest.mark.django_db


def _queue_row(html: str, journey_id: int) -> str:
    start = html.index(f'<tr data-journey-id="{journey_id}">')
    return html[start:html.index("</tr>", start)]


def test_a_broadcast_in_review_is_listed_by_its_name_with_a_tag_and_a_link_to_its_page(people, workspace):
    broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    html = page_client(people["approver"]).get("/approvals/").content.decode()
    row = _queue_row(html, broadcast.journey_id)
    assert f'href="/broadcasts/{broadcast.pk}/"' in row and "Spring sale" in row
    assert 'data-testid="broadcast-tag"' in row and "Broadcast: Spring sale" not in row
    assert f"/journeys/{broadcast.journey_id}/" not in row


def test_the_tag_is_translated(people, workspace):
    broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    html = page_client(people["approver"], "zh-hans").get("/approvals/").content.decode()
    assert "群发</span>" in _queue_row(html, broadcast.journey_id)


def test_an_ordinary_journey_in_review_still_links_to_its_editor(people, workspace):
    graph = journey_services.parse_graph(chain(("t", "trigger", {"event": "go"}), ("x", "exit", {})))
    journey = journey_services.journey_create(name="Onboarding", graph=graph, user=people["marketer"])
    approvals.version_submit(journey, user=people["marketer"], notify=False)
    row = _queue_row(page_client(people["approver"]).get("/approvals/").content.decode(), journey.pk)
    assert f'href="/journeys/{journey.pk}/"' in row and 'data-testid="broadcast-tag"' not in row
    assert review_url(journey) == f"/journeys/{journey.pk}/"


def test_notices_about_a_broadcast_link_to_the_broadcast_page(people, workspace):
    broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    assert Notification.objects.filter(user=people["approver"], journey_id=broadcast.journey_id).exists()
    html = page_client(people["approver"]).get("/approvals/").content.decode()
    notices = html[html.index('data-testid="notifications"'):]
    assert f'href="/broadcasts/{broadcast.pk}/"' in notices
    assert f'href="/journeys/{broadcast.journey_id}/"' not in notices


def test_the_live_notice_url_points_at_the_broadcast_page(people, workspace):
    broadcast = broadcast_in("draft", author=people["marketer"], approver=people["approver"])
    assert review_url(broadcast.journey) == f"/broadcasts/{broadcast.pk}/"


def test_notices_about_a_broadcast_name_it_in_each_reader_s_language(people, workspace):
    # given an approver who reads Chinese and another who chose nothing
    UserPreference.objects.create(user=people["approver"], language="zh-hans")
    with_roles(UserFactory(username="second-approver"), "approver")
    with translation.override("en"):
        broadcast = broadcast_in("pending_review", author=people["marketer"], approver=people["approver"])
    texts = dict(Notification.objects.filter(journey_id=broadcast.journey_id, kind="submitted")
                 .values_list("user__username", "text"))
    assert texts["page-approver"] == "page-marketer 提交了 群发“Spring sale” v1，等待审批"
    assert texts["second-approver"] == "page-marketer submitted broadcast “Spring sale” v1 for review"
