"""`shoshin observe` driven as an observer drives it: piped lines, a real terminal, kill -9."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.session.log import read_session
from tests.conftest import ROOT

SHOSHIN = [sys.executable, "-m", "harness.cli"]
OBSERVE = [*SHOSHIN, "observe", "--scenario", "01-first-project", "--tester", "p1"]
ENV = {**os.environ, "NO_COLOR": "1"}


def wait_for_events(sessions: Path, count: int, timeout: float = 20) -> None:
    wait_for(lambda: len(events(sessions)) == count, timeout, f"{count} lines on disk")


def wait_for(check: Callable[[], bool], timeout: float = 20, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def events(sessions: Path) -> list[dict[str, object]]:
    files = list(sessions.glob("*.jsonl"))
    if not files:
        return []
    # Only whole lines: the program may be writing the next one as we look.
    whole = files[0].read_text(encoding="utf-8").split("\n")[:-1]
    return [json.loads(x) for x in whole if x]


class Piped:
    """`shoshin observe` with its stdin on a pipe, written a line at a time."""

    def __init__(self, sessions: Path, *extra: str) -> None:
        self.sessions = sessions
        self.proc = subprocess.Popen(
            [*OBSERVE, "--sessions", str(sessions), *extra],
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

    def end_input(self) -> None:
        """Ctrl-D, for a pipe."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.stdin = None

    def finish(self) -> tuple[str, str]:
        out, err = self.proc.communicate(timeout=30)
        assert self.proc.returncode == 0, err
        return out, err

    @property
    def path(self) -> Path:
        return next(self.sessions.glob("*.jsonl"))


def test_piped_notes_are_stamped_with_real_elapsed_time(tmp_path: Path) -> None:
    run = Piped(tmp_path)
    wait_for_events(tmp_path, 1)  # the header: the clock has started
    run.send("? where is sign up")
    time.sleep(0.6)
    run.send("/next")
    time.sleep(1.2)
    run.send('"I thought this was the login page"')
    run.send("/done")
    run.send("6")
    out, err = run.finish()
    assert err == ""
    assert out.splitlines()[-1] == f"Session saved: {run.path}"
    note, step, quote, end, seq = events(tmp_path)[1:]
    assert (note["tag"], step["step"], quote["tag"], end["reason"], seq["score"]) == (
        "confusion",
        2,
        "quote",
        "done",
        6,
    )
    times = [float(e["t"]) for e in (note, step, quote, end)]  # type: ignore[arg-type]
    assert times == sorted(times)
    assert times[1] - times[0] == pytest.approx(0.6, abs=0.3)
    assert times[2] - times[1] == pytest.approx(1.2, abs=0.3)
    assert quote["step"] == 2


def test_kill_9_mid_session_loses_no_note_entered(tmp_path: Path) -> None:
    run = Piped(tmp_path)
    entered = ["? one", "! two", "/next", "+ three", '"four"', "/assist showed the menu", "five"]
    for number, line in enumerate(entered, start=2):
        run.send(line)
        # On disk line by line, while the session is still running.
        wait_for_events(tmp_path, number)
    os.kill(run.proc.pid, signal.SIGKILL)
    run.proc.wait(timeout=10)
    assert run.proc.returncode == -signal.SIGKILL
    session, warnings = read_session(run.path)
    assert warnings == []
    assert [(n.tag, n.text) for n in session.notes] == [
        ("confusion", "one"),
        ("stuck", "two"),
        ("delight", "three"),
        ("quote", "four"),
        ("note", "five"),
    ]
    assert [m.step for m in session.step_marks] == [2]
    assert [a.text for a in session.assists] == ["showed the menu"]
    assert session.outcome == "open" and not session.unassisted


def test_kill_9_right_after_a_burst_of_lines(tmp_path: Path) -> None:
    run = Piped(tmp_path)
    burst = [f"note {i}" for i in range(40)]
    assert run.proc.stdin is not None
    run.proc.stdin.write("\n".join(burst) + "\n")
    run.proc.stdin.flush()
    wait_for_events(tmp_path, 41)
    os.kill(run.proc.pid, signal.SIGKILL)
    run.proc.wait(timeout=10)
    session, warnings = read_session(run.path)
    assert warnings == [] and [n.text for n in session.notes] == burst


