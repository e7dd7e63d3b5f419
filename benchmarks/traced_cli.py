"""`shoshin` itself, with clocks on the report writer: where a run's report time goes.

Run as `python benchmarks/traced_cli.py run ...` (the same arguments as `shoshin`), with
`SHOSHIN_BENCH_STATS=FILE`: when the process ends it writes FILE, a JSON object of what the
report writer did (each step's images in its worker thread, the final reports), what the
run's thread spent in each handler, what it waited for at the end, and the process's own
peak RSS. `SHOSHIN_BENCH_TRACEMALLOC=1` also traces the Python heap (slower: a memory run
only). Nothing in shoshin is changed: its functions are wrapped, and time is only read.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import threading
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

BEGAN = time.perf_counter()

STATS: dict[str, Any] = {
    "images": [],  # per step: [wall s, thread CPU s]
    "templates": [],  # [wall s, thread CPU s]
    "reports": [],  # the final reports: [start, end] since BEGAN, thread CPU s
    "shutdown": [],  # the report writer's shutdown: [start, end] since BEGAN
    "handlers_s": defaultdict(float),  # the run's thread, per handler, StepFinished only
    "step_events": [],  # when each StepFinished reached the report writer, since BEGAN
    "run_finished": None,
    # per way of a step walked: [wall s, the run thread's CPU s, the CPU s of Playwright's
    # driver, of Chromium]
    "walk_steps": [],
}
_lock = threading.Lock()


def _now() -> float:
    return time.perf_counter() - BEGAN


def _timed_task(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def task(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent = [time.perf_counter() - wall, time.thread_time() - cpu]
            with _lock:
                STATS[name].append(spent)

    return task


def _span(key: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def spanned(*args: Any, **kwargs: Any) -> Any:
        began, cpu = _now(), time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            STATS[key].append([began, _now(), time.thread_time() - cpu])

    return spanned


def _handler_clock(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    from harness.run.events import RunFinished, StepFinished

    def handle(self: Any, event: Any) -> None:
        began = time.perf_counter()
        try:
            real(self, event)
        finally:
            if isinstance(event, StepFinished):
                STATS["handlers_s"][name] += time.perf_counter() - began
                if name == "report":
                    STATS["step_events"].append(_now())
                    if len(STATS["step_events"]) == 1 and tracemalloc.is_tracing():
                        # Start-up (imports, the word list) is the same for any run: the
                        # heap is measured from the first step on.
                        STATS["heap_at_first_step"] = tracemalloc.get_traced_memory()[0]
                        tracemalloc.reset_peak()
            elif isinstance(event, RunFinished) and name == "report":
                STATS["run_finished"] = _now()

    return handle


TICK = os.sysconf("SC_CLK_TCK")


def descendants_cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process's living descendants, from /proc: Playwright's
    driver (node), and the rest (Chromium's processes)."""
    parents: dict[int, int] = {}
    used: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue  # gone meanwhile
        fields = tail.split()
        parents[int(entry.name)] = int(fields[1])
        name = head.split("(", 1)[-1]
        used[int(entry.name)] = (name, (int(fields[11]) + int(fields[12])) / TICK)
    me, driver, browser = os.getpid(), 0.0, 0.0
    for pid, (name, seconds) in used.items():
        ancestor = parents.get(pid)
        while ancestor and ancestor != me:
            ancestor = parents.get(ancestor)
        if ancestor == me:
            if name.startswith("node"):  # "node-MainThread"
                driver += seconds
            else:
                browser += seconds
    return driver, browser


def _step_clock(real: Callable[..., Any]) -> Callable[..., Any]:
    def walk_step(*args: Any, **kwargs: Any) -> Any:
        children = descendants_cpu()  # outside the step's clock, which starts inside
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent = [time.perf_counter() - wall, time.thread_time() - cpu]
            driver, browser = descendants_cpu()
            STATS["walk_steps"].append([*spent, driver - children[0], browser - children[1]])

    return walk_step


def _write_stats(path: Path) -> None:
    STATS["ended"] = _now()
    STATS["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if tracemalloc.is_tracing():
        STATS["heap_peak_bytes"] = tracemalloc.get_traced_memory()[1]
    path.write_text(json.dumps(STATS), "utf-8")


def install(path: Path) -> None:
    from harness.cli.progress import ProgressPrinter
    from harness.report import writer
    from harness.run.handlers import RecordWriter
    from harness.run.walk import ScenarioWalk

    writer._make_step_images = _timed_task("images", writer._make_step_images)
    writer._ready_templates = _timed_task("templates", writer._ready_templates)
    writer.ReportWriter._write = _span("reports", writer.ReportWriter._write)  # type: ignore[method-assign]
    writer.ReportWriter.shutdown = _span("shutdown", writer.ReportWriter.shutdown)  # type: ignore[method-assign]
    for name, cls in (("record", RecordWriter), ("report", writer.ReportWriter)):
        cls.handle = _handler_clock(name, cls.handle)  # type: ignore[method-assign]
    ProgressPrinter.handle = _handler_clock("terminal", ProgressPrinter.handle)  # type: ignore[method-assign]
    ScenarioWalk._walk_step = _step_clock(ScenarioWalk._walk_step)  # type: ignore[method-assign]
    atexit.register(_write_stats, path)


def main() -> None:
    if os.environ.get("SHOSHIN_BENCH_TRACEMALLOC"):
        tracemalloc.start()
    stats = os.environ.get("SHOSHIN_BENCH_STATS")
    if stats:
        install(Path(stats))
    from harness.cli.app import main as shoshin

    shoshin()


if __name__ == "__main__":
    main()
