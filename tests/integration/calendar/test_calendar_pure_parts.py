"""The calendar's pure parts: the channel a wait is heading to, and the days a month or week grid draws."""
from __future__ import annotations

from datetime import date

from broadcasts.calendar.grid import build_grid
from broadcasts.calendar.heading import heading_channel, single_channel
from tests.integration.calendar.conftest import GRAPH


def test_a_wait_heads_to_the_channel_of_the_send_after_it():
    assert heading_channel(GRAPH, "w1", "next") == "sms"


def test_a_wait_event_timeout_and_its_event_port_lead_to_different_places():
    assert heading_channel(GRAPH, "we", "timeout") == "email"
    assert heading_channel(GRAPH, "we", "event") is None  # straight to the exit: nothing is sent


def test_a_branch_to_two_channels_leaves_the_channel_open():
    assert heading_channel(GRAPH, "w2", "next") is None


def test_the_search_stops_at_the_next_wait():
    graph = {"nodes": [{"id": "w", "type": "wait"}, {"id": "u", "type": "update"}, {"id": "w2", "type": "wait"},
                       {"id": "s", "type": "send", "config": {"channel": "sms"}}],
             "edges": [{"source": "w", "target": "u", "port": "next"}, {"source": "u", "target": "w2", "port": "next"},
                       {"source": "w2", "target": "s", "port": "next"}]}
    assert heading_channel(graph, "w", "next") is None
    assert heading_channel(graph, "w2", "next") == "sms"


def test_a_fallback_send_heads_to_its_first_channel_and_loops_end():
    graph = {"nodes": [{"id": "w", "type": "wait"}, {"id": "b", "type": "branch"},
                       {"id": "s", "type": "send", "config": {"channels": ["wechat", "sms"], "templates": {}}}],
             "edges": [{"source": "w", "target": "b", "port": "next"}, {"source": "b", "target": "b", "port": "no"},
                       {"source": "b", "target": "s", "port": "yes"}]}
    assert heading_channel(graph, "w", "next") == "wechat"


def test_a_broken_graph_has_no_channel():
    assert heading_channel({}, "w", "next") is None
    assert heading_channel({"nodes": "x", "edges": [None]}, "w", "next") is None
    assert single_channel(GRAPH) is None
    assert single_channel({"nodes": [{"id": "s", "type": "send", "config": {"channel": "inapp"}}]}) == "inapp"


def test_a_month_starts_on_the_monday_before_its_first_day_and_ends_on_a_sunday():
    grid = build_grid("month", date(2026, 2, 14), today=date(2026, 2, 14))
    assert (grid.first, grid.last) == (date(2026, 1, 26), date(2026, 3, 1))
    assert [len(week) for week in grid.weeks] == [7] * 5
    assert (grid.previous, grid.next) == (date(2026, 1, 1), date(2026, 3, 1))
    assert sum(day.is_today for week in grid.weeks for day in week) == 1
    assert not grid.weeks[0][0].in_range and grid.weeks[0][6].in_range


def test_a_month_starting_on_a_sunday_draws_six_weeks_and_december_pages_into_the_next_year():
    grid = build_grid("month", date(2026, 3, 1), today=date(2026, 6, 1))
    assert len(grid.weeks) == 6
    assert build_grid("month", date(2026, 12, 31), today=date(2026, 6, 1)).next == date(2027, 1, 1)


def test_a_week_runs_monday_to_sunday_around_its_day():
    grid = build_grid("week", date(2026, 6, 21), today=date(2026, 6, 1))  # a Sunday
    assert (grid.first, grid.last) == (date(2026, 6, 15), date(2026, 6, 21))
    assert (grid.previous, grid.next) == (date(2026, 6, 14), date(2026, 6, 28))
