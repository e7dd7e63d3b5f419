"""Joining the records of a run's CI shards into the record the whole run would have written.

Pure: records in, one record out (`shoshin merge` copies the files and writes the reports).
Each shard (`shoshin run --shard i/n`) says which part of the run it is (`shard`) and each
of its scenarios its number in the whole run (`position`), so the merged `results` are
the shards' results in the whole run's order. Shards that cannot be one run are refused
in one sentence: one missing or given twice, a different split, other scenarios, another
base URL or other conditions. A shard that did not finish is merged as far as it was
walked, and the merged run is `interrupted`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from harness.errors import ShoshinError
from harness.record.model import FINISHED, INTERRUPTED, RunRecord, ScenarioResult

__all__ = ["MergeError", "ShardRun", "merge_records", "started"]


class MergeError(ShoshinError):
    """Shard runs that cannot be joined into one run."""


@dataclass(frozen=True)
class ShardRun:
    """One shard's record, and where it came from (its folder, as the user gave it)."""

    where: str
    record: RunRecord

    @property
    def label(self) -> str:
        shard = self.record.shard
        return f"{self.where} (shard {shard.index}/{shard.total})" if shard else self.where


def merge_records(shards: Sequence[ShardRun], run_id: str) -> tuple[RunRecord, list[str]]:
    """The whole run's record, and warnings to show; a `MergeError` when the shards are not
    the parts of one run."""
    if not shards:
        raise MergeError("Nothing to merge; pass the run folder of every shard.")
    ordered = _check_split(shards)
    first = ordered[0]
    _check_same(ordered)
    results = _results_in_order(ordered)
    warnings = _warnings(ordered)
    unfinished = [s for s in ordered if s.record.status != FINISHED]
    ends = [f for s in ordered if (f := s.record.finished_at)]
    record = RunRecord(
        run_id=run_id,
        started_at=_pick(min, [s.record.started_at for s in ordered]) or first.record.started_at,
        base_url=first.record.base_url,
        browser=dict(first.record.browser),
        viewport=dict(first.record.viewport),
        harness_version=first.record.harness_version,
        schema_version=first.record.schema_version,
        status=INTERRUPTED if unfinished else FINISHED,
        finished_at=_pick(max, ends),
        conditions=dict(first.record.conditions),
        results=results,
        before_each=first.record.before_each,
        shard=None,
        merged_from=[s.record.run_id for s in ordered],
    )
    return record, warnings


def started(shards: Sequence[ShardRun]) -> datetime | None:
    """When the earliest shard started (the merged run's id is made from it)."""
    times = [t for s in shards if (t := _parse(s.record.started_at)) is not None]
    return min(times) if times else None


def _check_split(shards: Sequence[ShardRun]) -> list[ShardRun]:
    """The shards in shard order, once each, all of one split, none missing."""
    for shard in shards:
        if shard.record.shard is None:
            raise MergeError(
                f"{shard.where} is not a shard: its run was walked without --shard; pass the "
                "run folders that `shoshin run --shard INDEX/TOTAL` wrote."
            )
    first = shards[0]
    assert first.record.shard is not None
    total = first.record.shard.total
    by_index: dict[int, ShardRun] = {}
    for shard in shards:
        part = shard.record.shard
        assert part is not None
        if part.total != total:
            raise MergeError(
                f"{first.label} and {shard.label} are not shards of one split; "
                "pass the shards of one run, all run with the same --shard TOTAL."
            )
        if part.index in by_index:
            raise MergeError(
                f"Shard {part.index}/{total} is given twice ({by_index[part.index].where} and "
                f"{shard.where}); pass each shard's run folder once (a retried CI job leaves "
                "a second one: keep the last)."
            )
        by_index[part.index] = shard
    missing = [str(i) for i in range(1, total + 1) if i not in by_index]
    if missing:
        which = ", ".join(f"{i}/{total}" for i in missing)
        raise MergeError(
            f"Shard{'s' if len(missing) > 1 else ''} {which} {'are' if len(missing) > 1 else 'is'} "
            f"missing: {len(by_index)} of {total} shards were given; pass the run folder of "
            "every shard (a shard that got no scenario still writes one)."
        )
    return [by_index[i] for i in range(1, total + 1)]


