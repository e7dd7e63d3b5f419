"""`shoshin merge` on shard folders written by hand: refusals, hostile names, unfinished
shards and `shoshin report --merge`. Real processes, no browser."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.files import write_bytes_atomic
from harness.record.model import (
    ActionRecord,
    DeadEnd,
    RunRecord,
    ScenarioResult,
    ShardRecord,
    StepResult,
    write_record,
)
from harness.record.read import read_run
from tests.cli.test_shards import comparable, run_dirs, shoshin

HOSTILE = '<script>alert("x")</script> & “Sign” \x1b[31mup'


def result(position: int, name: str) -> ScenarioResult:
    stuck = position == 2
    step = StepResult(
        index=1,
        intent=f"{name} <b>now</b>",
        actions=[ActionRecord("click", "<img src=x onerror=alert(1)>", None, "click <img>")],
        expect=["<i>Done</i>"],
        outcome="dead_end" if stuck else "passed",
        started_ms=0,
        duration_ms=100,
        patience_s=5,
        screenshot=f"screenshots/{position:02d}-s/step-01.png",
        dead_end=DeadEnd("missing-target", "<b>Go</b>", "No <b>Go</b> & “more”", ["<u>x</u>"])
        if stuck
        else None,
    )
    return ScenarioResult(
        scenario=name,
        file=f"s{position}.yaml",
        persona="<em>p</em>",
        outcome="dead_end" if stuck else "completed",
        steps=[step],
        position=position,
    )


def write_shard(folder: Path, record: RunRecord) -> Path:
    run_dir = folder / record.run_id
    run_dir.mkdir(parents=True)
    write_record(run_dir, record)
    for r in record.results:
        for s in r.steps:
            if s.screenshot:
                write_bytes_atomic(run_dir / s.screenshot, b"not really a png")
    return run_dir


def shard(index: int, positions: list[int], **changes: object) -> RunRecord:
    record = RunRecord(
        run_id=f"20261201-10000{index}-00000000000{index}",
        started_at=f"2026-12-01T10:00:0{index}+00:00",
        base_url="http://127.0.0.1:3000",
        browser={"name": "chromium", "version": "120.0"},
        viewport={"width": 1280, "height": 800},
        harness_version="0.1.0",
        status="finished",
        finished_at=f"2026-12-01T10:05:0{index}+00:00",
        conditions={"viewport": {"width": 1280, "height": 800}},
        results=[result(p, f"{HOSTILE} {p}") for p in positions],
        shard=ShardRecord(index, 2, 3, "f" * 16),
    )
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]


def two_shards(tmp_path: Path, **second: object) -> list[str]:
    one = write_shard(tmp_path / "shards" / "1", shard(1, [1, 3]))
    two = write_shard(tmp_path / "shards" / "2", shard(2, [2], **second))
    return [str(one), str(two)]


def test_hostile_names_come_through_the_merge_escaped(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    merged = shoshin("merge", *two_shards(tmp_path), "--out", str(out))
    assert merged.returncode == 1, merged.stderr  # the dead end is over the default gate
    assert "\x1b" not in merged.stdout + merged.stderr
    (run_dir,) = run_dirs(out)
    assert (out / "latest").resolve() == run_dir
    history = (out / "index.html").read_text(encoding="utf-8")
    assert (
        history.count(f'href="{run_dir.name}/index.html"') == 1 and "<script>alert" not in history
    )
    page = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Go" not in page
    assert "&lt;script&gt;alert(" in page
    names = [
        c.get("name") or "" for c in ET.parse(run_dir / "junit.xml").getroot().iter("testcase")
    ]
    assert len(names) == 3 and all(
        n.startswith('<script>alert("x")</script> & “Sign”') for n in names
    )
    assert not any("\x1b" in n for n in names)  # read back as text: the XML escaped it
    summary = (run_dir / "summary.md").read_text(encoding="utf-8")
    assert "<script>" not in summary and "&lt;script&gt;" in summary
    assert [r.scenario for r in read_run(run_dir).results] == [f"{HOSTILE} {p}" for p in (1, 2, 3)]
    assert (run_dir / "screenshots/02-s/step-01.png").read_bytes() == b"not really a png"


def test_report_merge_is_merge(tmp_path: Path) -> None:
    folders = two_shards(tmp_path)
    merged = shoshin("merge", *folders, "--out", str(tmp_path / "a"), "--fail-on", "none")
    reported = shoshin(
        "report", "--merge", *folders, "--out", str(tmp_path / "b"), "--fail-on", "none"
    )
    assert merged.returncode == reported.returncode == 0, reported.stderr
    (a,) = run_dirs(tmp_path / "a")
    (b,) = run_dirs(tmp_path / "b")
    assert comparable(a) == comparable(b)


@pytest.mark.parametrize(
    ("second", "sentence"),
    [
        (
            {"base_url": "http://127.0.0.1:4000"},
            "walked http://127.0.0.1:3000 but {two} (shard 2/2) walked http://127.0.0.1:4000; "
            "the shards of one run walk the same --base-url.",
        ),
        (
            {"shard": ShardRecord(1, 2, 3, "f" * 16)},
            "Shard 1/2 is given twice ({one} and {two}); pass each shard's run folder once (a "
            "retried CI job leaves a second one: keep the last).",
        ),
        (
            {"conditions": {"viewport": {"width": 1280, "height": 800}, "network": "slow-3g"}},
            "ran under different conditions (network: none and slow-3g); run every shard "
            "with the same options.",
        ),
    ],
)
def test_shards_of_different_runs_are_refused_in_one_sentence(
    tmp_path: Path, second: dict[str, object], sentence: str
) -> None:
    one, two = two_shards(tmp_path, **second)
    out = tmp_path / "reports"
    refused = shoshin("merge", one, two, "--out", str(out))
    assert refused.returncode == 2
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith("shoshin: ") and line.endswith(sentence.format(one=one, two=two))
    assert not out.exists()  # nothing half-merged left behind


def test_a_missing_shard_is_refused_and_so_is_one_folder_given_twice(tmp_path: Path) -> None:
    one, _ = two_shards(tmp_path)
    missing = shoshin("merge", one, "--out", str(tmp_path / "reports"))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        "shoshin: Shard 2/2 is missing: 1 of 2 shards were given; pass the run folder of every "
        "shard (a shard that got no scenario still writes one)."
    ]
    again = shoshin("merge", one, str(Path(one).parent), "--out", str(tmp_path / "reports"))
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        f"shoshin: {one} and {Path(one).parent} are the same run folder; pass each shard once."
    ]
    assert not (tmp_path / "reports").exists()


def test_an_unfinished_shard_is_merged_interrupted_with_a_warning_and_exit_2(
    tmp_path: Path,
) -> None:
    one, two = two_shards(tmp_path, status="interrupted")
    merged = shoshin("merge", one, two, "--out", str(tmp_path / "reports"), "--fail-on", "none")
    assert merged.returncode == 2
    assert merged.stderr.strip().splitlines() == [
        f"warning: {two} (shard 2/2) did not finish (interrupted): its scenarios are merged as "
        "far as they were walked, and the merged run is interrupted."
    ]
    (run_dir,) = run_dirs(tmp_path / "reports")
    record = read_run(run_dir)
    assert record.status == "interrupted"
    assert [r.position for r in record.results] == [1, 2, 3]


def test_two_shards_holding_one_file_name_are_refused(tmp_path: Path) -> None:
    one, two = two_shards(tmp_path)
    write_bytes_atomic(Path(two) / "screenshots/01-s/step-01.png", b"another")
    refused = shoshin("merge", one, two, "--out", str(tmp_path / "reports"))
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"shoshin: {one} and {two} both hold screenshots/01-s/step-01.png; the shards were not "
        "split alike: walk them again with one version of shoshin."
    ]
    assert not (tmp_path / "reports").exists()
