"""An import killed at any moment (kill -9) leaves the tickets kept before, or all of the
new ones with them: never half a file, never a ticket lost. Trials scale with `--trials`;
a failing one names its seed (`SHOSHIN_FAULT_SEED=N` replays it)."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.tickets.model import Ticket
from harness.tickets.store import load_tickets, update_store
from tests.conftest import ROOT

NEW = 20_000


@pytest.fixture
def trials(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("trials"))


def start_import(csv: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "tickets",
            "import",
            str(csv),
            "--tickets",
            str(folder),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_an_import_killed_at_any_moment_loses_nothing(trials: int, tmp_path: Path) -> None:
    csv = tmp_path / "big.csv"
    rows = (f"n{i},2026-11-10,Where is setting {i}?,Body {i},2026-11-09\n" for i in range(NEW))
    csv.write_text("id,created,subject,body,account_created\n" + "".join(rows), "utf-8")
    old = [Ticket(f"old{i}", "2026-11-01T00:00:00Z", "Kept before", "", 1.0) for i in range(50)]
    old_ids = {t.id for t in old}
    new_ids = old_ids | {f"n{i}" for i in range(NEW)}

    # How long a whole import takes here, to spread the kills over it (nothing is asserted).
    folder = tmp_path / "whole"
    update_store(folder, old)
    began = time.monotonic()
    assert start_import(csv, folder).wait(timeout=120) == 0
    whole = time.monotonic() - began
    assert {t.id for t in load_tickets(folder)[0]} == new_ids

    seed = int(os.environ.get("SHOSHIN_FAULT_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    for trial in range(max(2, trials // 5)):
        folder = tmp_path / f"trial-{trial}"
        update_store(folder, old)
        process = start_import(csv, folder)
        time.sleep(rng.uniform(0, whole * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        tickets, warnings = load_tickets(folder)
        ids = {t.id for t in tickets}
        assert warnings == [], f"seed {seed}, trial {trial}: {warnings}"
        assert ids in (old_ids, new_ids), f"seed {seed}, trial {trial}: {len(ids)} tickets"
        # The next import after a kill brings everything in.
        assert start_import(csv, folder).wait(timeout=120) == 0
        assert {t.id for t in load_tickets(folder)[0]} == new_ids


def test_a_disk_that_fills_up_mid_write_leaves_the_tickets_kept_before(tmp_path: Path) -> None:
    """A full disk is a file-size limit here: the new file cannot be written whole."""
    csv = tmp_path / "big.csv"
    rows = (f"n{i},2026-11-10,Where is setting {i}?,Body {i},2026-11-09\n" for i in range(NEW))
    csv.write_text("id,created,subject,body,account_created\n" + "".join(rows), "utf-8")
    folder = tmp_path / "kept"
    update_store(
        folder, [Ticket(f"old{i}", "2026-11-01Z", "Kept before", "", 1.0) for i in range(50)]
    )
    before = (folder / "tickets.json").read_bytes()

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "tickets",
            "import",
            str(csv),
            "--tickets",
            str(folder),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_disk,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Cannot write the tickets in {folder}" in result.stderr
    assert (folder / "tickets.json").read_bytes() == before
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
