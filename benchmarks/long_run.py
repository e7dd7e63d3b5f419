"""What a long run costs in reports and memory, and whether its step times creep.

Run on demand: `make bench` (or `.venv/bin/python benchmarks/long_run.py [--steps 200]
[--small 20]`). Generates a scenario of N steps over N+1 static pages in a temp folder (each
step clicks a link and expects the next page's heading, so each has its action screenshot,
its screenshot and their thumbnails), serves them on loopback, and runs the real
`shoshin run` on it as its own process, with clocks on the report writer
(`traced_cli.py`). Prints:

- the report writer's work (each step's images in its worker thread, templates, the final
  HTML, JUnit, Markdown and history) against the run's own wall time (goal: under 5 %), and
  how much of it the run waits for after its last step;
- the shoshin process's peak RSS (getrusage of the process itself, Chromium apart) and
  its Python heap peak (tracemalloc, a separate run) for the small and the long run
  (goal: flat);
- the slope of step durations over the step number (goal: none: a step's time must not
  grow with the steps before it).

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared import Figure, median, run_process, serve_folder, slope, table

HERE = Path(__file__).resolve().parent
TRACED = HERE / "traced_cli.py"
TOPICS = ("your name", "your team", "your plan", "your data", "your invite", "your settings")
REPORT_SHARE_GOAL = 0.05
FLAT_GOAL = 1.25  # long run's peak over the small run's, at most
SLOPE_GOAL_MS = 5.0  # growth of a step's time per 100 steps, at most


def heading(number: int, total: int) -> str:
    return f"Page {number} of {total}: {TOPICS[number % len(TOPICS)]}"


def write_pages(folder: Path, steps: int) -> Path:
    """Pages 0..steps, each linking to the next, and the scenario that walks them."""
    folder.mkdir(parents=True, exist_ok=True)
    total = steps
    for number in range(steps + 1):
        link = (
            f'<a href="{number + 1:03d}.html">Go to page {number + 1}</a>'
            if number < steps
            else "<p>All done.</p>"
        )
        prose = " ".join(
            f"Paragraph {k} of page {number} says what this page is for, in plain words."
            for k in range(1, 6)
        )
        (folder / f"{number:03d}.html").write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Page {number}</title><link rel='icon' href='data:,'>"
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto}"
            "</style></head><body><main>"
            f"<h1>{heading(number, total)}</h1><p>{prose}</p>{link}</main></body></html>",
            "utf-8",
        )
    lines = [
        "name: Long walk",
        "product: Long walk",
        "persona: Someone with a long onboarding ahead",
        "start: /000.html",
        "patience: 10",
        "steps:",
    ]
    for index in range(1, steps + 1):
        lines += [
            f"  - intent: Go on to page {index}",
            f'    click: "Go to page {index}"',
            f'    expect: "{heading(index, total)}"',
        ]
    scenario = folder / "long.yaml"
    scenario.write_text("\n".join(lines) + "\n", "utf-8")
    return scenario


@dataclass
class LongRun:
    steps: int
    wall_s: float  # the whole process, start to exit
    stats: dict[str, Any]
    durations_ms: list[int]
    outcome: str

    @property
    def images_s(self) -> float:
        return float(sum(wall for wall, _ in self.stats["images"]))

    @property
    def images_cpu_s(self) -> float:
        return float(sum(cpu for _, cpu in self.stats["images"]))

    @property
    def reports_s(self) -> float:
        return float(sum(end - start for start, end, _ in self.stats["reports"]))

    @property
    def writer_s(self) -> float:
        """All the report writer's work: step images, templates, the final reports."""
        return self.images_s + self.templates_s + self.reports_s

    @property
    def templates_s(self) -> float:
        return float(sum(wall for wall, _ in self.stats["templates"]))

    @property
    def writer_cpu_s(self) -> float:
        """The CPU time of the same work, in the threads that did it."""
        cpu = self.images_cpu_s + sum(c for _, c in self.stats["templates"])
        return float(cpu + sum(c for _, _, c in self.stats["reports"]))

    @property
    def waited_s(self) -> float:
        """What the run's thread waited for the report writer at the end (its shutdown)."""
        return float(sum(end - start for start, end, _ in self.stats["shutdown"]))

    @property
    def after_last_step_s(self) -> float:
        """From the last step handed over to the writer's shutdown returned."""
        last = self.stats["step_events"][-1] if self.stats["step_events"] else 0.0
        ends = [end for _, end, _ in self.stats["shutdown"]]
        return (max(ends) if ends else last) - last

    # Slopes leave out step 1: it opens the start page too, and warms the browser up.
    def slope_ms_per_100(self) -> float:
        return 100 * slope(range(2, len(self.durations_ms) + 1), self.durations_ms[1:])

    def cpu_slope_ms_per_100(self) -> float:
        """The same for the run thread's CPU time per step (its clock and the harness's work
        after it): what a busy machine bends least."""
        return self._slope(1)

    def driver_cpu_slope_ms_per_100(self) -> float:
        """The same for the CPU time per step of Playwright's driver (node)."""
        return self._slope(2)

    def browser_cpu_slope_ms_per_100(self) -> float:
        """The same for Chromium's CPU time per step."""
        return self._slope(3)

    def _slope(self, column: int) -> float:
        cpu = [row[column] * 1000 for row in self.stats["walk_steps"]][1:]
        return 100 * slope(range(2, len(cpu) + 2), cpu)