def test_sigterm_and_end_of_input_close_the_session_cleanly(tmp_path: Path) -> None:
    run = Piped(tmp_path / "term")
    run.send("? one")
    wait_for_events(tmp_path / "term", 2)
    run.proc.terminate()
    out, _ = run.proc.communicate(timeout=20)
    assert run.proc.returncode == 0
    assert events(tmp_path / "term")[-1]["reason"] == "interrupted"
    assert "Session saved:" in out

    eof = Piped(tmp_path / "eof")
    eof.send("? one")
    eof.end_input()
    eof.finish()
    assert events(tmp_path / "eof")[-1]["reason"] == "eof"


def test_piped_seq_after_done_or_from_the_option(tmp_path: Path) -> None:
    result = subprocess.run(
        [*OBSERVE, "--sessions", str(tmp_path / "a"), "--sus"],
        input="? hm\n/done\n6\n5 1 5 1 5 1 5 1 5 1\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=30,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert "(done at 00:00, SEQ 6, SUS 100)." in result.stdout
    *_, seq, sus = events(tmp_path / "a")
    assert seq == {"type": "seq", "n": 3, "score": 6}
    assert sus == {"type": "sus", "n": 4, "answers": [5, 1] * 5, "score": 100.0}

    given = subprocess.run(
        [*OBSERVE, "--sessions", str(tmp_path / "b"), "--seq", "4"],
        input="/gaveup\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=30,
    )
    assert given.returncode == 0
    assert events(tmp_path / "b")[-1] == {"type": "seq", "n": 2, "score": 4}


def test_resume_continues_the_clock_and_the_numbering(tmp_path: Path) -> None:
    first = Piped(tmp_path)
    first.send("? one")
    time.sleep(0.5)
    first.send("/next")
    first.end_input()
    first.finish()
    session_id = first.path.stem
    last_t = float(events(tmp_path)[-1]["t"])  # type: ignore[arg-type]

    resumed = subprocess.run(
        [*SHOSHIN, "observe", "--resume", session_id, "--sessions", str(tmp_path)],
        input="! two\n/done\n5\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=30,
    )
    assert resumed.returncode == 0, resumed.stderr
    tail = events(tmp_path)[4:]
    assert [e["type"] for e in tail] == ["resume", "note", "end", "seq"]
    assert [e["n"] for e in tail] == [4, 5, 6, 7]
    assert tail[0]["t"] == last_t and float(tail[1]["t"]) >= last_t  # type: ignore[arg-type]
    assert tail[1]["step"] == 2
    session, _ = read_session(first.path)
    assert session.outcome == "done" and session.seq == 5 and session.resumes == 1


def test_mistakes_are_one_sentence_and_exit_2(tmp_path: Path) -> None:
    def shoshin(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SHOSHIN, *args, "--sessions", str(tmp_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=ENV,
            timeout=30,
            input="",
        )

    unknown = shoshin("observe", "--scenario", "onboarding", "--tester", "p1")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert unknown.stderr.startswith(
        "shoshin: No scenario called 'onboarding' in scenarios; known:"
    )
    assert "'Skip inviting teammates' (02-skip-invites)" in unknown.stderr

    no_tester = shoshin("observe", "--scenario", "01-first-project")
    assert no_tester.returncode == 2
    assert no_tester.stderr == (
        "shoshin: Say which session this is with --tester ALIAS "
        "(or continue one with --resume ID).\n"
    )
    no_session = shoshin("observe", "--resume", "20990101")
    assert no_session.returncode == 2 and "No session '20990101'" in no_session.stderr
    assert not list(tmp_path.glob("*.jsonl"))


# --- a real terminal ----------------------------------------------------------------------

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r")


class Terminal:
    """`shoshin observe` on a pseudo-terminal of 100x30, read and typed into like a person."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**ENV, "TERM": "xterm", **(env or {})},
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            # The terminal becomes the controlling one, so that Ctrl-C is a SIGINT.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.raw = b""
        self.seen = 0

    @property
    def screen(self) -> str:
        return _ESCAPES.sub("", self.raw.decode("utf-8", "replace"))

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO once the program has exited
                self.raw += os.read(self.master, 65536)

    def expect(self, text: str, timeout: float = 20) -> None:
        """Wait until `text` appears after what was matched before."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.screen.find(text, self.seen)
            if found >= 0:
                self.seen = found + len(text)
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen}")
            self._pump(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> int:
        deadline = time.monotonic() + 20
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._pump(0.05)
        self._pump(0.1)
        os.close(self.master)
        return self.proc.wait(timeout=5)


@pytest.fixture
def terminal() -> Iterator[Callable[[list[str]], Terminal]]:
    opened: list[Terminal] = []

    def open_(args: list[str]) -> Terminal:
        opened.append(Terminal(args))
        return opened[-1]

    yield open_
    for term in opened:
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait()


def test_on_a_terminal_the_prompt_shows_time_and_step_and_asks_the_seq(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    term = terminal([*OBSERVE, "--observer", "bo", "--sessions", str(tmp_path)])
    term.expect("shoshin observe · Sign up and create a first project")
    term.expect("tester p1 · observer bo · session ")
    term.expect("▸ 1  Find out how to start")
    term.expect("6  Create my first project")
    term.expect('? confused  ! stuck  + delight  " quote  /step N  /next  /assist  /undo')
    term.expect("[00:00 · step 1/6] › ")

    term.type("? where is the sign up button\r")
    term.expect("? confusion  where is the sign up button")
    # The note is on disk by the time it is confirmed, before the prompt comes back.
    assert events(tmp_path)[-1]["text"] == "where is the sign up button"
    term.expect("· step 1/6] › ")

    term.type("/next\r")
    term.expect("▸ step 2/6   Create an account")
    assert events(tmp_path)[-1] == {
        "type": "step",
        "n": 2,
        "t": events(tmp_path)[-1]["t"],
        "step": 2,
    }
    term.expect("· step 2/6] › ")

    term.type("/step 9\r")
    term.expect("⚠ there is no step 9; this scenario has steps 1–6")
    term.type('"I thought this was the login page"\r')
    term.expect('" quote      “I thought this was the login page”')
    term.type("/done\r")
    term.expect("■ done")
    term.expect("Ask the tester: Overall, how difficult or easy was the task to complete?")
    term.expect("SEQ › ")
    term.type("9\r")
    term.expect("⚠ answer with a whole number from 1 to 7, or press Enter to leave it out")
    term.type("6\r")
    term.expect("2 notes, 1 step mark, 0 assists (done at 00:0")
    term.expect("Session saved: ")
    assert term.close() == 0
    session, warnings = read_session(next(tmp_path.glob("*.jsonl")))
    assert warnings == [] and session.seq == 6 and session.outcome == "done"


def test_ctrl_c_on_a_terminal_ends_the_session_and_still_asks_the_seq(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    term = terminal([*OBSERVE, "--sessions", str(tmp_path)])
    term.expect("[00:00 · step 1/6] › ")
    term.type("! stuck on the password rules\r")
    term.expect("! stuck      stuck on the password rules")
    term.expect("· step 1/6] › ")
    term.type("half a no")
    term.expect("half a no")
    term.type("\x03")  # Ctrl-C: the half-typed line was not entered, so it is not kept
    term.expect("■ interrupted")
    term.expect("SEQ › ")
    term.type("2\r")
    term.expect("Session saved: ")
    assert term.close() == 0
    session, _ = read_session(next(tmp_path.glob("*.jsonl")))
    assert [n.text for n in session.notes] == ["stuck on the password rules"]
    assert (session.outcome, session.seq) == ("interrupted", 2)
