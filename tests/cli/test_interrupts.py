"""Ctrl-C is never lost: signals that land where a blocking wait would sleep through them.

CPython runs a signal's Python handler only in the main thread, between bytecodes. A signal
whose C handler runs while the main thread is not in an interruptible wait (about to block,
or waiting for the GIL), or that the kernel hands to another thread, does not wake a wait
that blocks afterwards. Delivering the signal to a thread other than the main one puts the
program in exactly that state, every time: the handler has run and the main thread was not
woken.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import termios
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.session.log import read_session
from tests.cli.test_observe_cli import Terminal, terminal

__all__ = ["terminal"]  # the fixture, used by name
from tests.conftest import ROOT

SHOSHIN = [sys.executable, "-m", "harness.cli"]

_libc = ctypes.CDLL(None, use_errno=True)
needs_tgkill = pytest.mark.skipif(
    not hasattr(_libc, "tgkill") or not Path("/proc/self/task").is_dir(),
    reason="needs Linux (tgkill and /proc) to signal one thread of another process",
)


def signal_a_side_thread(pid: int, signum: int) -> None:
    """Send `signum` to a thread of process `pid` other than its main thread."""
    tids = sorted(int(tid) for tid in os.listdir(f"/proc/{pid}/task") if int(tid) != pid)
    assert tids, "the process has no thread besides the main one"
    if _libc.tgkill(pid, tids[0], signum) != 0:
        raise OSError(ctypes.get_errno(), "tgkill failed")


@needs_tgkill
def test_demo_serve_ends_on_a_ctrl_c_that_did_not_wake_the_main_thread() -> None:
    proc = subprocess.Popen(
        [*SHOSHIN, "demo", "--serve", "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split(" at ")[1].split(" ")[0]
        with urllib.request.urlopen(url) as response:  # the server thread is up and serving
            assert response.status == 200
        signal_a_side_thread(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.wait()


# --- the observer's prompt on a real terminal ---------------------------------------------


_PROMPT_SCRIPT = """
import signal, sys, threading
from harness.cli.prompt.clock import LiveClock
from harness.cli.prompt.console import readline_module

readline_module()
side = threading.Thread(target=threading.Event().wait, daemon=True)  # a library's thread
side.start()
print("side thread", side.native_id, flush=True)
clock = LiveClock(lambda: ("> ", 2), lambda: 80, sys.stdout)
try:
    with clock.waiting(redraw=False):
        input("> ")
    print("read ended without Ctrl-C")
except KeyboardInterrupt:
    print("interrupted")
try:
    with clock.waiting(redraw=False):
        print("again:", input("again> "))
except KeyboardInterrupt:
    print("interrupted twice")
clock.stop()
"""


@needs_tgkill
def test_the_prompt_ends_on_a_ctrl_c_that_did_not_wake_the_read(
    terminal: Callable[[list[str]], Terminal],
) -> None:
    """The signal's handler ran in another thread: readline's select() never saw it."""
    term = terminal([sys.executable, "-c", _PROMPT_SCRIPT])
    term.expect("side thread ")
    term.expect("\n")
    side = int(term.screen[: term.seen].rsplit("side thread ", 1)[1].split()[0])
    term.expect("> ")
    term.type("half a no")
    term.expect("half a no")
    assert _libc.tgkill(term.proc.pid, side, signal.SIGINT) == 0
    term.expect("interrupted")
    # Only once: the next read is not interrupted by what helped the first one end.
    term.expect("again> ")
    term.type("2\r")
    term.expect("again: 2")
    assert term.close() == 0
    assert "interrupted twice" not in term.screen


OBSERVE = [*SHOSHIN, "observe", "--scenario", "01-first-project", "--tester", "p1"]


def _noflsh(term: Terminal) -> bool:
    return bool(termios.tcgetattr(term.master)[3] & termios.NOFLSH)


def test_ctrl_c_leaves_typed_keys_for_the_prompt_to_drop_itself(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    """A Ctrl-C that flushed the keys readline had just seen waiting would strand it in its
    own read(), which retries on every signal: so the session's terminal keeps them
    (NOFLSH), and the prompt drops them once it has the interrupt."""
    term = terminal([*OBSERVE, "--sessions", str(tmp_path)])
    term.expect("[00:00 · step 1/6] › ")
    assert _noflsh(term)
    os.kill(term.proc.pid, signal.SIGSTOP)
    os.waitpid(term.proc.pid, os.WUNTRACED)
    term.type("7\r5\r\x03")  # typed ahead, then Ctrl-C, while the program is not running
    os.kill(term.proc.pid, signal.SIGCONT)
    term.expect("■ interrupted")
    term.expect("SEQ › ")
    term.type("2\r")  # not the 7 or 5 typed ahead of the Ctrl-C
    term.expect("Session saved: ")
    assert not _noflsh(term)  # the terminal is given back as it was
    assert term.close() == 0
    session, _ = read_session(next(tmp_path.glob("*.jsonl")))
    assert (session.outcome, session.seq, session.notes) == ("interrupted", 2, [])