def _check_same(shards: Sequence[ShardRun]) -> None:
    """The shards walked the same scenarios of the same product under the same conditions."""
    first = shards[0]
    mine = first.record.shard
    assert mine is not None
    for other in shards[1:]:
        theirs = other.record.shard
        assert theirs is not None
        if (theirs.scenarios, theirs.fingerprint) != (mine.scenarios, mine.fingerprint):
            raise MergeError(
                f"{first.label} and {other.label} were split from different scenarios "
                f"({mine.scenarios} and {theirs.scenarios}, or a file that differs, or the same "
                "files in another order); run every shard from the same checkout with the same "
                "scenario paths."
            )
        if other.record.base_url != first.record.base_url:
            raise MergeError(
                f"{first.label} walked {first.record.base_url} but {other.label} walked "
                f"{other.record.base_url}; the shards of one run walk the same --base-url."
            )
        difference = _difference(_conditions(first.record), _conditions(other.record))
        if difference is not None:
            name, a, b = difference
            raise MergeError(
                f"{first.label} and {other.label} ran under different conditions ({name}: "
                f"{_shown(a)} and {_shown(b)}); run every shard with the same options."
            )


def _results_in_order(shards: Sequence[ShardRun]) -> list[ScenarioResult]:
    """Every shard's scenarios at their number in the whole run, each number once."""
    first = shards[0].record.shard
    assert first is not None
    size = first.scenarios
    placed: dict[int, tuple[ShardRun, ScenarioResult]] = {}
    for shard in shards:
        for result in shard.record.results:
            number = result.position
            if number is None or not 1 <= number <= size:
                raise MergeError(
                    f"{shard.label} holds the scenario “{result.scenario}” without its number in "
                    f"the run (1 to {size}); walk the shards again with this version of shoshin."
                )
            if number in placed:
                raise MergeError(
                    f"Scenario {number} of the run is in both {placed[number][0].label} and "
                    f"{shard.label}; the shards were not split alike: walk them again with one "
                    "version of shoshin."
                )
            placed[number] = (shard, result)
    if all(s.record.status == FINISHED for s in shards):
        absent = [str(n) for n in range(1, size + 1) if n not in placed]
        if absent:
            raise MergeError(
                f"Scenario{'s' if len(absent) > 1 else ''} {', '.join(absent)} of the run "
                f"{'are' if len(absent) > 1 else 'is'} in no shard, although every shard "
                "finished; the shards were not split alike: walk them again with one version "
                "of shoshin."
            )
    return [placed[n][1] for n in sorted(placed)]


def _warnings(shards: Sequence[ShardRun]) -> list[str]:
    warnings = [
        f"{s.label} did not finish ({s.record.status}): its scenarios are merged as far as "
        "they were walked, and the merged run is interrupted."
        for s in shards
        if s.record.status != FINISHED
    ]
    browsers = {_browser(s.record) for s in shards}
    if len(browsers) > 1:
        warnings.append(
            f"The shards ran different browsers ({', '.join(sorted(browsers))}); the merged run "
            f"names the first shard's."
        )
    versions = {s.record.harness_version for s in shards}
    if len(versions) > 1:
        warnings.append(
            f"The shards were walked by different versions of shoshin "
            f"({', '.join(sorted(versions))}); the merged run names the first shard's."
        )
    return warnings


def _conditions(record: RunRecord) -> dict[str, Any]:
    return {
        **record.conditions,
        "viewport": record.viewport or record.conditions.get("viewport"),
        "before_each": record.before_each,
    }


def _difference(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, Any, Any] | None:
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            return name, a.get(name), b.get(name)
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "×".join(str(v) for v in value.values()) or "none"
    return str(value)


def _browser(record: RunRecord) -> str:
    return " ".join(v for v in (record.browser.get("name"), record.browser.get("version")) if v)


def _parse(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _pick(choose: Callable[..., datetime], stamps: Sequence[str]) -> str | None:
    """The earliest (`min`) or latest (`max`) of timestamps, as written; stamps that are not
    timestamps are passed over (the first of them is taken when there is nothing else)."""
    moments = {moment: stamp for stamp in stamps if (moment := _parse(stamp)) is not None}
    if moments:
        return moments[choose(moments)]
    return stamps[0] if stamps else None
