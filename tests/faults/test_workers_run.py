"""`shoshin run --workers N` for real: the same run as a serial one, a worker killed mid-walk,
Ctrl-C and SIGTERM while workers walk, a browser that will not start, and the live view."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness.demo import DemoServer
from harness.record.model import read_record
from tests.conftest import ROOT
from tests.faults.crash_tools import (
    DEADLINE_S,
    SHOSHIN,
    descendants,
    finish,
    run_dirs,
    shoshin,
    wait_for,
)

pytestmark = pytest.mark.browser

WAITING = """name: {name}
start: /workers-door.html
steps:
  - intent: Arrive
    expect: The side door
  - intent: Go on to the page that takes its time
    click: Go on
    expect: Arrived late
    patience: 60
"""
QUICK = """name: {name}
start: /workers-door.html
steps:
  - intent: Arrive
    expect: The side door
"""


@dataclass
class Slow:
    base_url: str = ""
    waiting: list[str] = field(default_factory=list)  # each request for the slow page
    release: threading.Event = field(default_factory=threading.Event)


class _Handler(http.server.SimpleHTTPRequestHandler):
    slow: Slow

    def do_GET(self) -> None:
        if not self.path.startswith("/workers-wait"):
            super().do_GET()
            return
        self.slow.waiting.append(self.path)
        self.slow.release.wait(DEADLINE_S)
        body = b"<!doctype html><title>Late</title><h1>Arrived late</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slow() -> Iterator[Slow]:
    made = Slow()
    handler: Any = type("Handler", (_Handler,), {"slow": made})
    served = functools.partial(handler, directory=str(ROOT / "tests/fixtures/pages"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), served)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    made.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield made
    finally:
        made.release.set()
        server.shutdown()
        server.server_close()


def scenarios(folder: Path, *texts: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(texts, start=1):
        path = folder / f"{number:02d}.yaml"
        path.write_text(text.format(name=f"Walk {number}"), encoding="utf-8")
        paths.append(str(path))
    return paths


def title(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def walking(pid: int, unit: int) -> int | None:
    """The worker process below shoshin `pid` that walks `unit` (by its process name)."""
    return next((p for p in descendants(pid) if title(p) == f"shoshin u{unit}"), None)


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat after the name: state, ppid, pgrp, session…"""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _ignored(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^SigIgn:\s+([0-9a-f]+)", status, re.M).group(1), 16)  # type: ignore[union-attr]


def alive(pids: list[int]) -> list[int]:
    def running(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state not in ("Z", "X")

    return [p for p in pids if running(p)]


def below(proc: subprocess.Popen[str], seen: set[int]) -> None:
    """Note every process below shoshin now (workers, drivers, Chromium)."""
    seen.update(descendants(proc.pid))


# -- the same run as a serial one ---------------------------------------------------------


# What differs between any two runs, serial or not: times, ids, dates; the reading measures
# of text that holds the run id; and what depends on whether the product's stylesheet had
# arrived when the step was measured (an element's box; where the screen's lines break).
_VARIES = ("run_id", "words", "grade", "reading_seconds", "box", "action_box")


def _normal(value: Any, run_id: str) -> Any:
    """A record without what differs between any two runs."""
    if isinstance(value, dict):
        return {
            k: _normal(v, run_id)
            for k, v in value.items()
            if not re.search(r"(_ms|_at)$", k) and k not in _VARIES
        }
    if isinstance(value, list):
        return [_normal(v, run_id) for v in value]
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value.replace(run_id, "RUN"))
    return value


def _junit(run_dir: Path) -> str:
    text = (run_dir / "junit.xml").read_text().replace(str(run_dir.parent), "OUT")
    text = re.sub(r'\b(time|timestamp)="[^"]*"', r'\1=""', text.replace(run_dir.name, "RUN"))
    return re.sub(r"\d+(\.\d+)? s\b", "N s", text)


def _blocks(stdout: str, run_dir: Path) -> list[str]:
    """The run's lines from the first scenario on, durations and where it was written out."""
    lines = stdout.replace(str(run_dir.parent), "OUT").replace(run_dir.name, "RUN").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("[1/"))
    return [re.sub(r"\d+\.\d+ s\b", "N s", line) for line in lines[start:]]


