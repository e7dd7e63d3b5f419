"""What changed between two runs: slower steps, new and fixed dead ends, copy changes.

Pure Python over two run records (`harness.record`). Screenshot differences
need pixels, so they are measured in `harness.report.pixels` and added by the caller.
With `--repeat` samples on both sides, "slower" is decided by a Mann-Whitney U test (as
sitespeed.io does); with single walks, by a relative threshold above a noise floor.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.record.model import (
    TIMED_OUTCOMES,
    DeadEndKind,
    RunRecord,
    ScenarioOutcome,
    ScenarioResult,
    StepResult,
)
from harness.record.read import as_record

SLOWER_RATIO = 1.25  # single walks: 25 % slower ...
NOISE_FLOOR_MS = 250  # ... and at least a quarter second, or it is noise
ALPHA = 0.05  # with samples: significance level of the U test


@dataclass
class StepChange:
    index: int
    intent: str
    baseline_ms: int | None = None
    current_ms: int | None = None
    timing: str = "same"  # "slower" | "faster" | "same" | "new" | "gone"
    p_value: float | None = None
    dead_end: str | None = None  # "new" | "fixed" | "changed" | None
    baseline_dead_end: DeadEndKind | None = None
    current_dead_end: DeadEndKind | None = None
    copy_added: list[str] = field(default_factory=list)
    copy_removed: list[str] = field(default_factory=list)
    baseline_screenshot: str | None = None
    current_screenshot: str | None = None
    pixels_changed: float | None = None  # share of pixels, 0..1, filled by the caller
    diff_image: str | None = None

    @property
    def copy_changed(self) -> bool:
        return bool(self.copy_added or self.copy_removed)


@dataclass
class ScenarioChange:
    scenario: str
    baseline_outcome: ScenarioOutcome | None
    current_outcome: ScenarioOutcome | None
    baseline_ms: int | None
    current_ms: int | None
    steps: list[StepChange] = field(default_factory=list)


@dataclass
class Comparison:
    baseline_run: str
    current_run: str
    scenarios: list[ScenarioChange] = field(default_factory=list)

    def regressions(self) -> list[str]:
        """Sentences for what got worse: the `regression` gate fails on these."""
        out = []
        for scenario in self.scenarios:
            if scenario.baseline_outcome and scenario.current_outcome is None:
                continue
            for step in scenario.steps:
                where = f"“{scenario.scenario}” step {step.index}"
                if step.dead_end in ("new", "changed"):
                    out.append(f"{where}: new dead end ({step.current_dead_end})")
                if step.timing == "slower":
                    out.append(
                        f"{where}: slower, {seconds(step.baseline_ms)} → {seconds(step.current_ms)}"
                        + (f" (p = {step.p_value:.3f})" if step.p_value is not None else "")
                    )
        return out


def seconds(ms: int | None) -> str:
    """A step time as people read it: `1.25 s`, or `–` when there is none."""
    return "–" if ms is None else f"{ms / 1000:.2f} s"


def compare(
    baseline: RunRecord | Mapping[str, Any], current: RunRecord | Mapping[str, Any]
) -> Comparison:
    old, new = as_record(baseline), as_record(current)
    result = Comparison(old.run_id, new.run_id)
    before = {r.scenario: r for r in old.results}
    after = {r.scenario: r for r in new.results}
    for name in [*after, *(n for n in before if n not in after)]:
        b, c = before.get(name), after.get(name)
        change = ScenarioChange(
            scenario=name,
            baseline_outcome=b.outcome if b else None,
            current_outcome=c.outcome if c else None,
            baseline_ms=b.newcomer_ms if b else None,
            current_ms=c.newcomer_ms if c else None,
        )
        b_steps = {s.index: s for s in b.steps} if b else {}
        c_steps = {s.index: s for s in c.steps} if c else {}
        for index in sorted({*b_steps, *c_steps}):
            change.steps.append(
                _step_change(
                    b_steps.get(index),
                    c_steps.get(index),
                    _Side(b, old.run_id),
                    _Side(c, new.run_id),
                )
            )
        result.scenarios.append(change)
    return result


@dataclass(frozen=True)
class _Side:
    """One run's scenario, with the run's id (`{run_id}` in screen text is not a change)."""

    scenario: ScenarioResult | None
    run_id: str

    def without_run_id(self, text: str) -> str:
        return text.replace(self.run_id, "{run_id}") if self.run_id else text

    def samples(self, index: int) -> list[int]:
        """The step's times over every `--repeat` walk that got through it."""
        walks = self.scenario.repeats if self.scenario else []
        return [
            int(step.get("duration_ms") or 0)
            for walk in walks
            for step in walk.get("steps") or []
            if step.get("index") == index and step.get("outcome") in TIMED_OUTCOMES
        ]


