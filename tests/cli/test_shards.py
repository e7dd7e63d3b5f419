"""`shoshin run --shard i/n` and `shoshin merge`, driven as CI drives them: real processes.

Three shards of the demo's scenarios, each into its own folder, merged, give exactly the
run one unsharded `shoshin run` writes: record for record, JUnit, summary, file names and
exit code (times, ids and dates taken out).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.cli.merging import find_shard_dir
from harness.demo import DemoServer
from harness.record.model import read_record
from harness.record.read import read_run
from tests.conftest import ROOT, write_scenario

_INSTALLED = Path(sys.executable).parent / "shoshin"
SHOSHIN = [str(_INSTALLED)] if _INSTALLED.is_file() else [sys.executable, "-m", "harness.cli"]
RUN_ID = re.compile(r"\d{8}\\?-\d{6}\\?-[0-9a-f]{12}(\\?-\d+)?")  # Markdown escapes "-"


def shoshin(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SHOSHIN, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def run_dirs(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink())


def files_of(run_dir: Path) -> list[str]:
    return sorted(p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*") if p.is_file())


def _timeless(value: Any) -> Any:
    """The record without times, ids and boxes; outcomes judged by time (slow) as passed; the
    screen's text without its line breaks, and the signals that read it by line (grade,
    reading time) left out; so are the signals of a screen that showed the run id (its
    random letters count as words)."""
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {
        k: _timeless(v)
        for k, v in value.items()
        if not k.endswith(("_ms", "_at")) and k not in ("run_id", "merged_from")
    }
    for name in ("box", "action_box"):  # where things were as the newcomer acted: layout
        if out.get(name) is not None:  # still settling then, under load, moves them
            out[name] = "a box"
    if out.get("outcome") == "slow":
        out["outcome"] = "passed"
    screen = out.get("screen_text")
    if isinstance(screen, str):
        # Where a screen breaks its lines varies from walk to walk as the page lays out (one
        # unsharded run against another too), and the signals read sentences by them.
        out["screen_text"] = " ".join(screen.split())
        if "RUN" in screen:
            out["text"] = None
    if "reading_seconds" in out:  # of the signals, these two read sentences by line
        del out["reading_seconds"], out["grade"]
    return out


def comparable(run_dir: Path) -> dict[str, Any]:
    text = json.dumps(read_record(run_dir), ensure_ascii=False)
    return _timeless(json.loads(RUN_ID.sub("RUN", text)))


def differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Where two records differ, as readable paths (`.results[1].steps[0].url: a != b`)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for k in sorted(set(a) | set(b))
            for d in differences(a.get(k), b.get(k), f"{where}.{k}")
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [f"{where}: {a!r:.200} != {b!r:.200}"]


def comparable_text(path: Path) -> str:
    """A report with the run folder, ids, times and durations taken out."""
    text = path.read_text(encoding="utf-8").replace(str(path.parent), "RUN_DIR")
    text = RUN_ID.sub("RUN", text)
    text = re.sub(r'(time|timestamp)="[^"]*"', r'\1=""', text)
    text = re.sub(r"\d+\.\d+ s\b", "T s", text)
    return text.replace("[slow]", "[passed]").replace("⏱", "")


@pytest.mark.browser
def test_three_shards_merged_are_the_run_one_unsharded_run_writes(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    url = demo_server.base_url
    for k in (1, 2, 3):
        shard = shoshin(
            "run",
            "scenarios/",
            "--shard",
            f"{k}/3",
            "--base-url",
            url,
            "--out",
            str(tmp_path / f"s{k}"),
        )
        assert shard.returncode in (0, 1), shard.stderr
        assert shard.stdout.startswith(f"Shard {k}/3: ")
    # The folders as CI artifacts arrive: a reports folder with `latest`, a run folder, and
    # a reports folder whose `latest` link did not survive the upload.
    (tmp_path / "s3" / "latest").unlink()
    given = [tmp_path / "s1", run_dirs(tmp_path / "s2")[0], tmp_path / "s3"]
    merged = shoshin("merge", *map(str, given), "--out", str(tmp_path / "merged"))
    whole = shoshin("run", "scenarios/", "--base-url", url, "--out", str(tmp_path / "whole"))

    assert merged.returncode == whole.returncode == 1, (merged.stdout, merged.stderr)
    assert merged.stderr == ""
    (merged_dir,) = run_dirs(tmp_path / "merged")
    (whole_dir,) = run_dirs(tmp_path / "whole")
    assert (tmp_path / "merged" / "latest").resolve() == merged_dir
    assert differences(comparable(merged_dir), comparable(whole_dir)) == []
    assert files_of(merged_dir) == files_of(whole_dir)
    for report in ("junit.xml", "summary.md"):
        assert comparable_text(merged_dir / report) == comparable_text(whole_dir / report)
    assert merged.stdout.splitlines()[-4:] == whole.stdout.splitlines()[-4:]  # the gate

    record = read_run(merged_dir)
    assert record.status == "finished" and record.shard is None
    shards = [read_run(find_shard_dir(folder)) for folder in given]
    # The merged results are the shards' own, as they wrote them, in the whole run's order.
    walked = {r["position"]: r for d in given for r in read_record(find_shard_dir(d))["results"]}
    assert read_record(merged_dir)["results"] == [walked[n] for n in sorted(walked)]
    assert record.merged_from == [shard.run_id for shard in shards]
    assert record.started_at == min(shard.started_at for shard in shards)
    index = (tmp_path / "merged" / "index.html").read_text(encoding="utf-8")
    assert index.count(f'href="{merged_dir.name}/index.html"') == 1
    # The screenshots are the shards' own files, linked rather than copied.
    shot = record.results[1].steps[0].screenshot
    assert shot is not None and shot.startswith("screenshots/02-")
    assert (merged_dir / shot).stat().st_ino == (run_dirs(tmp_path / "s2")[0] / shot).stat().st_ino


@pytest.mark.browser
def test_a_shard_with_no_scenario_writes_an_empty_run_and_merges(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    write_scenario(
        tmp_path,
        """
        name: Quick start
        steps:
          - click: Get started
            expect: Create your account
        """,
        "quick.yaml",
    )
    url = demo_server.base_url
    common = ["--base-url", url, "--fail-on", "none"]
    empty = shoshin(
        "run", str(tmp_path / "quick.yaml"), "--shard", "2/2", *common, "--out", str(tmp_path / "b")
    )
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.splitlines()[0] == (
        "Shard 2/2 gets no scenario (the run has 1 scenario): an empty run is written, for "
        "the merge."
    )
    (empty_dir,) = run_dirs(tmp_path / "b")
    record = read_run(empty_dir)
    assert (record.status, record.results) == ("finished", [])
    assert record.shard is not None and (record.shard.index, record.shard.total) == (2, 2)

    walked = shoshin(
        "run", str(tmp_path / "quick.yaml"), "--shard", "1/2", *common, "--out", str(tmp_path / "a")
    )
    assert walked.returncode == 0, walked.stderr
    merged = shoshin(
        "merge", str(tmp_path / "b"), str(tmp_path / "a"), "--out", str(tmp_path / "m")
    )
    assert merged.returncode == 0, merged.stderr
    (merged_dir,) = run_dirs(tmp_path / "m")
    assert [(r.scenario, r.position, r.outcome) for r in read_run(merged_dir).results] == [
        ("Quick start", 1, "completed")
    ]
    assert "screenshots/01-quick/step-01.png" in files_of(merged_dir)


@pytest.mark.parametrize("value", ["0/3", "4/3", "a/b", "1/0", "2"])
def test_a_bad_shard_is_one_sentence_and_exit_2(value: str, tmp_path: Path) -> None:
    result = shoshin(
        "run",
        "scenarios/",
        "--shard",
        value,
        "--base-url",
        "http://127.0.0.1:9",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"shoshin: --shard {value!r}")
    assert line.endswith("e.g. --shard 2/3 for the second of three shards.")
    assert not list(tmp_path.iterdir())
