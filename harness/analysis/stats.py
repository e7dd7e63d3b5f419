"""One-sided Mann-Whitney U tests for step times, exact for the sample sizes `--repeat` gives.

"Is the current run slower?" and "is it faster?" are separate one-sided questions. For up to
`EXACT_LIMIT` walks in all the p-value is exact: the share of all ways to split the pooled
ranks into two groups of these sizes whose U is at least the observed one (ties keep their
mid-ranks, so ties are handled exactly as well). Beyond that, a normal approximation with
tie and continuity corrections. The smallest p-value n1 vs n2 walks can give is
1 / C(n1 + n2, n1): a difference is significant when p <= ALPHA, so 3 vs 3 (1 / 20 = 0.05)
is the fewest equal repeats that can show one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

ALPHA = 0.05  # significance level: "slower" when p <= ALPHA
EXACT_LIMIT = 40  # exact p-values up to this many walks on both sides together


def p_greater(baseline: Sequence[float], current: Sequence[float]) -> float:
    """One-sided p-value that `current` tends to be larger (slower) than `baseline`.

    Same as scipy.stats.mannwhitneyu(current, baseline, alternative="greater",
    method="exact") for samples without ties."""
    n_b, n_c = len(baseline), len(current)
    if not n_b or not n_c:
        return 1.0
    ranks = _midranks([*baseline, *current])
    current_ranks = ranks[n_b:]
    if n_b + n_c <= EXACT_LIMIT:
        doubled = [round(2 * r) for r in ranks]
        return _exact_upper_tail(doubled, n_c, round(2 * sum(current_ranks)))
    return _normal_upper_tail(ranks, current_ranks, n_b)


def p_less(baseline: Sequence[float], current: Sequence[float]) -> float:
    """One-sided p-value that `current` tends to be smaller (faster) than `baseline`."""
    return p_greater(current, baseline)


def smallest_p(n_baseline: int, n_current: int) -> float:
    """The smallest one-sided p-value any data of these sizes can give."""
    if n_baseline < 1 or n_current < 1:
        return 1.0
    return 1 / math.comb(n_baseline + n_current, n_current)


def can_show(n_baseline: int, n_current: int, alpha: float = ALPHA) -> bool:
    """Whether n_baseline vs n_current walks can show a difference at p <= alpha at all."""
    return smallest_p(n_baseline, n_current) <= alpha * (1 + 1e-9)


def fewest_equal_walks(alpha: float = ALPHA) -> int:
    """The fewest walks per side (the same on both) that can show a difference."""
    n = 1
    while not can_show(n, n, alpha):
        n += 1
    return n


def _midranks(values: Sequence[float]) -> list[float]:
    """Rank of each value among all (1-based), tied values sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _exact_upper_tail(doubled_ranks: Sequence[int], k: int, observed: int) -> float:
    """P(sum of k of these (doubled) ranks drawn without replacement >= observed), by
    counting every subset of size k: ways[j][s] = subsets of j ranks summing to s."""
    top = sum(sorted(doubled_ranks)[-k:])
    ways = [[0] * (top + 1) for _ in range(k + 1)]
    ways[0][0] = 1
    for taken, rank in enumerate(doubled_ranks, start=1):
        for j in range(min(k, taken), 0, -1):
            below, row = ways[j - 1], ways[j]
            row[rank:] = [a + b for a, b in zip(row[rank:], below, strict=False)]
    at_least = sum(ways[k][max(observed, 0) :])
    return min(1.0, at_least / math.comb(len(doubled_ranks), k))


def _normal_upper_tail(ranks: Sequence[float], current_ranks: Sequence[float], n_b: int) -> float:
    n_c = len(current_ranks)
    n = n_b + n_c
    u = sum(current_ranks) - n_c * (n_c + 1) / 2
    counts: dict[float, int] = {}
    for r in ranks:
        counts[r] = counts.get(r, 0) + 1
    ties = sum(t**3 - t for t in counts.values())
    variance = n_b * n_c / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return 1.0
    z = (u - n_b * n_c / 2 - 0.5) / math.sqrt(variance)
    return min(1.0, 0.5 * math.erfc(z / math.sqrt(2)))
