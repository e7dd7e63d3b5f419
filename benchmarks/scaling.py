"""How much faster an audit of eight scenarios runs with two workers, and on a browser endpoint.

Run on demand: `make bench` (or `.venv/bin/python benchmarks/scaling.py [--rounds 3]`).
Serves the demo product (Pebble, `harness.demo.DemoServer`, its slow step included) and
walks eight distinct scenarios: the four in `scenarios/` and a copy of each under a new name
and file, as an audit of eight journeys is (not `--repeat 2`, which walks one journey twice).
Each round runs `shoshin run --workers 1` and `--workers 2` as whole processes, in turn
(the order swapped every round, so a machine growing busier bends neither side more), and
the ratio of their wall times is taken round by round; the median is the figure (goal
≥ 1.8x on a 2-core machine). Then the same against `--browser-endpoint`: a local Chromium
started with `--remote-debugging-port=0`, reached over the Chrome DevTools Protocol.

`--workers` and `--browser-endpoint` are read from `shoshin run --help`: where one is not
there, that part says so and is skipped. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from shared import ROOT, SHOSHIN, Figure, Finished, median, run_process, table

RATIO_GOAL = 1.8
SCENARIOS = ROOT / "scenarios"


def shoshin_command(given: str | None) -> list[str]:
    return shlex.split(given) if given else [str(SHOSHIN)]


def flags_of(shoshin: Sequence[str]) -> set[str]:
    """The long options `shoshin run` offers, from its own help."""
    done = subprocess.run(
        [*shoshin, "run", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"},
    )
    return set(re.findall(r"--[a-z][a-z-]+", done.stdout))


def eight_scenarios(folder: Path) -> Path:
    """The four demo scenarios and a copy of each under its own name: eight files."""
    folder.mkdir(parents=True, exist_ok=True)
    originals = sorted(SCENARIOS.glob("*.yaml"))
    for number, source in enumerate(originals, start=1):
        text = source.read_text("utf-8")
        shutil.copy(source, folder / source.name)
        renamed, count = re.subn(
            r"^name:\s*(.+)$", r"name: \1 (second journey)", text, count=1, flags=re.M
        )
        if not count:
            raise SystemExit(f"{source}: no `name:` line to rename")
        stem = source.stem.split("-", 1)[-1]
        (folder / f"{number + len(originals):02d}-{stem}-again.yaml").write_text(renamed, "utf-8")
    return folder


@contextmanager
def devtools_chromium(tmp: Path) -> Iterator[str]:
    """A headless Chromium listening for the DevTools protocol on a free port; its http URL."""
    from harness.browser.launch import find_browser, launch_args

    choice = find_browser()
    executable = choice.executable or "chromium"
    command = [
        executable,
        "--headless=new",
        "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1",
        f"--user-data-dir={tmp / 'devtools-profile'}",
        *launch_args(),
        "about:blank",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        assert process.stderr is not None
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                raise SystemExit(f"{executable} exited {process.returncode} before listening")
            found = re.search(r"DevTools listening on ws://([^/\s]+)/", line)
            if found:
                # What it logs from here on is read and dropped: a full pipe would stall it.
                threading.Thread(target=process.stderr.read, daemon=True).start()
                yield f"http://{found.group(1)}"
                return
        raise SystemExit(f"{executable} did not say where it listens within 60 s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def one_run(
    shoshin: Sequence[str], folder: Path, base_url: str, out: Path, extra: list[str]
) -> Finished:
    command = [*shoshin, "run", str(folder), "--base-url", base_url, "--out", str(out)]
    done = run_process([*command, "--fail-on", "none", *extra], timeout=900)
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command + extra)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done


def compare(
    label: str,
    shoshin: Sequence[str],
    folder: Path,
    base_url: str,
    tmp: Path,
    rounds: int,
    extra: list[str],
) -> Figure:
    """`--workers 1` against `--workers 2`, interleaved; the ratio of wall times, round by round."""
    one: list[float] = []
    two: list[float] = []
    for number in range(rounds + 1):  # the first round warms up, and is not counted
        order = (1, 2) if number % 2 else (2, 1)
        walls: dict[int, float] = {}
        for workers in order:
            out = tmp / f"{label}-{number}-w{workers}"
            walls[workers] = one_run(
                shoshin, folder, base_url, out, ["--workers", str(workers), *extra]
            ).wall_s
        counted = "warm-up" if number == 0 else f"round {number}"
        print(
            f"{label} {counted}: 1 worker {walls[1]:.1f} s, 2 workers {walls[2]:.1f} s",
            file=sys.stderr,
        )
        if number:
            one.append(walls[1])
            two.append(walls[2])
    ratios = sorted(a / b for a, b in zip(one, two, strict=True))
    ratio = median(ratios)
    return Figure(
        "scaling (8 demo scenarios)",
        f"{label}: wall time, 1 worker / 2 workers",
        f"{ratio:.2f}x ({median(one):.1f} s / {median(two):.1f} s; rounds "
        f"{ratios[0]:.2f}–{ratios[-1]:.2f}x)",
        f"≥ {RATIO_GOAL}x",
        ratio >= RATIO_GOAL,
    )


def measure(rounds: int, shoshin_given: str | None = None) -> list[Figure]:
    from harness.demo import DemoServer

    shoshin = shoshin_command(shoshin_given)
    flags = flags_of(shoshin)
    figures: list[Figure] = []
    missing = [f for f in ("--workers", "--browser-endpoint") if f not in flags]
    for flag in missing:
        print(f"scaling: `shoshin run` has no {flag} yet; that part is skipped.")
    if "--workers" in missing:
        figures.append(
            Figure(
                "scaling (8 demo scenarios)",
                "wall time, 1 worker / 2 workers",
                "not measured: `shoshin run` has no --workers yet",
                f"≥ {RATIO_GOAL}x",
            )
        )
        return figures
    with tempfile.TemporaryDirectory() as folder, DemoServer() as demo:
        tmp = Path(folder)
        scenarios = eight_scenarios(tmp / "scenarios")
        figures.append(compare("own Chromium", shoshin, scenarios, demo.base_url, tmp, rounds, []))
        if "--browser-endpoint" in missing:
            figures.append(
                Figure(
                    "scaling (8 demo scenarios)",
                    "--browser-endpoint (CDP): 1 worker / 2 workers",
                    "not measured: `shoshin run` has no --browser-endpoint yet",
                    f"≥ {RATIO_GOAL}x",
                )
            )
        else:
            with devtools_chromium(tmp) as endpoint:
                extra = ["--browser-endpoint", endpoint]
                figures.append(
                    compare(
                        "--browser-endpoint (CDP)",
                        shoshin,
                        scenarios,
                        demo.base_url,
                        tmp,
                        rounds,
                        extra,
                    )
                )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds (median)")
    parser.add_argument(
        "--shoshin", default=None, help="the command to run shoshin (default: the venv's)"
    )
    options = parser.parse_args()
    print(table(measure(options.rounds, options.shoshin)))


if __name__ == "__main__":
    main()
