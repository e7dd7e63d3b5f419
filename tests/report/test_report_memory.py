"""Writing the reports of a long run takes no more memory per step than its pictures are big,
and makes no picture that grows with the steps.

The reports of a 20-step and a 200-step run are written, each in a process of its own, and
each process's peak memory (the kernel's high-water mark, pillow's pixels included, which
tracemalloc does not see) is compared with what it held before it began. The difference
between the two runs, per extra step, must stay below one thumbnail's pixels: a writer that
kept every step's thumbnail (or screenshot) until the end would spend at least that.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from harness.report import drawing
from harness.report.images import THUMB_WIDTH, make_images

VIEWPORT = (640, 400)
MEASURE = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    from harness.report.build import write_run_reports

    run_dir = Path(sys.argv[1])
    record = json.loads((run_dir / "run.json").read_text("utf-8"))
    def rss_kb():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import harness.report.html, harness.report.images  # noqa: imports before the baseline
    before = rss_kb()
    write_run_reports(run_dir, record)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kb": before, "peak_kb": peak}))
    """
)


def a_run(run_dir: Path, steps: int) -> Path:
    """A finished run of `steps` clicks, each with its screenshot and action screenshot."""
    shots = run_dir / "screenshots" / "01-long"
    shots.mkdir(parents=True)
    records: list[dict[str, Any]] = []
    for index in range(1, steps + 1):
        shade = (index * 37 % 200, 120, 220 - index % 100)
        Image.new("RGB", VIEWPORT, shade).save(shots / f"step-{index:02d}.png")
        Image.new("RGB", VIEWPORT, shade).save(shots / f"step-{index:02d}-before.jpg")
        records.append(
            {
                "index": index,
                "intent": f"Go on to page {index}",
                "outcome": "passed",
                "duration_ms": 120,
                "patience_s": 10,
                "started_ms": index * 300,
                "screenshot": f"screenshots/01-long/step-{index:02d}.png",
                "action_screenshot": f"screenshots/01-long/step-{index:02d}-before.jpg",
                "action_box": {"x": 40, "y": 60, "width": 120, "height": 30},
                "actions": [{"kind": "click", "target": f"Go to page {index}", "value": None}],
                "expect": [f"Page {index}"],
                "screen_text": f"Page {index}. " + "Plain words on a page. " * 40,
            }
        )
    record = {
        "schema_version": 1,
        "run_id": run_dir.name,
        "started_at": "2026-12-01T00:00:00+00:00",
        "finished_at": "2026-12-01T00:10:00+00:00",
        "status": "finished",
        "harness_version": "0",
        "base_url": "http://127.0.0.1:1/",
        "browser": {"name": "chromium", "version": "1"},
        "viewport": {"width": VIEWPORT[0], "height": VIEWPORT[1]},
        "results": [
            {"scenario": "Long walk", "file": "long.yaml", "outcome": "completed", "steps": records}
        ],
    }
    (run_dir / "run.json").write_text(json.dumps(record), "utf-8")
    return run_dir


def growth_kb(run_dir: Path) -> int:
    """How far the process's memory rose above where it stood, while writing the reports."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(run_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return int(figures["peak_kb"]) - int(figures["before_kb"])


def test_reports_of_200_steps_hold_no_more_per_step_than_a_thumbnail(tmp_path: Path) -> None:
    small = growth_kb(a_run(tmp_path / "reports" / "run-20", 20))
    large = growth_kb(a_run(tmp_path / "reports" / "run-200", 200))

    thumb_kb = THUMB_WIDTH * round(THUMB_WIDTH * VIEWPORT[1] / VIEWPORT[0]) * 3 / 1024
    per_step_kb = (large - small) / 180
    # The filmstrip itself grows with the steps (a 200-pixel tile each, about a third of a
    # thumbnail); a writer that also held each step's thumbnail would pass a whole one.
    assert per_step_kb < thumb_kb, (
        f"writing the reports took {small} KiB for 20 steps and {large} KiB for 200: "
        f"{per_step_kb:.0f} KiB per step, a thumbnail is {thumb_kb:.0f} KiB"
    )


def test_the_filmstrip_of_200_steps_is_made_from_pictures_no_larger_than_of_20(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contact sheet is written a row of tiles at a time: the largest picture made in
    memory for it is a row, however many rows the sheet has."""
    made: list[int] = []
    real_new = Image.new

    def noting(mode: str, size: tuple[int, int], *args: Any, **kwargs: Any) -> Image.Image:
        made.append(size[0] * size[1])
        return real_new(mode, size, *args, **kwargs)

    largest: dict[int, int] = {}
    for steps in (20, 200):
        run_dir = a_run(tmp_path / "reports" / f"run-{steps}", steps)
        record = json.loads((run_dir / "run.json").read_text("utf-8"))
        made.clear()
        with monkeypatch.context() as patched:
            patched.setattr(Image, "new", noting)
            images = make_images(run_dir, record)
        assert images.filmstrips, "the run has its filmstrip"
        largest[steps] = max(made)
        with Image.open(run_dir / images.filmstrips[1]) as sheet:  # the whole sheet, on disk
            sheet.load()
            assert sheet.size == drawing.sheet_size(steps, VIEWPORT[1] / VIEWPORT[0])
    assert largest[200] == largest[20], largest
