"""The pages: delivery log, conversions, contact timeline, analytics, overview (login required)."""
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_client(db):
    from tests.factories import UserFactory, with_roles

    client = Client()
    client.force_login(with_roles(UserFactory(username="page-user"), "marketer"))  # a user in no role sees nothing
    return client


@pytest.mark.parametrize("path", ["/messages/", "/conversions/", "/overview/", "/contacts/x", "/journeys/1/analytics"])
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_empty_logs_say_so(browser_client):
    assert b"No message has been sent yet" in browser_client.get("/messages/").content
    assert b"No conversion yet" in browser_client.get("/conversions/").content


def test_the_delivery_log_filters_pages_and_links_its_csv(browser_client, known_history):
    # when filtered on blocked email sends
    html = browser_client.get("/messages/?channel=email&status=capped").content.decode()

    # then only those rows, with their reason, and a CSV link with the same filters
    assert html.count('data-status="capped"') == 10 and 'data-status="delivered"' not in html
    assert "cap 1/day" in html
    assert 'href="/api/v1/messages?channel=email&amp;status=capped&amp;format=csv"' in html

    # and the unfiltered log pages by 50 with an "Older" link that continues where the page ended
    first = browser_client.get("/messages/").content.decode()
    ids = [int(i) for i in re.findall(r'<tr data-id="(\d+)"', first)]
    assert len(ids) == 50
    older = re.search(r'href="\?before=(\d+)"', first)
    assert older and int(older.group(1)) == ids[-1]
    second = browser_client.get(f"/messages/?before={ids[-1]}").content.decode()
    assert max(int(i) for i in re.findall(r'<tr data-id="(\d+)"', second)) < ids[-1]


def test_a_bad_filter_is_shown_not_a_crash(browser_client, known_history):
    response = browser_client.get("/messages/?since=soon")
    assert response.status_code == 200 and b"since:" in response.content


def test_no_match_empty_state(browser_client, known_history):
    assert b"No message matches these filters" in browser_client.get("/messages/?userId=nobody").content


def test_conversions_page(browser_client, known_history):
    html = browser_client.get(f"/conversions/?journey={known_history.journey.pk}").content.decode()
    assert html.count('<tr data-id="') == 50
    assert "s=A" in html and "total: 17" in html


def test_contact_page_shows_the_timeline(browser_client, known_history):
    html = browser_client.get("/contacts/ab-005").content.decode()
    assert 'data-kind="conversion"' in html and 'data-kind="message"' in html
    assert "<code>t</code> → <code>s</code> → <code>ma</code> → <code>x</code>" in html
    assert browser_client.get("/contacts/nobody").status_code == 404


def test_analytics_page_boots_the_charts_with_the_stats(browser_client, known_history):
    html = browser_client.get(f"/journeys/{known_history.journey.pk}/analytics").content.decode()
    boot = json.loads(re.search(r'<script id="charts-boot" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert boot["page"] == "analytics" and boot["ws_path"] == f"/ws/journeys/{known_history.journey.pk}/analytics/"
    assert boot["stats"]["variants"][0]["variants"][0]["converted"] == 30
    assert 'data-stat="converted">50<' in html


def test_overview_counts_blocked_sends_and_upcoming_waits(browser_client, known_history):
    from channels_app.models import Message
    from journeys.models import Enrollment

    # given the history's messages are recent, and one contact waits until tomorrow
    sent_at = timezone.now()
    Message.objects.update(created_at=sent_at)
    Enrollment.objects.filter(pk=Enrollment.objects.first().pk).update(
        state="waiting", wake_at=timezone.now() + timedelta(days=1))
    html = browser_client.get("/overview/").content.decode()
    assert re.search(r'data-testid="suppressed">5<', html) and re.search(r'data-testid="capped">10<', html)
    boot = json.loads(re.search(r'<script id="charts-boot" type="application/json">(.*?)</script>', html, re.S).group(1))
    today = sent_at.date().isoformat()
    assert boot["overview"]["messages_per_day"][today] == {"sms": 100, "email": 100}
    assert boot["overview"]["top_journeys"][0]["conversions"] == 50
    assert boot["overview"]["upcoming"][0]["waits"] == 1


def test_viewers_see_masked_addresses_on_the_pages(known_history):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    viewer = UserFactory(username="page-viewer")
    viewer.groups.add(Group.objects.get_or_create(name="viewer")[0])
    client = Client()
    client.force_login(viewer)
    log = client.get("/messages/?userId=ab-150").content.decode()
    contact = client.get("/contacts/ab-150").content.decode()
    for html in (log, contact):
        assert "ab150@example.com" not in html and "a***@example.com" in html
