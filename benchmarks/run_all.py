"""Every benchmark, then one table of their figures against the goals: `make bench`.

`.venv/bin/python benchmarks/run_all.py [--only NAME ...] [--write-results]`. NAME is one of
`overhead` (harness_overhead.py), `long-run` (long_run.py) and `scaling` (scaling.py). With
`--write-results` the figures go into `benchmarks/results.json` (the benchmarks not run keep
the figures they had) and `benchmarks/RESULTS.md` is made anew from it, each benchmark with
the machine it ran on. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from shared import Figure, machine, table

HERE = Path(__file__).resolve().parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"


def overhead() -> list[Figure]:
    import harness_overhead

    return harness_overhead.measure()


def long_run() -> list[Figure]:
    import long_run

    return long_run.measure(steps=200, small=20)


def scaling() -> list[Figure]:
    import scaling

    return scaling.measure(rounds=3)


BENCHMARKS: dict[str, Callable[[], list[Figure]]] = {
    "overhead": overhead,
    "long-run": long_run,
    "scaling": scaling,
}
HOW = {
    "overhead": "benchmarks/harness_overhead.py",
    "long-run": "benchmarks/long_run.py",
    "scaling": "benchmarks/scaling.py",
}


def load_results() -> dict[str, Any]:
    try:
        data = json.loads(RESULTS_JSON.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def results_markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run_all.py --write-results` (`make bench BENCH=--write-results`),",
        "not by hand: the last figures of each benchmark, with the machine it ran on. Rerun one",
        "with `make bench BENCH='--only NAME --write-results'` (NAME: overhead, long-run,",
        "scaling). The machine is shared: the load average as each benchmark began is given.",
        "",
    ]
    figures = [
        Figure(**figure)
        for name in BENCHMARKS
        for figure in results.get(name, {}).get("figures", [])
    ]
    lines += [table(figures), ""]
    for name in BENCHMARKS:
        entry = results.get(name)
        if not entry:
            continue
        lines += [f"## {name}", "", f"Reproduce: `.venv/bin/python {HOW[name]}`.", ""]
        lines += [f"- {key}: {value}" for key, value in entry["machine"].items()]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), default=None)
    parser.add_argument(
        "--write-results", action="store_true", help="keep the figures in benchmarks/RESULTS.md"
    )
    options = parser.parse_args()
    chosen = options.only or list(BENCHMARKS)
    measured: dict[str, tuple[dict[str, str], list[Figure]]] = {}
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        before = machine()  # the load average as the benchmark starts
        measured[name] = before, BENCHMARKS[name]()
    print("\n" + table([f for name in chosen for f in measured[name][1]]))
    if options.write_results:
        results = load_results()
        for name, (here, figures) in measured.items():
            results[name] = {"machine": here, "figures": [asdict(f) for f in figures]}
        RESULTS_JSON.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
        RESULTS_MD.write_text(results_markdown(results), "utf-8")
        print(f"\nWritten: {RESULTS_MD.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