def _run_demo(demo: DemoServer, out: Path, workers: str) -> tuple[int, str, Path]:
    done = subprocess.run(
        [str(SHOSHIN), "run", "scenarios", "--base-url", demo.base_url, "--out", str(out),
         "--repeat", "2", "--workers", workers, "--fail-on", "dead-end"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    [run_dir] = run_dirs(out)
    return done.returncode, done.stdout, run_dir


def test_two_workers_make_exactly_the_run_one_makes(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    started = time.monotonic()
    code1, out1, dir1 = _run_demo(demo_server, tmp_path / "one", "1")
    middle = time.monotonic()
    code2, out2, dir2 = _run_demo(demo_server, tmp_path / "two", "2")
    print(f"demo scenarios, --repeat 2: 1 worker {middle - started:.1f} s, "
          f"2 workers {time.monotonic() - middle:.1f} s")  # fmt: skip
    assert code1 == code2 == 1  # the demo's dead ends, on purpose
    rec1, rec2 = read_record(dir1), read_record(dir2)
    assert rec1["status"] == rec2["status"] == "finished"
    norm1, norm2 = _normal(rec1, dir1.name), _normal(rec2, dir2.name)
    assert len(norm1["results"]) == len(norm2["results"]) == 4
    for serial, parallel in zip(norm1["results"], norm2["results"], strict=True):
        assert serial == parallel
    assert norm1 == norm2
    assert _junit(dir1) == _junit(dir2)

    def files(run_dir: Path) -> set[str]:
        return {p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*")}

    assert files(dir1) == files(dir2)
    assert any("-r2/" in name for name in files(dir2))  # the second walks' screenshots
    # logs and CI: the same lines, whole scenarios in scenario order
    assert _blocks(out1, dir1) == _blocks(out2, dir2)


# -- a worker killed mid-walk ---------------------------------------------------------------


def test_a_killed_worker_is_its_walks_error_and_another_walks_the_rest(
    slow: Slow, tmp_path: Path
) -> None:
    paths = scenarios(tmp_path / "s", WAITING, WAITING, QUICK, QUICK)
    out = tmp_path / "reports"
    proc = shoshin("run", *paths, "--base-url", slow.base_url, "--out", str(out),
                   "--workers", "2", start_new_session=True)  # fmt: skip
    seen: set[int] = set()
    try:
        wait_for(lambda: len(slow.waiting) == 2, "both workers waiting on the slow page")
        below(proc, seen)
        victim = wait_for(lambda: walking(proc.pid, 0), "the worker walking the first")
        # a worker is in a session of its own (no terminal's Ctrl-C) and ignores SIGINT
        assert _stat(victim)[3] != _stat(proc.pid)[3]
        assert _ignored(victim) & (1 << (signal.SIGINT - 1))
        os.kill(victim, signal.SIGKILL)
        # the other worker still waits: a new one walks the last two
        wait_for(lambda: walking(proc.pid, 3), "a new worker walking the fourth")
        below(proc, seen)
        slow.release.set()
        code, stdout, stderr = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 2, (stdout, stderr)
    assert "Traceback" not in stderr, stderr
    record = read_record(run_dirs(out)[0])
    assert record["status"] == "finished"
    first, second, third, fourth = record["results"]
    assert first["outcome"] == "error"
    assert first["error"] == (
        "The worker process walking this scenario stopped (killed by SIGKILL); "
        "the steps it finished are kept."
    )
    assert [s["outcome"] for s in first["steps"]] == ["passed"]  # what it walked is kept
    assert [r["outcome"] for r in (second, third, fourth)] == ["completed"] * 3
    assert len(second["steps"]) == 2
    wait_for(lambda: not alive(sorted(seen)), "every worker and Chromium ending")


# -- Ctrl-C and SIGTERM -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code", "to_group"),
    [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)],
    ids=["ctrl-c", "sigterm"],
)
def test_a_stopped_run_keeps_every_step_its_workers_walked(
    slow: Slow, tmp_path: Path, signum: int, code: int, to_group: bool
) -> None:
    paths = scenarios(tmp_path / "s", WAITING, QUICK, WAITING)
    out = tmp_path / "reports"
    proc = shoshin("run", *paths, "--base-url", slow.base_url, "--out", str(out),
                   "--workers", "2", start_new_session=True)  # fmt: skip
    seen: set[int] = set()
    try:
        # the second walk is done (behind the first, which waits) when the third waits
        wait_for(lambda: len(slow.waiting) == 2, "the first and the third waiting")
        below(proc, seen)
        assert any(title(p).startswith("shoshin u") for p in seen)
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        returned, stdout, stderr = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert returned == code, (stdout, stderr)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "the run was interrupted" in lines[0], stderr  # nothing else
    record = read_record(run_dirs(out)[0])
    assert record["status"] == "interrupted"
    first, second, third = record["results"]
    assert [s["outcome"] for s in first["steps"]] == ["passed"]
    assert second["outcome"] == "completed" and [s["outcome"] for s in second["steps"]] == [
        "passed"
    ]
    assert [s["outcome"] for s in third["steps"]] == ["passed"]
    assert first["outcome"] == third["outcome"] == "running"
    assert (run_dirs(out)[0] / "index.html").is_file()  # the reports, as serial writes them
    wait_for(lambda: not alive(sorted(seen)), "every worker and Chromium ending")


# -- a browser that will not start --------------------------------------------------------


def test_a_workers_browser_that_will_not_start_is_one_sentence_and_no_run_folder(
    slow: Slow, tmp_path: Path
) -> None:
    broken = tmp_path / "chromium-that-fails"
    broken.write_text("#!/bin/sh\necho 'no display, no luck' >&2\nexit 1\n")
    broken.chmod(0o755)
    paths = scenarios(tmp_path / "s", QUICK, QUICK)
    out = tmp_path / "reports"
    done = subprocess.run(
        [str(SHOSHIN), "run", *paths, "--base-url", slow.base_url, "--out", str(out),
         "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE_S,
        env={**os.environ, "NO_COLOR": "1", "SHOSHIN_CHROMIUM": str(broken)},
    )  # fmt: skip
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(broken) in lines[0] and "would not start" in lines[0]
    assert not out.exists() or not any(out.iterdir())


# -- the live view --------------------------------------------------------------------------


def _read_pty(fd: int, proc: subprocess.Popen[bytes]) -> str:
    chunks: list[bytes] = []
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_one_line_per_worker_redrawn_in_place(slow: Slow, tmp_path: Path) -> None:
    paths = scenarios(tmp_path / "s", QUICK, QUICK, QUICK)
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1"}
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        [str(SHOSHIN), "run", *paths, "--base-url", slow.base_url,
         "--out", str(tmp_path / "reports"), "--workers", "2"],
        stdout=secondary, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(secondary)
    try:
        screen = _read_pty(primary, proc)
        proc.wait(DEADLINE_S)
    finally:
        os.close(primary)
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert proc.returncode == 0, screen
    # two worker lines drawn, then taken back (two lines up, cleared) before each new line
    assert re.search(r"  worker 1: [^\r\n]*\r?\n  worker 2: ", screen), screen
    assert "\x1b[2F\x1b[J" in screen
    assert "worker 3" not in screen
    assert re.search(r"worker \d: \[\d/3\] Walk \d · 1\. Arrive", screen), screen
    # the scenarios' blocks are whole and in order above them
    blocks = [re.search(rf"(^|\x1b\[J)\[{n}/3\] Walk {n}\r\n", screen, re.M) for n in (1, 2, 3)]
    assert all(blocks), screen
    assert [b.start() for b in blocks if b] == sorted(b.start() for b in blocks if b)
    # after the run, nothing of the worker lines is left below the summary
    tail = screen[screen.rindex("scenarios completed") :]
    assert "worker" not in tail
