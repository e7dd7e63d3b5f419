"""What changed between two runs: slower steps, new and fixed dead ends, copy changes.

Pure Python over two run records (`harness.record`). Screenshot differences
need pixels, so they are measured in `harness.report.pixels` and added by the caller.
With `--repeat` samples on both sides (3 vs 3 or more), "slower" is decided by a one-sided
exact Mann-Whitney U test at p <= 0.05 (`harness.analysis.stats`); with fewer walks, by a
relative threshold above a noise floor, and the comparison says so. Repeats that did not get
through a step (a dead end, an error, stopped before it) are no timings; the comparison
counts them per side.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.analysis.stats import ALPHA, can_show, fewest_equal_walks, p_greater, p_less
from harness.record.model import (
    DEAD_END,
    ERROR,
    SKIPPED,
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
__all__ = ["ALPHA", "Comparison", "StepChange", "compare", "judge_timing", "word_diff"]


@dataclass
class StepChange:
    index: int
    intent: str
    baseline_ms: int | None = None  # with --repeat: the median over the timed walks
    current_ms: int | None = None
    timing: str = "same"  # "slower" | "faster" | "same" | "new" | "gone"
    p_value: float | None = None  # one-sided, of the verdict ("same": of "slower")
    rule: str | None = None  # "u-test" | "threshold" | None (not timed on both sides)
    baseline_walks: int = 0  # timed walks behind the verdict
    current_walks: int = 0
    baseline_untimed: str | None = None  # "2 of 5 repeats hit a dead end (missing-target) …"
    current_untimed: str | None = None
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
                        f"{where}: slower, {seconds(step.baseline_ms)} → "
                        f"{seconds(step.current_ms)} ({evidence(step)})"
                    )
        return out

    def notes(self) -> list[str]:
        """What the reader must know to trust the verdicts: steps judged by the threshold
        rule because the walks were too few for the U test, and repeats that were no timings."""
        out = []
        for scenario in self.scenarios:
            few: dict[tuple[int, int], list[int]] = {}
            for step in scenario.steps:
                if step.rule == "threshold":
                    few.setdefault((step.baseline_walks, step.current_walks), []).append(step.index)
            for (n_b, n_c), indexes in few.items():
                steps = ", ".join(str(i) for i in indexes)
                out.append(
                    f"“{scenario.scenario}” step{'s' if len(indexes) > 1 else ''} {steps}: "
                    + cannot_show(n_b, n_c)
                )
            for step in scenario.steps:
                for side, untimed in (("baseline", step.baseline_untimed),
                                      ("current", step.current_untimed)):  # fmt: skip
                    if untimed:
                        out.append(f"“{scenario.scenario}” step {step.index}, {side}: {untimed}")
        return out


def evidence(step: StepChange) -> str:
    """What a timing verdict rests on: `p = 0.004, 5 vs 5 walks` or `threshold rule, …`."""
    walks = f"{step.baseline_walks} vs {step.current_walks} walks"
    if step.p_value is not None:
        return f"p = {step.p_value:.3f}, {walks}"
    return f"threshold rule, {walks}"


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


@dataclass
class Walks:
    """How one side's walks went at one step: the times of those that got through it, and
    why the others did not (they are no timings, and the comparison says so)."""

    total: int = 0
    timed: list[int] = field(default_factory=list)
    dead_ends: dict[str, int] = field(default_factory=dict)  # kind ("" if unrecorded) → walks
    errors: int = 0
    not_reached: int = 0

    @property
    def present(self) -> bool:
        return bool(self.timed or self.dead_ends or self.errors)

    def untimed(self) -> str | None:
        """e.g. "2 of 5 repeats hit a dead end (missing-target)", or None when every repeat
        was timed (or there was a single walk: its dead end is shown as such)."""
        if self.total < 2 or len(self.timed) == self.total:
            return None
        parts = []
        stuck = sum(self.dead_ends.values())
        if stuck:
            kinds = ", ".join(
                kind if count == stuck else f"{kind} ×{count}"
                for kind, count in sorted(self.dead_ends.items())
                if kind
            )
            parts.append(
                f"{stuck} of {self.total} repeats hit a dead end" + (f" ({kinds})" if kinds else "")
            )
        if self.errors:
            parts.append(f"{self.errors} of {self.total} stopped on a harness error")
        if self.not_reached:
            parts.append(f"{self.not_reached} of {self.total} did not reach it")
        return "; ".join(parts) + f" — timed over the other {len(self.timed)}"


@dataclass(frozen=True)
class _Side:
    """One run's scenario, with the run's id (`{run_id}` in screen text is not a change)."""

    scenario: ScenarioResult | None
    run_id: str

    def without_run_id(self, text: str) -> str:
        return text.replace(self.run_id, "{run_id}") if self.run_id else text

    def walks(self, index: int, shown: StepResult | None) -> Walks:
        """The step over every `--repeat` walk, or over the single walk the record shows."""
        repeats = self.scenario.repeats if self.scenario else []
        if not repeats:
            steps: list[Mapping[str, Any]] = []
            if shown is not None:
                kind = shown.dead_end.kind if shown.dead_end else None
                steps.append(
                    {"outcome": shown.outcome, "duration_ms": shown.duration_ms, "dead_end": kind}
                )
            return _tally(steps, 1 if self.scenario else 0)
        found = []
        for walk in repeats:
            mine = [s for s in walk.get("steps") or [] if s.get("index") == index]
            found.append(mine[0] if mine else {"outcome": SKIPPED})
        return _tally(found, len(repeats))


def _tally(steps: Sequence[Mapping[str, Any]], total: int) -> Walks:
    walks = Walks(total=total, not_reached=total - len(steps))
    for step in steps:
        outcome = step.get("outcome")
        if outcome in TIMED_OUTCOMES:
            walks.timed.append(int(step.get("duration_ms") or 0))
        elif outcome == DEAD_END:
            kind = str(step.get("dead_end") or "")
            walks.dead_ends[kind] = walks.dead_ends.get(kind, 0) + 1
        elif outcome == ERROR:
            walks.errors += 1
        else:
            walks.not_reached += 1
    return walks


def _step_change(
    b: StepResult | None, c: StepResult | None, b_side: _Side, c_side: _Side
) -> StepChange:
    either = c or b
    assert either is not None
    change = StepChange(index=either.index, intent=either.intent or "")
    b_walks, c_walks = b_side.walks(change.index, b), c_side.walks(change.index, c)
    change.baseline_untimed, change.current_untimed = b_walks.untimed(), c_walks.untimed()
    if b:
        change.baseline_ms = b.duration_ms
        change.baseline_dead_end = b.dead_end.kind if b.dead_end else None
        change.baseline_screenshot = b.screenshot
    if c:
        change.current_ms = c.duration_ms
        change.current_dead_end = c.dead_end.kind if c.dead_end else None
        change.current_screenshot = c.screenshot
    if b is None and not b_walks.present:
        change.timing = "new"
    elif c is None and not c_walks.present:
        change.timing = "gone"
    elif b_walks.timed and c_walks.timed:
        verdict = judge_timing(b_walks.timed, c_walks.timed)
        change.timing, change.p_value, change.rule = verdict.timing, verdict.p_value, verdict.rule
        change.baseline_walks, change.current_walks = len(b_walks.timed), len(c_walks.timed)
        if b_walks.total > 1 or c_walks.total > 1:  # with repeats: the typical walk
            change.baseline_ms = round(_median(b_walks.timed))
            change.current_ms = round(_median(c_walks.timed))
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


@dataclass(frozen=True)
class Timing:
    """A verdict on one step's times: by the U test when the walks can show significance,
    else by the threshold rule (`p_value` None)."""

    timing: str  # "slower" | "faster" | "same"
    p_value: float | None
    rule: str  # "u-test" | "threshold"


def judge_timing(baseline: Sequence[float], current: Sequence[float]) -> Timing:
    """Slower, faster or the same, for two sets of one step's durations (ms).

    With enough walks on both sides to reach p <= ALPHA (`stats.can_show`: 3 vs 3 and up),
    "slower" needs the one-sided exact U test of "current is slower" at p <= ALPHA, and
    "faster" the opposite one-sided test; with fewer, the threshold rule: the medians
    SLOWER_RATIO apart. Either way the medians must differ by NOISE_FLOOR_MS or more."""
    mid_b, mid_c = _median(baseline), _median(current)
    big_enough = abs(mid_c - mid_b) >= NOISE_FLOOR_MS
    if can_show(len(baseline), len(current)):
        slower_p = p_greater(baseline, current)
        if slower_p <= ALPHA and big_enough and mid_c > mid_b:
            return Timing("slower", slower_p, "u-test")
        faster_p = p_less(baseline, current)
        if faster_p <= ALPHA and big_enough and mid_b > mid_c:
            return Timing("faster", faster_p, "u-test")
        return Timing("same", slower_p, "u-test")
    if big_enough and mid_c > mid_b * SLOWER_RATIO:
        return Timing("slower", None, "threshold")
    if big_enough and mid_b > mid_c * SLOWER_RATIO:
        return Timing("faster", None, "threshold")
    return Timing("same", None, "threshold")


def cannot_show(n_baseline: int, n_current: int) -> str:
    """The sentence for walks too few for the U test."""
    return (
        f"{n_baseline} vs {n_current} walks cannot show "
        f"significance at p ≤ {ALPHA:g}; judged by the threshold rule instead "
        f"(median {SLOWER_RATIO - 1:.0%} and {NOISE_FLOOR_MS} ms apart). "
        f"Walk both runs with --repeat {fewest_equal_walks()} or more for the U test."
    )


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return 0.0
    return float(ordered[n // 2]) if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


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
