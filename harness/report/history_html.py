"""`reports/index.html`: every run, newest first, and small trend charts per scenario."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from harness.analysis.history import Completion, History, load_history
from harness.files import locked, write_text_atomic
from harness.report.html import template_env

INDEX_FILE = "index.html"
LOCK_FILE = ".index.lock"
WIDTH, HEIGHT, PAD = 220, 48, 4


def sparkline(values: Sequence[float | None]) -> dict[str, object]:
    """Points of a small line chart (SVG coordinates); gaps where a value is missing."""
    known = [v for v in values if v is not None]
    if not known:
        return {"segments": [], "dots": [], "last": None, "min": None, "max": None}
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for i, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x = PAD + i * step if len(values) > 1 else WIDTH / 2
        y = HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD)
        segments[-1].append((round(x, 1), round(y, 1)))
        dots.append((round(x, 1), round(y, 1)))
    return {
        "segments": [" ".join(f"{x},{y}" for x, y in seg) for seg in segments if len(seg) > 1],
        "dots": dots,
        "last": known[-1],
        "min": low,
        "max": high,
    }


def render_history(history: History) -> str:
    env = template_env()
    return env.get_template("history.html.j2").render(
        history=history, sparkline=sparkline, width=WIDTH, height=HEIGHT
    )


def write_history(
    reports: Path, history: History | None = None, *, completion: Completion | None = None
) -> Path:
    """Rebuild `reports/index.html` from the run directories that are there now.

    Runs that end together in one folder rebuild it one after the other, each reading the
    runs after the one before wrote: the last to write has seen every run's end. The file
    is replaced atomically, so a reader never sees half of one.
    """
    path = reports / INDEX_FILE
    with locked(reports / LOCK_FILE):
        if history is None:
            history = load_history(reports, completion)
        write_text_atomic(path, render_history(history))
    return path
