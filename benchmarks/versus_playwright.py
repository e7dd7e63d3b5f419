"""What shoshin costs, measured against the floor: the same seven steps in plain Playwright.

Run on demand: `make bench-vs` (or `.venv/bin/python benchmarks/versus_playwright.py
[--rounds 5]`). Serves `benchmarks/pages/` on loopback, then walks `pages/flow.yaml` with
`shoshin run` and with `plain_playwright_flow.py` (same Chromium, same flags, same viewport,
a full-page screenshot per step), each as its own process, in turn: shoshin, plain,
shoshin, plain ... Prints step-time sums, whole-process wall times and where shoshin's
extra time goes, against the goals. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from shared import serve_folder

from harness.browser.launch import BrowserChoice, find_browser, launch_args

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
FLOW = PAGES / "flow.yaml"
PLAIN = HERE / "plain_playwright_flow.py"
GOAL_MS_PER_STEP = 50
GOAL_RATIO = 1.3
TIMEOUT_S = 300


@dataclass
class Round:
    """One whole process: its wall time, CPU and the phases it can be split into."""

    wall_s: float
    cpu_s: float
    steps_ms: list[float]
    startup_s: float  # process start to a fresh context: Python, imports, driver, Chromium
    walk_s: float  # fresh context to closed: steps, screenshots, the harness's own work
    open_s: float  # of `walk_s`: a fresh context and page, before the first step's clock
    after_s: float  # walk done to process gone: reports (shoshin), browser close, exit
    reports_s: float = 0.0  # of `after_s`: the span in which report files were written
    browser_version: str = ""


@dataclass
class Side:
    name: str
    rounds: list[Round] = field(default_factory=list)

    def median(self, pick: Callable[[Round], float]) -> float:
        return statistics.median(pick(r) for r in self.rounds)

    def step_median(self, index: int) -> float:
        return statistics.median(r.steps_ms[index] for r in self.rounds)


# --- the pages and the flow -------------------------------------------------------------------


def plain_flow(base_url: str) -> dict[str, Any]:
    """The scenario's steps as the plain script reads them: label, value, link, heading."""
    scenario = yaml.safe_load(FLOW.read_text("utf-8"))
    steps = []
    for step in scenario["steps"]:
        ((label, value),) = step["fill"].items()
        steps.append(
            {"label": label, "value": value, "link": step["click"], "heading": step["expect"]}
        )
    return {"base_url": base_url, "start": scenario["start"], "steps": steps}


# --- running each side as its own process ----------------------------------------------------


def timed(command: list[str]) -> tuple[float, float, float, float, str]:
    """Run to the end: (wall s, CPU s of it and its children, began, ended, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.time()
    clock = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    wall = time.perf_counter() - clock
    ended = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return wall, cpu, began, ended, done.stdout


def shoshin_command(base_url: str, out: Path, python_args: tuple[str, ...] = ()) -> list[str]:
    if python_args:
        head = [sys.executable, *python_args, "-m", "harness.cli"]
    else:
        head = [str(Path(sys.executable).with_name("shoshin"))]
    return [*head, "run", str(FLOW), "--base-url", base_url, "--out", str(out), "--fail-on", "none"]


def run_shoshin(base_url: str, out: Path) -> Round:
    wall, cpu, began, ended, _ = timed(shoshin_command(base_url, out))
    run_dir = next(p.parent for p in out.glob("*/run.json") if p.parent.name != "latest")
    record = json.loads((run_dir / "run.json").read_text("utf-8"))
    (result,) = record["results"]
    if result["outcome"] != "completed":
        raise SystemExit(f"shoshin did not complete the flow: {run_dir / 'run.json'}")
    # run.json is last written when the run finishes, just after the walk's context closed;
    # the reports come after it.
    walk_ended = (run_dir / "run.json").stat().st_mtime
    walk_s = result["wall_ms"] / 1000
    reports = [
        p.stat().st_mtime
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".md") and p.stat().st_mtime >= walk_ended
    ]
    return Round(
        wall_s=wall,
        cpu_s=cpu,
        steps_ms=[float(s["duration_ms"]) for s in result["steps"]],
        startup_s=walk_ended - walk_s - began,
        walk_s=walk_s,
        open_s=result["steps"][0]["started_ms"] / 1000,
        after_s=ended - walk_ended,
        reports_s=(max(reports) - walk_ended) if reports else 0.0,
        browser_version=record["browser"]["version"],
    )


def plain_command(choice: BrowserChoice, flow_file: Path, out: Path) -> list[str]:
    """The plain script with shoshin's Chromium and launch flags."""
    command = [sys.executable, str(PLAIN), str(flow_file), str(out)]
    if choice.executable:
        command += ["--executable", choice.executable]
    return command + [f"--arg={flag}" for flag in launch_args()]


