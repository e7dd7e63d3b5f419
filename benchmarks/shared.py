"""What the benchmarks share: pages served on loopback, a synthetic long run, timing a whole
process, the machine's description, and the table of figures against their goals.

Imported by the scripts beside it (`python benchmarks/<name>.py` puts this folder on the path).
Nothing here asserts: benchmarks print figures, tests never bound a wall-clock time.
"""

from __future__ import annotations

import functools
import http.server
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHOSHIN = BIN / "shoshin"
if str(ROOT) not in sys.path:  # the synthetic run of the record's tests (tests/record/synthetic.py)
    sys.path.insert(0, str(ROOT))


# --- pages on loopback -------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log: the benchmarks print figures only."""


@contextmanager
def serve_folder(directory: Path) -> Iterator[str]:
    """`directory` on a free loopback port, for as long as the block runs; yields its URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- a whole process, timed from outside ----------------------------------------------------


@dataclass
class Finished:
    """A process run to its end: wall time, its rusage (children reaped by it included),
    exit code and what it printed."""

    wall_s: float
    cpu_s: float
    max_rss_kb: int
    returncode: int
    stdout: str
    stderr: str


def run_process(
    command: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 900
) -> Finished:
    """Run `command` to its end, reaped with `os.wait4` for its own resource figures."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        began = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=out, stderr=err, env={**os.environ, **(env or {})}
        )
        deadline = began + timeout
        while True:  # reaped here, by wait4, for the process's own resource figures
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise SystemExit(f"{' '.join(command)} took longer than {timeout:.0f} s.")
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return Finished(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_kb=usage.ru_maxrss,
        returncode=process.returncode,
        stdout=stdout,
        stderr=stderr,
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of ys over xs (0 when xs do not vary)."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


# --- the machine -----------------------------------------------------------------------------


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return f"{pages / 1024**3:.1f} GiB"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def chromium_version() -> str:
    """The Chromium shoshin drives, as `shoshin browser` finds it."""
    from harness.browser.launch import find_browser

    choice = find_browser()
    try:
        out = subprocess.run(
            [choice.executable or "chromium", "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return out or choice.describe()


def machine() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": cpu_model(),
        "memory": memory_total(),
        "load (1 min)": f"{os.getloadavg()[0]:.2f}",
        "chromium": chromium_version(),
        "python": platform.python_version(),
        "playwright": version("playwright"),
        "pillow": version("pillow"),
        "shoshin": version("shoshin"),
        "os": f"{platform.system()} {platform.release()}",
    }


def self_peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- figures against goals -------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table: what was measured, its value, its goal, and whether it meets it
    (None: not measured, or no goal)."""

    benchmark: str
    name: str
    value: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "-"}[self.met]


def table(figures: Sequence[Figure]) -> str:
    """The figures as one Markdown table (readable in a terminal too)."""
    rows = [("benchmark", "figure", "value", "goal", "verdict")]
    rows += [(f.benchmark, f.name, f.value, f.goal, f.verdict()) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {f.benchmark}, {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", *notes] if notes else []))
