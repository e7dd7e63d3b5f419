"""Writing the record: the same cost per step at step 200 as at step 2, every finished step
readable after a crash, and renames that survive power loss (the folder synced after them).

Real files throughout; what the process writes is observed (the kernel's own byte count in
/proc/self/io, `os.fsync` wrapped to note what it syncs, `strace`), never faked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from harness.files import AppendLog, make_new_dir, write_json_atomic
from harness.record.journal import JOURNAL_FILE, journal_line, scenario_header
from harness.record.model import (
    RECORD_FILE,
    ScenarioResult,
    read_record,
    write_record,
)
from harness.record.read import read_run
from harness.run.events import (
    RunFinished,
    ScenarioFinished,
    ScenarioStarted,
    StepFinished,
)
from tests.record.synthetic import SyntheticRun, a_step


def bytes_written() -> int:
    """What this process has written so far, as the kernel counts it."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc/self/io")


needs_proc_io = pytest.mark.skipif(
    not Path("/proc/self/io").is_file(), reason="needs Linux's /proc/self/io to count bytes"
)


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Every `os.fsync` from here on, as (device, inode) of what it synced; still synced."""
    calls: list[tuple[int, int]] = []
    real = os.fsync

    def noting(fd: int) -> None:
        stat = os.fstat(fd)
        calls.append((stat.st_dev, stat.st_ino))
        real(fd)

    monkeypatch.setattr(os, "fsync", noting)
    return calls


def identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


# ---------------------------------------------------------------- the same cost per step


@needs_proc_io
def test_step_200_costs_the_bytes_and_syncs_of_step_2(
    tmp_path: Path, fsyncs: list[tuple[int, int]]
) -> None:
    run = SyntheticRun(tmp_path / "run")
    run.start()
    result = run.start_scenario()
    cost: dict[int, tuple[int, int]] = {}
    for index in range(1, 201):
        before, synced = bytes_written(), len(fsyncs)
        run.finish_step(result, index)
        cost[index] = (bytes_written() - before, len(fsyncs) - synced)
    (bytes_2, syncs_2), (bytes_200, syncs_200) = cost[2], cost[200]
    assert bytes_2 > 20_000  # the step, screen text and all, is written
    # Only the step's numbers grow by a digit or two; rewriting run.json would be 100x.
    assert bytes_200 - bytes_2 < 64, (bytes_2, bytes_200)
    assert syncs_2 == syncs_200 == 1, (syncs_2, syncs_200)
    # And every one of the 200 steps is in the record a reader gets.
    assert read_record(run.run_dir) == json.loads(json.dumps(run.record.to_dict()))


def test_run_json_is_rewritten_at_scenario_boundaries_only(tmp_path: Path) -> None:
    run = SyntheticRun(tmp_path / "run")
    run.start()
    result = run.start_scenario()
    on_disk = json.loads((run.run_dir / RECORD_FILE).read_text())
    list(run.steps(result, 5))
    assert json.loads((run.run_dir / RECORD_FILE).read_text()) == on_disk  # untouched
    assert len((run.run_dir / JOURNAL_FILE).read_bytes().splitlines()) == 5
    result.outcome = "completed"
    run.writer.handle(ScenarioFinished(run.scenario, result))
    assert len(json.loads((run.run_dir / RECORD_FILE).read_text())["results"][0]["steps"]) == 5
    assert (run.run_dir / JOURNAL_FILE).read_bytes() == b""  # all of it is in run.json now
    run.record.status = "finished"
    run.writer.handle(RunFinished(run.record, run.run_dir))
    run.writer.shutdown()
    assert not (run.run_dir / JOURNAL_FILE).exists()  # a run that ended leaves run.json alone
    assert read_run(run.run_dir).status == "finished"


# ---------------------------------------------------------------- reading after a crash


def test_a_run_whose_process_died_reads_interrupted_with_every_finished_step(
    tmp_path: Path,
) -> None:
    run = SyntheticRun(tmp_path / "run")
    run.start()
    list(run.steps(run.start_scenario(), 3))
    assert read_run(run.run_dir).status == "running"  # its writer holds the journal
    expected = json.loads(json.dumps(run.record.to_dict()))
    assert run.writer.journal is not None
    run.writer.journal.close()  # what the kernel does when the process dies: the lock goes
    record = read_run(run.run_dir)
    assert record.status == "interrupted" and record.finished_at
    assert [s.index for s in record.results[0].steps] == [1, 2, 3]
    assert read_record(run.run_dir)["results"] == expected["results"]


def test_lines_run_json_already_holds_and_a_torn_last_line_change_nothing(
    tmp_path: Path,
) -> None:
    """A crash between rewriting run.json and emptying the journal, or halfway through a
    line, leaves lines that must neither double a step nor break the reading."""
    run = SyntheticRun(tmp_path / "run")
    run.start()
    result = run.start_scenario()
    list(run.steps(result, 2))
    write_record(run.run_dir, run.record)  # run.json rewritten; the journal not yet emptied
    line = journal_line(0, scenario_header(result), 2, a_step(3))
    with (run.run_dir / JOURNAL_FILE).open("ab") as journal:
        journal.write(line[: len(line) // 2])  # the power went mid-line
    data = read_record(run.run_dir)
    assert [s["index"] for s in data["results"][0]["steps"]] == [1, 2]


def test_the_scenario_fields_follow_the_journal_without_their_steps(tmp_path: Path) -> None:
    run = SyntheticRun(tmp_path / "run")
    run.start()
    result = run.start_scenario()
    result.error = "set while walking"
    run.finish_step(result, 1)
    line = json.loads((run.run_dir / JOURNAL_FILE).read_bytes())
    assert "steps" not in line["scenario"] and line["position"] == 0
    assert read_record(run.run_dir)["results"][0]["error"] == "set while walking"


def test_a_repeat_walk_the_record_does_not_hold_is_not_journalled(tmp_path: Path) -> None:
    run = SyntheticRun(tmp_path / "run")
    run.start()
    shown = run.start_scenario()
    run.finish_step(shown, 1)
    run.writer.handle(ScenarioFinished(run.scenario, shown))
    second = ScenarioResult(scenario="Long", file="long.yaml", persona=None)
    run.writer.handle(ScenarioStarted(run.scenario, 1, 1, second, repeat=2, repeats=2))
    second.steps.append(a_step(1))
    run.writer.handle(StepFinished(run.scenario, run.scenario.steps[0], second.steps[0]))
    assert (run.run_dir / JOURNAL_FILE).read_bytes() == b""
    assert len(read_record(run.run_dir)["results"]) == 1


# ---------------------------------------------------------------- renames that survive


def test_an_atomic_write_syncs_the_file_then_its_folder_after_the_rename(
    tmp_path: Path, fsyncs: list[tuple[int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[object] = []
    real_replace = os.replace

    def replacing(src: str, dst: str | Path) -> None:
        order.append(("rename", len(fsyncs)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replacing)
    path = write_json_atomic(tmp_path / "run.json", {"ok": True})
    ((_, synced_before_rename),) = order
    assert synced_before_rename == 1  # the file's data, before its name
    assert fsyncs[1:] == [identity(tmp_path)]  # then the folder holding the new name
    assert identity(path) == fsyncs[0]  # the synced temp file is the one renamed


def test_the_journal_and_a_new_run_folder_are_synced_into_their_folders(
    tmp_path: Path, fsyncs: list[tuple[int, int]]
) -> None:
    run_dir = make_new_dir(tmp_path, "run")
    assert fsyncs == [identity(tmp_path)]
    log = AppendLog(run_dir / JOURNAL_FILE)
    log.append(b"{}\n")
    assert fsyncs[1:] == [identity(run_dir), identity(run_dir / JOURNAL_FILE)]
    log.remove()


_STRACED = """
import sys
from pathlib import Path
from harness.files import write_json_atomic
write_json_atomic(Path(sys.argv[1]) / "run.json", {"ok": True})
"""


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_strace_sees_the_folder_synced_after_the_rename(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    out = tmp_path / "out"
    out.mkdir()
    calls = "trace=openat,fsync,fdatasync,rename,renameat,renameat2"
    done = subprocess.run(
        ["strace", "-f", "-e", calls, "-o", str(trace), sys.executable, "-c", _STRACED, str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "ptrace" in done.stderr:
        pytest.skip(f"strace cannot trace here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    lines = trace.read_text().splitlines()
    renamed = next(i for i, line in enumerate(lines) if "rename" in line and "run.json" in line)
    opened = next(
        line
        for line in lines[renamed:]
        if "openat(" in line and f'"{out}"' in line and "O_RDONLY" in line
    )
    fd = opened.rsplit("=", 1)[1].strip()
    assert any(f"fsync({fd})" in line for line in lines[lines.index(opened) :]), "\n".join(
        lines[renamed:]
    )


# ---------------------------------------------------------------- run folders


def test_a_run_folder_taken_gets_a_suffix_never_shared(tmp_path: Path) -> None:
    first = make_new_dir(tmp_path, "20261201-000000-abc")
    second = make_new_dir(tmp_path, "20261201-000000-abc")
    third = make_new_dir(tmp_path, "20261201-000000-abc")
    assert [first.name, second.name, third.name] == [
        "20261201-000000-abc",
        "20261201-000000-abc-2",
        "20261201-000000-abc-3",
    ]


_RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from harness.files import make_new_dir
    while time.time() < float(sys.argv[2]):
        pass
    print(make_new_dir(Path(sys.argv[1]), "same-second").name)
    """
)


def test_processes_asking_for_one_run_folder_at_once_each_get_their_own(tmp_path: Path) -> None:
    go = str(time.time() + 1.5)  # every racer spins until then, then makes its folder
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(tmp_path), go], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    names = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert sorted(names) == sorted({*names}) and len(names) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
