"""Merging shard records into the whole run's record: pure, records in, record out."""

from __future__ import annotations

import dataclasses

import pytest

from harness.record.merge import MergeError, ShardRun, merge_records
from harness.record.model import RunRecord, ScenarioResult, ShardRecord


def shard_record(
    index: int,
    total: int,
    positions: list[int],
    *,
    scenarios: int = 5,
    started: str = "2026-12-01T10:00:00+00:00",
    finished: str | None = "2026-12-01T10:05:00+00:00",
    status: str = "finished",
    base_url: str = "http://127.0.0.1:3000",
    network: str | None = None,
    fingerprint: str = "f" * 16,
    version: str = "120.0",
) -> RunRecord:
    return RunRecord(
        run_id=f"run-{index}",
        started_at=started,
        base_url=base_url,
        browser={"name": "chromium", "version": version},
        viewport={"width": 1280, "height": 800},
        harness_version="0.1.0",
        status=status,  # type: ignore[arg-type]
        finished_at=finished,
        conditions={"network": network, "viewport": {"width": 1280, "height": 800}},
        results=[
            ScenarioResult(scenario=f"S{n}", file=f"s{n}.yaml", persona=None, position=n)
            for n in positions
        ],
        shard=ShardRecord(index, total, scenarios, fingerprint),
    )


def shards(*records: RunRecord) -> list[ShardRun]:
    return [ShardRun(f"shards/{r.shard.index if r.shard else 0}", r) for r in records]


def three() -> list[RunRecord]:
    return [
        shard_record(1, 3, [1, 4], started="2026-12-01T10:00:07+00:00"),
        shard_record(2, 3, [2, 5], finished="2026-12-01T10:09:00+00:00"),
        shard_record(3, 3, [3], started="2026-12-01T09:59:59+00:00"),
    ]


def test_the_merged_run_holds_every_result_in_the_whole_runs_order() -> None:
    a, b, c = three()
    record, warnings = merge_records(shards(c, a, b), "merged")  # given in any order
    assert [r.position for r in record.results] == [1, 2, 3, 4, 5]
    assert [r.scenario for r in record.results] == ["S1", "S2", "S3", "S4", "S5"]
    assert record.started_at == "2026-12-01T09:59:59+00:00"  # the earliest start
    assert record.finished_at == "2026-12-01T10:09:00+00:00"  # the latest end
    assert record.status == "finished" and warnings == []
    assert record.shard is None and record.run_id == "merged"
    assert record.merged_from == ["run-1", "run-2", "run-3"]
    assert (record.base_url, record.conditions) == (a.base_url, a.conditions)


def test_a_shard_that_did_not_finish_is_merged_as_far_as_it_went() -> None:
    a, b, c = three()
    b = dataclasses.replace(b, status="interrupted", results=b.results[:1])
    record, warnings = merge_records(shards(a, b, c), "merged")
    assert record.status == "interrupted"
    assert [r.position for r in record.results] == [1, 2, 3, 4]
    assert warnings == [
        "shards/2 (shard 2/3) did not finish (interrupted): its scenarios are merged as far "
        "as they were walked, and the merged run is interrupted."
    ]


def test_an_empty_shard_is_a_shard() -> None:
    record, _ = merge_records(
        shards(shard_record(1, 2, [1], scenarios=1), shard_record(2, 2, [], scenarios=1)), "m"
    )
    assert [r.position for r in record.results] == [1]


def test_different_browsers_are_merged_with_a_warning() -> None:
    a, b, c = three()
    c = dataclasses.replace(c, browser={"name": "chromium", "version": "121.0"})
    record, warnings = merge_records(shards(a, b, c), "m")
    assert record.browser == a.browser
    assert warnings == [
        "The shards ran different browsers (chromium 120.0, chromium 121.0); the merged run "
        "names the first shard's."
    ]


REFUSALS = [
    (
        lambda a, b, c: [a, b],
        "Shard 3/3 is missing: 2 of 3 shards were given; pass the run folder of every shard "
        "(a shard that got no scenario still writes one).",
    ),
    (
        lambda a, b, c: [a, b, c, dataclasses.replace(b, run_id="again")],
        "Shard 2/3 is given twice (shards/2 and shards/2); pass each shard's run folder once "
        "(a retried CI job leaves a second one: keep the last).",
    ),
    (
        lambda a, b, c: [a, b, dataclasses.replace(c, base_url="http://127.0.0.1:4000")],
        "shards/1 (shard 1/3) walked http://127.0.0.1:3000 but shards/3 (shard 3/3) walked "
        "http://127.0.0.1:4000; the shards of one run walk the same --base-url.",
    ),
    (
        lambda a, b, c: [a, dataclasses.replace(b, conditions={**b.conditions, "network": "x"}), c],
        "shards/1 (shard 1/3) and shards/2 (shard 2/3) ran under different conditions "
        "(network: none and x); run every shard with the same options.",
    ),
    (
        lambda a, b, c: [a, b, dataclasses.replace(c, before_each="reset.sh")],
        "shards/1 (shard 1/3) and shards/3 (shard 3/3) ran under different conditions "
        "(before_each: none and reset.sh); run every shard with the same options.",
    ),
    (
        lambda a, b, c: [a, b, dataclasses.replace(c, shard=ShardRecord(3, 3, 5, "0" * 16))],
        "shards/1 (shard 1/3) and shards/3 (shard 3/3) were split from different scenarios "
        "(5 and 5, or a file that differs, or the same files in another order); run every "
        "shard from the same checkout with the same scenario paths.",
    ),
    (
        lambda a, b, c: [a, b, dataclasses.replace(c, shard=ShardRecord(3, 4, 5, "f" * 16))],
        "shards/1 (shard 1/3) and shards/3 (shard 3/4) are not shards of one split; pass the "
        "shards of one run, all run with the same --shard TOTAL.",
    ),
    (
        lambda a, b, c: [a, b, dataclasses.replace(c, shard=None)],
        "shards/0 is not a shard: its run was walked without --shard; pass the run folders "
        "that `shoshin run --shard INDEX/TOTAL` wrote.",
    ),
    (
        lambda a, b, c: [a, b, shard_record(3, 3, [4])],
        "Scenario 4 of the run is in both shards/1 (shard 1/3) and shards/3 (shard 3/3); the "
        "shards were not split alike: walk them again with one version of shoshin.",
    ),
    (
        lambda a, b, c: [a, b, shard_record(3, 3, [])],
        "Scenario 3 of the run is in no shard, although every shard finished; the shards were "
        "not split alike: walk them again with one version of shoshin.",
    ),
]


@pytest.mark.parametrize(("given", "sentence"), REFUSALS)
def test_shards_that_are_not_one_run_are_refused_in_one_sentence(given, sentence) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MergeError) as raised:
        merge_records(shards(*given(*three())), "m")
    assert str(raised.value) == sentence
