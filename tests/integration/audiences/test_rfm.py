"""RFM (design section 9) against a small data set worked out by hand: quintile cut points (ties kept on
the lower side), given thresholds, the eight segment names, the 5 × 5 grid, and bad input."""
from datetime import datetime, timedelta, timezone

import pytest

from audiences.models import ComputedValue
from core import clock
from journeys.services.ingest import TrackCall, ingest_calls
from tests.factories import UserFactory, with_roles
from tests.integration.conftest import api_client_for

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)

# userId -> (days since the last order, orders within 365 days, their amounts' sum)
DATA = {
    "c1": (1, 5, 500), "c2": (150, 1, 10), "c3": (10, 1, 300), "c4": (20, 1, 20), "c5": (40, 3, 350),
    "c6": (60, 3, 50), "c7": (100, 4, 40), "c8": (200, 6, 600), "c9": (300, 1, 1000), "c10": (5, 2, 250),
}
# Quintile cut points, by hand: R [10, 40, 100, 200], F [2, 2, 4, 5], M [40, 250, 350, 600].
QUINTILE_SCORES = {
    "c1": ("554", "important_value"), "c2": ("211", "general_recovery"), "c3": ("413", "important_development"),
    "c4": ("411", "general_development"), "c5": ("334", "important_value"), "c6": ("332", "general_value"),
    "c7": ("242", "general_retention"), "c8": ("155", "important_retention"), "c9": ("115", "important_recovery"),
    "c10": ("533", "important_value"),
}
THRESHOLDS = {"r": [7, 30, 90, 180], "f": [2, 3, 4, 5], "m": [100, 200, 300, 400]}
GIVEN_SCORES = {
    "c1": ("555", "important_value"), "c2": ("211", "general_recovery"), "c3": ("414", "important_development"),
    "c4": ("411", "general_development"), "c5": ("334", "important_value"), "c6": ("331", "general_value"),
    "c7": ("241", "general_retention"), "c8": ("155", "important_retention"), "c9": ("115", "important_recovery"),
    "c10": ("523", "important_development"),
}
CONFIG = {"event": "order_completed", "amount_property": "amount", "within_days": 365}


@pytest.fixture
def orders(db):
    clock.set_time(T0)
    calls = []
    for user, (days, count, total) in DATA.items():
        # The newest order carries the rest of the total; older ones (a day apart) 1 each.
        for n in range(count):
            amount = total - (count - 1) if n == 0 else 1
            calls.append(TrackCall(user_id=user, anonymous_id=None, event="order_completed",
                                   properties={"amount": amount}, timestamp=T0 - timedelta(days=days + n)))
    calls.append(TrackCall(user_id="c1", anonymous_id=None, event="page_viewed", properties={"amount": 5},
                           timestamp=T0))
    calls.append(TrackCall(user_id="old", anonymous_id=None, event="order_completed", properties={"amount": 99},
                           timestamp=T0 - timedelta(days=400)))
    ingest_calls(calls)
    yield
    clock.set_time(None)


@pytest.fixture
def marketer_api(db):
    return api_client_for(with_roles(UserFactory(username="rfm-marketer"), "marketer"))


def _scores() -> dict:
    values: dict = {}
    for user, key, value in ComputedValue.objects.filter(key__startswith="rfm_").values_list(
            "contact__user_id", "key", "value"):
        values.setdefault(user, {})[key] = value
    return values


def _check(expected: dict) -> None:
    scores = _scores()
    assert set(scores) == set(expected)  # "old" ordered outside the window: no RFM
    for user, (score, segment) in expected.items():
        r, f, m = (int(c) for c in score)
        assert scores[user] == {"rfm_r": r, "rfm_f": f, "rfm_m": m, "rfm_score": score, "rfm_segment": segment}, user


def test_quintile_scores_and_segment_names_match_the_hand_computed_ones(marketer_api, orders):
    response = marketer_api.put("/api/v1/rfm", {**CONFIG, "thresholds": None}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["thresholds"] is None
    _check(QUINTILE_SCORES)


def test_given_thresholds_score_every_one_of_the_eight_segments(marketer_api, orders):
    response = marketer_api.put("/api/v1/rfm", {**CONFIG, "thresholds": THRESHOLDS}, format="json")
    assert response.status_code == 200, response.json()
    assert marketer_api.get("/api/v1/rfm").json()["thresholds"] == THRESHOLDS
    _check(GIVEN_SCORES)
    segments = {row["segment"]: row["contacts"] for row in marketer_api.get("/api/v1/rfm/segments").json()}
    assert segments == {"important_value": 2, "important_development": 2, "important_retention": 1,
                        "important_recovery": 1, "general_value": 1, "general_development": 1,
                        "general_retention": 1, "general_recovery": 1}


def test_the_grid_has_25_cells_with_contacts_and_average_monetary_value(marketer_api, orders):
    marketer_api.put("/api/v1/rfm", {**CONFIG, "thresholds": None}, format="json")
    cells = {(c["r"], c["f"]): (c["contacts"], c["avg_monetary"]) for c in marketer_api.get("/api/v1/rfm/grid").json()}
    assert len(cells) == 25
    filled = {key: value for key, value in cells.items() if value[0]}
    assert filled == {(5, 5): (1, 500), (2, 1): (1, 10), (4, 1): (2, 160), (3, 3): (2, 200), (2, 4): (1, 40),
                      (1, 5): (1, 600), (1, 1): (1, 1000), (5, 3): (1, 250)}
    assert cells[(3, 1)] == (0, None)


def test_a_narrower_window_drops_contacts_without_a_recent_order(marketer_api, orders):
    marketer_api.put("/api/v1/rfm", {**CONFIG, "within_days": 30, "thresholds": THRESHOLDS}, format="json")
    assert set(_scores()) == {"c1", "c3", "c4", "c10"}


@pytest.mark.parametrize("body, field", [
    ({**CONFIG, "thresholds": {"r": [1, 2, 3], "f": [1, 2, 3, 4], "m": [1, 2, 3, 4]}}, "thresholds"),
    ({**CONFIG, "thresholds": {"r": [4, 3, 2, 1], "f": [1, 2, 3, 4], "m": [1, 2, 3, 4]}}, "thresholds"),
    ({**CONFIG, "thresholds": {"r": [1, 2, 3, 4], "f": [1, 2, 3, 4]}}, "thresholds"),
    ({**CONFIG, "thresholds": {"r": [1, 2, 3, "x"], "f": [1, 2, 3, 4], "m": [1, 2, 3, 4]}}, "thresholds"),
    ({**CONFIG, "within_days": 0}, "within_days"),
    ({"amount_property": "amount", "within_days": 30}, "event"),
])
def test_bad_input_is_refused_naming_the_field(marketer_api, orders, body, field):
    response = marketer_api.put("/api/v1/rfm", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert marketer_api.get("/api/v1/rfm").json()["within_days"] == 365
    assert not ComputedValue.objects.filter(key="rfm_score").exists()
