"""The A/B maths of journey analytics, against values computed by hand."""
import math

import pytest

from journeys.analytics import stats


def test_two_proportion_ztest_matches_the_hand_computed_pooled_test():
    # variant 30/100 vs control 20/100: pooled p = 50/200 = 0.25,
    # se = sqrt(0.25 * 0.75 * (1/100 + 1/100)) = sqrt(0.00375) = 0.0612372,
    # z = 0.10 / 0.0612372 = 1.632993, two-sided p = erfc(z / sqrt 2) = 0.102470
    result = stats.two_proportion_ztest(30, 100, 20, 100)
    assert result.z == pytest.approx(1.632993, abs=1e-6)
    assert result.p_value == pytest.approx(0.102470, abs=1e-6)
    assert result.diff == pytest.approx(0.10)
    # unpooled se = sqrt(.3*.7/100 + .2*.8/100) = 0.0608276; 1.959964 * se = 0.119220
    assert result.ci_low == pytest.approx(-0.019220, abs=1e-6)
    assert result.ci_high == pytest.approx(0.219220, abs=1e-6)
    assert result.uplift == pytest.approx(0.5)


def test_a_large_clear_difference_is_significant():
    # 600/1000 vs 500/1000: pooled .55, se = sqrt(.55*.45*.002) = 0.0222486, z = 4.494666, p ≈ 6.97e-6
    result = stats.two_proportion_ztest(600, 1000, 500, 1000)
    assert result.z == pytest.approx(4.494666, abs=1e-5)
    assert result.p_value == pytest.approx(6.97e-6, rel=0.01)
    assert result.ci_low > 0


def test_the_test_is_symmetric_in_sign():
    up, down = stats.two_proportion_ztest(30, 100, 20, 100), stats.two_proportion_ztest(20, 100, 30, 100)
    assert up.p_value == pytest.approx(down.p_value)
    assert up.z == pytest.approx(-down.z)


@pytest.mark.parametrize("args", [(0, 0, 5, 10), (5, 10, 0, 0)])
def test_an_empty_group_has_no_comparison(args):
    assert stats.two_proportion_ztest(*args).p_value is None


def test_no_variance_means_no_p_value_but_a_difference():
    result = stats.two_proportion_ztest(0, 50, 0, 50)
    assert (result.z, result.p_value, result.diff, result.uplift) == (None, None, 0.0, None)


def test_rates_never_divide_by_zero():
    assert stats.rate(3, 4) == 0.75
    assert stats.rate(0, 0) is None


def test_time_to_convert_falls_in_fixed_buckets_with_zeros_kept():
    hist = stats.time_to_convert_histogram([10, 3599, 3600, 7 * 86400, 30 * 86400])
    assert [h["count"] for h in hist] == [2, 1, 0, 0, 0, 2]
    assert hist[0]["bucket"] == "< 1 h"


def test_percentiles_interpolate():
    assert stats.percentile([], 50) is None
    assert stats.percentile([5.0], 90) == 5.0
    assert stats.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert stats.percentile([0.0, 10.0], 90) == pytest.approx(9.0)
    assert math.isclose(stats.percentile(list(map(float, range(101))), 90), 90.0)