def walk(scenario: Path, base_url: str, out: Path, *, heap: bool = False) -> LongRun:
    stats_file = out.with_suffix(".stats.json")
    command = [sys.executable, str(TRACED), "run", str(scenario), "--base-url", base_url]
    command += ["--out", str(out), "--fail-on", "none"]
    env = {"SHOSHIN_BENCH_STATS": str(stats_file)}
    if heap:
        env["SHOSHIN_BENCH_TRACEMALLOC"] = "1"
    done = run_process(command, env=env)
    if done.returncode != 0:
        raise SystemExit(f"shoshin exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    stats = json.loads(stats_file.read_text("utf-8"))
    run_dir = next(p.parent for p in out.glob("*/run.json") if p.parent.name != "latest")
    (result,) = json.loads((run_dir / "run.json").read_text("utf-8"))["results"]
    return LongRun(
        steps=len(result["steps"]),
        wall_s=done.wall_s,
        stats=stats,
        durations_ms=[s["duration_ms"] for s in result["steps"]],
        outcome=result["outcome"],
    )


def describe(run: LongRun) -> None:
    share = run.writer_s / run.wall_s
    images = run.stats["images"]
    print(f"{run.steps} steps ({run.outcome}), process wall time {run.wall_s:.1f} s")
    print(
        f"  report writer, all its work: {run.writer_s:.2f} s = {share:.1%} of the run's wall "
        f"time; its CPU time {run.writer_cpu_s:.2f} s = {run.writer_cpu_s / run.wall_s:.1%}"
    )
    print(
        f"    step images: {run.images_s:.2f} s wall, {run.images_cpu_s:.2f} s CPU in its "
        f"thread, {len(images)} steps, median {median([w for w, _ in images]) * 1000:.0f} ms"
    )
    print(f"    templates readied: {run.templates_s:.2f} s")
    print(f"    final reports (HTML, JUnit, Markdown, history): {run.reports_s:.2f} s")
    print(
        f"  after the last step, until the writer was done: {run.after_last_step_s:.2f} s "
        f"(browser closing meanwhile); of it the run waited on the writer "
        f"{run.waited_s:.2f} s = {run.waited_s / run.wall_s:.1%}"
    )
    handlers = run.stats["handlers_s"]
    print(
        "  the run's own thread per step, in handlers: "
        + ", ".join(f"{k} {v / max(run.steps, 1) * 1000:.1f} ms" for k, v in handlers.items())
    )
    first, last = run.durations_ms[: run.steps // 4], run.durations_ms[-(run.steps // 4) :]
    print(
        f"  step durations: median {median(run.durations_ms):.0f} ms; first quarter "
        f"{median(first):.0f} ms, last quarter {median(last):.0f} ms; slope "
        f"{run.slope_ms_per_100():+.1f} ms per 100 steps"
    )
    cpu = [row[1] * 1000 for row in run.stats["walk_steps"]]
    print(
        f"  the run thread's CPU per step (walking it, reading the screen, screenshots): "
        f"median {median(cpu):.0f} ms; slope {run.cpu_slope_ms_per_100():+.1f} ms per 100 steps"
    )
    driver = [row[2] * 1000 for row in run.stats["walk_steps"]]
    browser = [row[3] * 1000 for row in run.stats["walk_steps"]]
    print(
        f"  CPU per step: Playwright's driver median {median(driver):.0f} ms, slope "
        f"{run.driver_cpu_slope_ms_per_100():+.1f}; Chromium median {median(browser):.0f} ms, "
        f"slope {run.browser_cpu_slope_ms_per_100():+.1f} ms per 100 steps"
    )
    print(f"  peak RSS of the shoshin process: {run.stats['peak_rss_kb'] / 1024:.0f} MiB")


def measure(steps: int, small: int) -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        runs: dict[int, LongRun] = {}
        heaps: dict[int, int] = {}
        for count in (small, steps):
            scenario = write_pages(tmp / f"pages-{count}", count)
            with serve_folder(scenario.parent) as base_url:
                runs[count] = walk(scenario, base_url, tmp / f"out-{count}")
                describe(runs[count])
                heap = walk(scenario, base_url, tmp / f"heap-{count}", heap=True)
                heaps[count] = heap.stats["heap_peak_bytes"] - heap.stats["heap_at_first_step"]
                print(
                    "  Python heap, peak above its size at the first step (tracemalloc run): "
                    f"{heaps[count] / 2**20:.1f} MiB\n"
                )
    long, short = runs[steps], runs[small]
    name = f"long run ({steps} steps)"
    share = long.writer_cpu_s / long.wall_s
    figures.append(
        Figure(
            name,
            "report writer's CPU time / run wall time",
            f"{share:.1%} ({long.writer_cpu_s:.1f} of {long.wall_s:.0f} s)",
            f"< {REPORT_SHARE_GOAL:.0%}",
            share < REPORT_SHARE_GOAL,
            note="the writer works in a thread of its own beside the walk; its wall time "
            "there (next row) also counts its waits for a core and for Python's lock",
        )
    )
    figures.append(
        Figure(
            name,
            "report writer's thread wall time / run wall time",
            f"{long.writer_s / long.wall_s:.1%} ({long.writer_s:.1f} s)",
        )
    )
    figures.append(
        Figure(
            name,
            "run waits on the writer after its last step",
            f"{long.waited_s:.2f} s ({long.waited_s / long.wall_s:.1%})",
        )
    )
    rss = long.stats["peak_rss_kb"] / short.stats["peak_rss_kb"]
    figures.append(
        Figure(
            name,
            f"peak RSS, {steps} vs {small} steps",
            f"{long.stats['peak_rss_kb'] / 1024:.0f} vs {short.stats['peak_rss_kb'] / 1024:.0f}"
            f" MiB ({rss:.2f}x)",
            f"flat (≤ {FLAT_GOAL}x)",
            rss <= FLAT_GOAL,
        )
    )
    figures.append(
        Figure(
            name,
            f"Python heap peak above step 1, {steps} vs {small} steps",
            f"{heaps[steps] / 2**20:.1f} vs {heaps[small] / 2**20:.1f} MiB "
            f"({(heaps[steps] - heaps[small]) / (steps - small) / 1024:.0f} KiB a step)",
            note="the record of every step and the one HTML page of them all, as it is made",
        )
    )
    creep = long.slope_ms_per_100()
    figures.append(
        Figure(
            name,
            "step duration slope over step number",
            f"{creep:+.1f} ms per 100 steps (median step {median(long.durations_ms):.0f} ms)",
            f"≤ {SLOPE_GOAL_MS:.0f} ms per 100 steps",
            creep <= SLOPE_GOAL_MS,
            note="wall-clock: a machine growing busier during the run bends it; "
            "see the CPU slope beside it",
        )
    )
    cpu_creep = long.cpu_slope_ms_per_100()
    figures.append(
        Figure(
            name,
            "run thread's CPU per step, slope over step number",
            f"{cpu_creep:+.1f} ms per 100 steps",
            f"≤ {SLOPE_GOAL_MS:.0f} ms per 100 steps",
            cpu_creep <= SLOPE_GOAL_MS,
        )
    )
    figures.append(
        Figure(
            name,
            "CPU per step, slope over step number: Playwright's driver; Chromium",
            f"{long.driver_cpu_slope_ms_per_100():+.1f}; "
            f"{long.browser_cpu_slope_ms_per_100():+.1f} ms per 100 steps",
        )
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="steps of the long run")
    parser.add_argument("--small", type=int, default=20, help="steps of the small run")
    options = parser.parse_args()
    print(table(measure(options.steps, options.small)))


if __name__ == "__main__":
    main()
