"""The pure rules behind RFM scores and lifecycle stages (audiences/services/rfm_scoring.py, lifecycle_rules.py)."""
from audiences.services.lifecycle_rules import DAY, Lines, stage_of
from audiences.services.rfm_scoring import quintile_cuts, score_down, score_up, segment

LINES = Lines(new_days=7, active_days=30, churn_days=90)
NOW = 1_000 * DAY


def test_quintile_cuts_keep_ties_on_the_lower_side():
    # 60 % of contacts ordered once: they all score F = 1, not F = 4
    cuts = quintile_cuts([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])
    assert cuts == [2, 2, 2, 4]
    assert score_up(1, cuts) == 1 and score_up(2, cuts) == 4 and score_up(5, cuts) == 5


def test_quintile_cuts_of_distinct_values_split_in_fifths():
    cuts = quintile_cuts(list(range(1, 11)))
    assert cuts == [3, 5, 7, 9]
    assert [score_up(v, cuts) for v in range(1, 11)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [score_down(v, cuts) for v in range(1, 11)] == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_all_equal_values_and_no_values_give_usable_cut_points():
    assert quintile_cuts([7, 7, 7]) == [8, 8, 8, 8]
    assert quintile_cuts([]) == [0, 0, 0, 0]


def test_segment_names_follow_high_meaning_three_or_more():
    assert segment(3, 3, 3) == "important_value"
    assert segment(2, 5, 5) == "important_retention"
    assert segment(5, 2, 2) == "general_development"
    assert segment(1, 1, 1) == "general_recovery"


def test_stages_by_days_since_first_seen_and_last_active():
    def at(days):
        return NOW - days * DAY

    assert stage_of(NOW, at(3), at(0), None, None, LINES) == "new"  # new wins over active
    assert stage_of(NOW, at(10), at(29), "new", None, LINES) == "active"
    assert stage_of(NOW, at(10), at(30), "active", None, LINES) == "silent"  # whole days: 30 is not within 30
    assert stage_of(NOW, at(200), at(89), "silent", None, LINES) == "silent"
    assert stage_of(NOW, at(200), at(90), "silent", None, LINES) == "churned"
    assert stage_of(NOW, at(20), None, None, None, LINES) == "silent"  # never active: measured from first seen
    assert stage_of(NOW, at(200), at(1), "churned", at(100), LINES) == "reactivated"
    assert stage_of(NOW, at(200), at(1), "reactivated", at(29), LINES) == "reactivated"
    assert stage_of(NOW, at(200), at(1), "reactivated", at(30), LINES) == "active"
