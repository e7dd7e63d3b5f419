"""The one-sided Mann-Whitney U tests behind "slower", against reference values.

Reference p-values come from SciPy 1.17.1 (not a dependency of shoshin):
`scipy.stats.mannwhitneyu(current, baseline, alternative="greater"|"less", method="exact")`
for samples without ties, `method="asymptotic"` for the large sample, and for ties
`scipy.stats.permutation_test((current, baseline), U statistic, permutation_type="independent",
alternative="greater")` (every split enumerated: the exact conditional p-value).
"""

from __future__ import annotations

import pytest

from harness.analysis.compare import ALPHA, judge_timing
from harness.analysis.stats import can_show, fewest_equal_walks, p_greater, p_less, smallest_p

# (baseline, current, scipy's one-sided p that current is greater)
SCIPY_EXACT_GREATER = [
    ([1, 2, 3], [4, 5, 6], 0.05),  # 1 / C(6, 3)
    ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0.003968253968253968),  # 1 / C(10, 5)
    ([1, 2, 3], [4, 5], 0.1),
    ([1, 2, 3, 4, 5], [2.5, 6, 7, 8, 9], 0.027777777777777776),
    ([10, 20, 30, 40], [15, 25, 35, 45], 0.34285714285714286),
    ([1000, 1400, 900, 1300, 1100], [1200, 950, 1350, 1050, 1250], 0.5),
    ([3, 5, 6], [1, 2, 4], 0.9500000000000001),
]


@pytest.mark.parametrize(("baseline", "current", "expected"), SCIPY_EXACT_GREATER)
def test_exact_one_sided_p_matches_scipy(
    baseline: list[float], current: list[float], expected: float
) -> None:
    assert p_greater(baseline, current) == pytest.approx(expected, rel=1e-12)


def test_faster_is_the_other_one_sided_test() -> None:
    # scipy: mannwhitneyu([1, 2, 4], [3, 5, 6], alternative="less", method="exact") = 0.1
    assert p_less([3, 5, 6], [1, 2, 4]) == pytest.approx(0.1)
    assert p_less([4, 5, 6], [1, 2, 3]) == pytest.approx(0.05)
    assert p_less([1, 2, 3], [4, 5, 6]) == pytest.approx(1.0)


def test_ties_are_counted_exactly() -> None:
    # scipy permutation_test over every split of [2, 3, 3] and [1, 2, 3]: 0.35 (7 of 20).
    assert p_greater([1, 2, 3], [2, 3, 3]) == pytest.approx(0.35)
    assert p_greater([5, 5, 5], [5, 5, 5]) == pytest.approx(1.0)


def test_large_samples_use_the_normal_approximation() -> None:
    baseline = [1000 + 37 * i % 400 for i in range(30)]
    current = [1100 + 53 * i % 450 for i in range(25)]  # 1259 is in both: one tie
    # scipy, method="asymptotic" (tie and continuity corrected)
    assert p_greater(baseline, current) == pytest.approx(0.0005204028020974698, rel=1e-9)
    assert p_less(baseline, current) == pytest.approx(0.9995099209503963, rel=1e-9)


def test_the_fewest_walks_that_can_show_a_difference() -> None:
    assert smallest_p(3, 3) == pytest.approx(1 / 20)
    assert can_show(3, 3) and can_show(2, 5) and can_show(5, 5)
    assert not can_show(2, 2) and not can_show(2, 4) and not can_show(1, 1)
    assert not can_show(5, 1)  # a single walk on one side: 1/6 at best
    assert fewest_equal_walks() == 3


def test_three_against_three_all_slower_fires() -> None:
    verdict = judge_timing([210, 230, 220], [3210, 3190, 3230])
    assert verdict.timing == "slower" and verdict.rule == "u-test"
    assert verdict.p_value == pytest.approx(0.05) and verdict.p_value <= ALPHA


def test_three_against_three_with_one_overlap_does_not() -> None:
    verdict = judge_timing([1000, 1100, 1600], [1500, 1700, 1800])  # p = 0.1
    assert verdict.timing == "same" and verdict.p_value == pytest.approx(0.1)


def test_a_noisy_same_step_is_the_same() -> None:
    verdict = judge_timing([1000, 1400, 900, 1300, 1100], [1200, 950, 1350, 1050, 1250])
    assert verdict.timing == "same" and verdict.p_value == pytest.approx(0.5)


def test_faster_needs_its_own_test() -> None:
    verdict = judge_timing([1500, 1520, 1490, 1510, 1505], [1000, 1020, 990, 1010, 1005])
    assert verdict.timing == "faster"
    assert verdict.p_value == pytest.approx(1 / 252)


def test_a_significant_difference_under_the_noise_floor_is_the_same() -> None:
    verdict = judge_timing([100, 101, 102, 103, 104], [200, 201, 202, 203, 204])
    assert verdict.timing == "same" and verdict.p_value == pytest.approx(1 / 252)


def test_too_few_walks_fall_back_to_the_threshold_rule() -> None:
    assert judge_timing([1000, 1010], [1600, 1610]).rule == "threshold"
    assert judge_timing([1000, 1010], [1600, 1610]).timing == "slower"
    assert judge_timing([1000], [1500]).timing == "slower"
    assert judge_timing([100], [300]).timing == "same"  # 3x, but under the noise floor
    assert judge_timing([1500], [1000]).timing == "faster"
    assert judge_timing([1000], [1100]).timing == "same" and judge_timing([1], [2]).p_value is None
