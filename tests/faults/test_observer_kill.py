"""An observer session loses nothing to kill -9, and one session is written by one process.

A real `shoshin observe` on a pseudo-terminal, typed into as an observer types; killed at a
random moment (the seed is in every failure message: SHOSHIN_FAULT_SEED=N replays it).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.session.log import SessionLog, read_session
from tests.cli.test_observe_cli import ENV, Terminal, wait_for
from tests.conftest import ROOT

SHOSHIN = str(Path(sys.executable).parent / "shoshin")
OBSERVE = [SHOSHIN, "observe", "--scenario", "01-first-project", "--tester", "p1"]
WORDS = ("menu", "sign up", "password", "café ☕", "where now", "\u201cquoted\u201d", "emoji 🙂")


@pytest.fixture
def terminal() -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_(args: list[str], env: dict[str, str] | None = None) -> Terminal:
        opened.append(Terminal(args, env))
        return opened[-1]

    yield open_
    for term in opened:
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait()


def the_seed() -> int:
    given = os.environ.get("SHOSHIN_FAULT_SEED")
    return int(given) if given else random.SystemRandom().randrange(2**32)


def whole_lines(path: Path) -> tuple[list[dict[str, object]], bytes]:
    """Every complete line parsed (each must be JSON), and the cut-off tail, if any."""
    raw = path.read_bytes()
    *whole, tail = raw.split(b"\n")
    return [json.loads(line) for line in whole], tail


def resume(sessions: Path, session_id: str, lines: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SHOSHIN, "observe", "--resume", session_id, "--sessions", str(sessions)],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=60,
    )


def test_kill_9_at_a_random_moment_loses_no_acknowledged_note(
    tmp_path: Path, trials: int, terminal: Callable[..., Terminal]
) -> None:
    seed = the_seed()
    rng = random.Random(seed)
    for trial in range(trials):
        moment = rng.choice(("idle", "typing", "just after Enter", "Enter then a moment"))
        where = f"seed {seed} (SHOSHIN_FAULT_SEED={seed}), trial {trial}, kill {moment}"
        sessions = tmp_path / f"trial-{trial}"
        term = terminal([*OBSERVE, "--sessions", str(sessions)])
        term.expect("· step 1/6] › ")
        accepted: list[str] = []
        for i in range(rng.randint(0, 5)):
            text = f"t{trial}n{i} {rng.choice(WORDS)}"
            term.type(f"? {text}\r")
            term.expect(f"? confusion  {text}")  # acknowledged: the prompt has it
            accepted.append(text)
        in_flight = f"t{trial} in flight {rng.choice(WORDS)}"
        if moment == "typing":
            term.type(f"? {in_flight}")
        elif moment != "idle":
            term.type(f"? {in_flight}\r")
        if moment == "Enter then a moment":
            # The random moment itself (0-30 ms into saving the line), not a wait for it.
            time.sleep(rng.uniform(0, 0.03))
        os.kill(term.proc.pid, signal.SIGKILL)
        assert term.proc.wait(timeout=20) == -signal.SIGKILL, where

        path = next(sessions.glob("*.jsonl"))
        events, tail = whole_lines(path)  # raises on any damaged complete line
        assert events[0]["type"] == "session", where
        session, warnings = read_session(path)
        texts = [n.text for n in session.notes]
        # Every acknowledged note is there, in order; the one typed as the kill came, maybe.
        assert texts in (accepted, [*accepted, in_flight]), f"{where}: {texts} vs {accepted}"
        assert moment not in ("idle", "typing") or texts == accepted, where
        # A line cut off by the kill is the last one, and costs nothing before it.
        assert len(warnings) == (1 if tail else 0), f"{where}: {warnings}"
        assert not tail or "the last line is cut off" in warnings[0], where

        if trial % 4 == 0:  # `shoshin observe --resume` itself
            resumed = resume(sessions, path.stem, "+ after the crash\n/done\n5\n")
            assert resumed.returncode == 0, f"{where}: {resumed.stderr}"
        else:  # what --resume runs, without starting a process: the trials stay quick
            log, _ = SessionLog.resume(path)
            log.note("delight", "after the crash")
            log.end("done")
            log.rate_seq(5)
            log.close()
        again, _ = read_session(path)
        assert [n.text for n in again.notes] == [*texts, "after the crash"], where
        assert (again.outcome, again.seq, again.resumes) == ("done", 5, 1), where
        numbers = [e["n"] for e in whole_lines(path)[0][1:] if "n" in e]
        assert numbers == list(range(1, len(numbers) + 1)), where


class Session:
    """A `shoshin observe` with piped input, for the lock tests."""

    def __init__(self, args: list[str]) -> None:
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self) -> subprocess.CompletedProcess[str]:
        out, err = self.proc.communicate(timeout=60)
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode, out, err)


def events_in(path: Path) -> list[dict[str, object]]:
    return whole_lines(path)[0]


def test_a_second_resume_of_an_open_session_is_refused_not_interleaved(tmp_path: Path) -> None:
    first = Session([*OBSERVE, "--sessions", str(tmp_path)])
    wait_for(lambda: any(tmp_path.glob("*.jsonl")), what="the session file")
    path = next(tmp_path.glob("*.jsonl"))
    first.send("? one")
    wait_for(lambda: len(events_in(path)) == 2, what="the first note on disk")

    # While the session is being written, neither a resume nor another at the same time gets in.
    refused = resume(tmp_path, path.stem, "? from the second\n/done\n")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == (
        f"shoshin: Session {path.stem} is open in another `shoshin observe`; add notes there, "
        "or end it (/done or Ctrl-C) and then run --resume again.\n"
    )
    first.send("? two")
    first.send("/done")
    first.send("6")
    assert first.finish().returncode == 0
    assert [e["type"] for e in events_in(path)] == ["session", "note", "note", "end", "seq"]

    # Two resumes at once: the one that holds the session keeps it.
    holder = Session([SHOSHIN, "observe", "--resume", path.stem, "--sessions", str(tmp_path)])
    wait_for(lambda: events_in(path)[-1]["type"] == "resume", what="the resume event")
    second = resume(tmp_path, path.stem, "? interleaved\n")
    assert second.returncode == 2 and f"Session {path.stem} is open" in second.stderr
    holder.send("? three")
    holder.proc.stdin.close()  # type: ignore[union-attr]
    holder.proc.stdin = None
    assert holder.finish().returncode == 0
    session, warnings = read_session(path)
    assert warnings == [] and [n.text for n in session.notes] == ["one", "two", "three"]


def test_a_kill_9_leaves_no_lock_behind(tmp_path: Path) -> None:
    first = Session([*OBSERVE, "--sessions", str(tmp_path)])
    wait_for(lambda: any(tmp_path.glob("*.jsonl")), what="the session file")
    path = next(tmp_path.glob("*.jsonl"))
    first.send("? before the crash")
    wait_for(lambda: len(events_in(path)) == 2, what="the note on disk")
    assert resume(tmp_path, path.stem, "").returncode == 2  # held while it lives
    os.kill(first.proc.pid, signal.SIGKILL)
    first.finish()
    later = resume(tmp_path, path.stem, "? after it\n/done\n")
    assert later.returncode == 0, later.stderr
    session, _ = read_session(path)
    assert [n.text for n in session.notes] == ["before the crash", "after it"]