def run_plain(command: list[str]) -> Round:
    wall, cpu, began, ended, stdout = timed(command)
    figures = json.loads(stdout.strip().splitlines()[-1])
    return Round(
        wall_s=wall,
        cpu_s=cpu,
        steps_ms=figures["steps_ms"],
        startup_s=figures["walk_began"] - began,
        walk_s=figures["walk_ended"] - figures["walk_began"],
        open_s=figures["opened"] - figures["walk_began"],
        after_s=ended - figures["walk_ended"],
        browser_version=figures["browser_version"],
    )


# --- import cost, from `python -X importtime` -----------------------------------------------


def import_costs(stderr: str) -> tuple[float, list[tuple[str, float]]]:
    """Total import time (s) and the heaviest top-level imports, from -X importtime output."""
    top: list[tuple[str, float]] = []
    for line in stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        name = parts[2]
        if name.startswith(" ") and not name.startswith("  ") and parts[1].strip().isdigit():
            top.append((name.strip(), int(parts[1]) / 1e6))
    total = sum(seconds for _, seconds in top)
    return total, sorted(top, key=lambda t: -t[1])[:6]


def measure_imports(base_url: str, plain: list[str], tmp: Path) -> dict[str, Any]:
    """One extra, uncounted run of each side with `-X importtime`."""
    shoshin = subprocess.run(
        shoshin_command(base_url, tmp / "importtime", ("-X", "importtime")),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    plain_run = subprocess.run(
        [plain[0], "-X", "importtime", *plain[1:]],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    return {"shoshin": import_costs(shoshin.stderr), "plain": import_costs(plain_run.stderr)}


def profile_shoshin(base_url: str, tmp: Path, top: int = 18) -> list[str]:
    """One extra shoshin run under cProfile: its own functions with the most time in them."""
    out = tmp / "profile.out"
    command = shoshin_command(base_url, tmp / "profiled", ("-m", "cProfile", "-o", str(out)))
    subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
    stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    ours = [
        (cumulative, calls, f"{path.split(marker, 1)[1]}:{line} {name}")
        for (path, line, name), (_, calls, _, cumulative, _) in stats.items()
        if (marker := f"{os.sep}harness{os.sep}") in path and name != "<module>"
    ]
    # The call chain from main() down to each step holds nearly everything: leave it out.
    chain = max(cumulative for cumulative, _, _ in ours) * 0.3
    return [
        f"  {cumulative * 1000:>8.0f} ms {calls:>5} calls  {where}"
        for cumulative, calls, where in sorted(ours, reverse=True)
        if cumulative < chain
    ][:top]


# --- printing ----------------------------------------------------------------------------------


def outside_steps(r: Round) -> float:
    """Walk time no step's clock counts, after the context is open."""
    return r.walk_s - r.open_s - sum(r.steps_ms) / 1000


def verdict(ok: bool) -> str:
    return "within goal" if ok else "over goal"


def report(
    shoshin: Side, plain: Side, imports: dict[str, Any], browser: str, load: list[float]
) -> None:
    steps = len(shoshin.rounds[0].steps_ms)
    rounds = len(shoshin.rounds)
    print(f"Seven-step flow on loopback pages, {rounds} interleaved rounds per side")
    # A busy machine bends wall times most; CPU time and pair-by-pair ratios least.
    print(
        f"Load average (1 min) at start {load[0]:.1f}, at end {load[-1]:.1f}, "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"Chromium {shoshin.rounds[0].browser_version} for both: {browser}\n")

    print(f"{'step time (median over rounds, ms)':<40}{'shoshin':>10}{'plain':>10}{'diff':>10}")
    for index in range(steps):
        a, b = shoshin.step_median(index), plain.step_median(index)
        print(f"{'  step ' + str(index + 1):<40}{a:>10.0f}{b:>10.0f}{a - b:>+10.0f}")
    sum_a = shoshin.median(lambda r: sum(r.steps_ms))
    sum_b = plain.median(lambda r: sum(r.steps_ms))
    per_step = (sum_a - sum_b) / steps
    print(f"{'  sum':<40}{sum_a:>10.0f}{sum_b:>10.0f}{sum_a - sum_b:>+10.0f}")
    paired = sorted(
        (sum(a.steps_ms) - sum(b.steps_ms)) / steps
        for a, b in zip(shoshin.rounds, plain.rounds, strict=True)
    )
    print(
        f"  per step: {per_step:+.0f} ms (goal ≤ {GOAL_MS_PER_STEP} ms): "
        f"{verdict(per_step <= GOAL_MS_PER_STEP)}; round by round min {paired[0]:+.0f}, "
        f"median {statistics.median(paired):+.0f}, max {paired[-1]:+.0f} ms\n"
    )

    wall_a, wall_b = shoshin.median(lambda r: r.wall_s), plain.median(lambda r: r.wall_s)
    pairs = sorted(a.wall_s / b.wall_s for a, b in zip(shoshin.rounds, plain.rounds, strict=True))
    ratio = wall_a / wall_b
    print(f"{'whole process (median, s)':<40}{'shoshin':>10}{'plain':>10}{'ratio':>10}")
    print(f"{'  wall time':<40}{wall_a:>10.2f}{wall_b:>10.2f}{ratio:>9.2f}x")
    cpu_a, cpu_b = shoshin.median(lambda r: r.cpu_s), plain.median(lambda r: r.cpu_s)
    print(f"{'  CPU time, incl. Chromium':<40}{cpu_a:>10.2f}{cpu_b:>10.2f}{cpu_a / cpu_b:>9.2f}x")
    print(
        f"  wall ratio pair by pair: min {pairs[0]:.2f}x, median {statistics.median(pairs):.2f}x, "
        f"max {pairs[-1]:.2f}x (goal ≤ {GOAL_RATIO}x): {verdict(ratio <= GOAL_RATIO)}\n"
    )

    print(f"{'where the wall time goes (median, s)':<40}{'shoshin':>10}{'plain':>10}{'diff':>10}")
    rows: list[tuple[str, Callable[[Round], float]]] = [
        ("start-up: Python, imports, Chromium", lambda r: r.startup_s),
        ("walk: fresh context to closed", lambda r: r.walk_s),
        ("  opening a fresh context and page", lambda r: r.open_s),
        ("  step time (the steps' own clocks)", lambda r: sum(r.steps_ms) / 1000),
        ("  the rest: screenshots, harness, close", outside_steps),
        ("after the walk: reports, close, exit", lambda r: r.after_s),
        ("  of which writing reports", lambda r: r.reports_s),
    ]
    for label, pick in rows:
        a, b = shoshin.median(pick), plain.median(pick)
        print(f"{'  ' + label:<40}{a:>10.2f}{b:>10.2f}{a - b:>+10.2f}")

    print("\nimports over the whole process, lazy ones too (one extra run each, -X importtime)")
    for side in ("shoshin", "plain"):
        total, heaviest = imports[side]
        listed = ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in heaviest)
        print(f"  {side}: {total * 1000:.0f} ms in all; heaviest top-level (ms): {listed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="counted runs of each side")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs of each, first")
    parser.add_argument(
        "--profile", action="store_true", help="one extra shoshin run under cProfile, summed up"
    )
    options = parser.parse_args()
    if not shutil.which("shoshin", path=str(Path(sys.executable).parent)):
        raise SystemExit("Run with the project's Python: .venv/bin/python (make setup first).")
    choice = find_browser()
    load = [os.getloadavg()[0]]
    shoshin, plain = Side("shoshin"), Side("plain")
    with tempfile.TemporaryDirectory() as folder, serve_folder(PAGES) as base_url:
        tmp = Path(folder)
        flow_file = tmp / "flow.json"
        flow_file.write_text(json.dumps(plain_flow(base_url)))
        command = plain_command(choice, flow_file, tmp / "plain")
        for number in range(options.warmup + options.rounds):
            counted = number >= options.warmup
            a = run_shoshin(base_url, tmp / f"shoshin-{number}")
            b = run_plain(command)
            if a.browser_version != b.browser_version:
                raise SystemExit(f"Two browsers: {a.browser_version} and {b.browser_version}.")
            if counted:
                shoshin.rounds.append(a)
                plain.rounds.append(b)
            name = f"round {number - options.warmup + 1}" if counted else f"warm-up {number + 1}"
            print(
                f"{name}: shoshin {a.wall_s:.2f} s, plain {b.wall_s:.2f} s",
                file=sys.stderr,
            )
        imports = measure_imports(base_url, command, tmp)
        profile = profile_shoshin(base_url, tmp) if options.profile else []
        load.append(os.getloadavg()[0])
    report(shoshin, plain, imports, choice.describe(), load)
    if profile:
        print(
            "\nshoshin's own functions by time inside them (one extra run under cProfile, which"
            "\nslows pure Python; time waiting on the browser is not attributed reliably,"
            "\nPlaywright's sync API switches greenlets)"
        )
        print("\n".join(profile))


if __name__ == "__main__":
    main()