def _step_change(
    b: StepResult | None, c: StepResult | None, b_side: _Side, c_side: _Side
) -> StepChange:
    either = c or b
    assert either is not None
    change = StepChange(index=either.index, intent=either.intent or "")
    if b:
        change.baseline_ms = b.duration_ms
        change.baseline_dead_end = b.dead_end.kind if b.dead_end else None
        change.baseline_screenshot = b.screenshot
    if c:
        change.current_ms = c.duration_ms
        change.current_dead_end = c.dead_end.kind if c.dead_end else None
        change.current_screenshot = c.screenshot
    if b is None:
        change.timing = "new"
    elif c is None:
        change.timing = "gone"
    elif b.outcome in TIMED_OUTCOMES and c.outcome in TIMED_OUTCOMES:
        samples_b = b_side.samples(change.index) or [b.duration_ms]
        samples_c = c_side.samples(change.index) or [c.duration_ms]
        change.timing, change.p_value = judge_timing(samples_b, samples_c)
    if change.baseline_dead_end != change.current_dead_end:
        if change.current_dead_end and not change.baseline_dead_end:
            change.dead_end = "new"
        elif change.baseline_dead_end and not change.current_dead_end:
            change.dead_end = "fixed"
        else:
            change.dead_end = "changed"
    if b and c:
        change.copy_added, change.copy_removed = word_diff(
            b_side.without_run_id(b.screen_text or ""), c_side.without_run_id(c.screen_text or "")
        )
    return change


def judge_timing(baseline: Sequence[float], current: Sequence[float]) -> tuple[str, float | None]:
    """("slower" | "faster" | "same", p-value or None) for two sets of step durations (ms)."""
    mid_b, mid_c = _median(baseline), _median(current)
    big_enough = abs(mid_c - mid_b) >= NOISE_FLOOR_MS
    if len(baseline) >= 3 and len(current) >= 3:
        p = mann_whitney_p(baseline, current)
        if p < ALPHA and big_enough:
            return ("slower" if mid_c > mid_b else "faster"), p
        return "same", p
    if big_enough and mid_c > mid_b * SLOWER_RATIO:
        return "slower", None
    if big_enough and mid_b > mid_c * SLOWER_RATIO:
        return "faster", None
    return "same", None


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return 0.0
    return float(ordered[n // 2]) if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def mann_whitney_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p-value of the Mann-Whitney U test (normal approximation, tie-corrected,
    with continuity correction); exact enumeration for small samples without ties."""
    n1, n2 = len(a), len(b)
    combined = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    ranks: list[float] = [0.0] * len(combined)
    ties = 0.0
    i = 0
    while i < len(combined):
        j = i
        while j + 1 < len(combined) and combined[j + 1][0] == combined[i][0]:
            j += 1
        rank = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[k] = rank
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    r1 = sum(r for r, (_, group) in zip(ranks, combined, strict=True) if group == 0)
    u1 = r1 - n1 * (n1 + 1) / 2
    u = min(u1, n1 * n2 - u1)
    if ties == 0 and n1 + n2 <= 20:
        return _exact_p(n1, n2, u)
    mean = n1 * n2 / 2
    n = n1 + n2
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return 1.0
    z = (abs(u - mean) - 0.5) / math.sqrt(variance)
    return min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2)))


def _exact_p(n1: int, n2: int, u: float) -> float:
    """P(U <= u) * 2 by counting, for small samples."""
    # counts[k] = number of arrangements with U == k (classic recurrence).
    memo: dict[tuple[int, int], list[int]] = {}

    def dist(m: int, n: int) -> list[int]:
        if m == 0 or n == 0:
            return [1]
        key = (m, n)
        if key not in memo:
            left, right = dist(m - 1, n), dist(m, n - 1)
            size = m * n + 1
            out = [0] * size
            for k, count in enumerate(left):
                out[k + n] += count
            for k, count in enumerate(right):
                out[k] += count
            memo[key] = out
        return memo[key]

    counts = dist(n1, n2)
    total = sum(counts)
    tail = sum(counts[: math.floor(u) + 1])
    return min(1.0, 2 * tail / total)


_WORDS = re.compile(r"\S+")


def word_diff(before: str, after: str, limit: int = 40) -> tuple[list[str], list[str]]:
    """Runs of words added and removed between two screens' text."""
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    added: list[str] = []
    removed: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed.append(" ".join(a[i1:i2]))
        if op in ("replace", "insert"):
            added.append(" ".join(b[j1:j2]))
    return added[:limit], removed[:limit]
