"""`/calendar/`: month and week grids drawn by the server, entries linking to their journey or broadcast."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from django.test import Client

from core import clock
from tests.factories import UserFactory, with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def june_12():
    clock.set_time(datetime(2026, 6, 12, 9, 0, tzinfo=timezone.utc))  # a Friday
    yield
    clock.set_time(None)


def _page(url: str, role: str = "viewer", language: str = "en") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(with_roles(UserFactory(username=f"calpage-{role}"), role))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _cell(html: str, day: str) -> str:
    start = html.index(f'data-date="{day}"')
    return html[start:html.index("</td>", start)]


def test_the_month_view_draws_whole_weeks_with_each_entry_on_its_day(calendar_world, june_12):
    html = _page("/calendar/")
    days = re.findall(r'<td class="[^"]*" data-date="([\d-]+)"', html)
    assert days[0] == "2026-06-01" and days[-1] == "2026-07-05" and len(days) == 35  # Monday to Sunday
    assert f'href="/broadcasts/{calendar_world["planned"].pk}/"' in _cell(html, "2026-06-10")
    assert f'href="/journeys/{calendar_world["welcome"].pk}/"' in _cell(html, "2026-06-12")
    assert _cell(html, "2026-06-15").count('data-kind="waits"') == 2
    assert 'class="cal-entry kind-waits ch-sms"' in _cell(html, "2026-06-15")
    assert 'aria-current="date"' in _cell(html, "2026-06-12")
    assert 'class="outside"' in html[html.index('data-date="2026-07-01"') - 30:]


def test_the_week_view_shows_seven_days_and_pages_by_week(calendar_world, june_12):
    html = _page("/calendar/?view=week&date=2026-06-17")
    days = re.findall(r'<td class="[^"]*" data-date="([\d-]+)"', html)
    assert days == [f"2026-06-{d}" for d in range(15, 22)]
    assert 'data-view="week"' in html
    assert 'href="?view=week&amp;date=2026-06-10" data-calendar-nav="prev"' in html
    assert 'href="?view=week&amp;date=2026-06-24" data-calendar-nav="next"' in html
    assert 'href="?view=week&amp;date=2026-06-12" data-calendar-nav="today"' in html
    assert 'data-kind="waits"' in html and 'data-kind="broadcast"' not in html


def test_the_month_pages_to_the_months_around_it(db, june_12):
    html = _page("/calendar/?view=month&date=2026-01-31")
    assert 'href="?view=month&amp;date=2025-12-01" data-calendar-nav="prev"' in html
    assert 'href="?view=month&amp;date=2026-02-01" data-calendar-nav="next"' in html


def test_an_empty_month_says_what_would_show_and_where_to_start(db, june_12):
    html = _page("/calendar/?date=2026-08-01", role="marketer")
    assert 'data-testid="calendar-empty"' in html
    assert 'href="/broadcasts/new/"' in html and 'href="/journeys/"' in html


def test_a_viewer_is_not_offered_a_new_broadcast(db, june_12):
    html = _page("/calendar/?date=2026-08-01")
    assert 'href="/broadcasts/new/"' not in html


@pytest.mark.parametrize("query", ["date=2026-02-30", "date=tomorrow", "date=1969-01-01", "view=year"])
def test_a_bad_date_or_view_falls_back_and_says_which_field(db, june_12, query):
    html = _page(f"/calendar/?{query}")
    field = query.split("=")[0]
    assert re.search(rf'<li class="error"[^>]*>{field}:', html)
    assert 'aria-current="date"' in _cell(html, "2026-06-12")


def test_the_calendar_speaks_chinese(calendar_world, june_12):
    html = _page("/calendar/", language="zh-hans")
    assert "<title>日历</title>" in html and "2026年6月" in html
    assert "下个月" in html and "等待到期" in html and "短信" in html


def test_the_week_view_gives_a_broadcasts_send_time_in_utc(calendar_world, june_12):
    html = _page("/calendar/?view=week&date=2026-06-10")
    assert '<time datetime="2026-06-10T23:30:00+00:00">23:30</time> Summer sale' in _cell(html, "2026-06-10")
