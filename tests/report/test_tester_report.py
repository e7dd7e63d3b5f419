"""The testers' own walks in the report: paths, lostness, per-step activity, click maps."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from harness.record.read import as_record
from harness.report.build import write_run_reports
from harness.report.click_marks import COLOURS, add_click_maps
from harness.report.images import make_images
from harness.report.observed import observed_scenario
from harness.report.step_views import Links
from harness.session.log import load_sessions
from harness.session.model import Session
from tests.conftest import ROOT

WALKS = ROOT / "tests/fixtures/sessions/recorded-walks"
NAME = "Start a first project"
B = "http://127.0.0.1:8000"
GREY = (200, 200, 200)


def made_run(tmp_path: Path, names: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """A scripted run of three steps (run.json and 1280 × 800 screenshots) and a sessions
    folder holding the fixture sessions `names` (default: p1, p2 and a notes-only one)."""
    names = names or ("recorded-p1.jsonl", "recorded-p2.jsonl", "recorded-notes-only.jsonl")
    reports = tmp_path / "reports"
    run_dir = reports / "20261130-090000-aaaa"
    shots = run_dir / "screenshots" / "01-first-project"
    shots.mkdir(parents=True)
    for name in ("step-01.png", "step-02.png", "step-03.png"):
        Image.new("RGB", (1280, 800), GREY).save(shots / name)
    Image.new("RGB", (1280, 800), GREY).save(shots / "step-01-before.jpg", quality=95)
    rel = "screenshots/01-first-project"
    steps: list[dict[str, Any]] = [
        {"index": 1, "intent": "Find out how to start", "outcome": "passed", "duration_ms": 900,
         "url": f"{B}/signup", "screenshot": f"{rel}/step-01.png",
         "action_screenshot": f"{rel}/step-01-before.jpg"},
        {"index": 2, "intent": "Create an account", "outcome": "passed", "duration_ms": 1500,
         "url": f"{B}/welcome?token=abc", "screenshot": f"{rel}/step-02.png"},
        {"index": 3, "intent": "Create my first project", "outcome": "dead_end",
         "duration_ms": 4000, "url": f"{B}/projects/new", "screenshot": f"{rel}/step-03.png",
         "dead_end": {"kind": "missing-target", "looked_for": "Create <b>project</b>",
                      "message": "m", "seen": [], "errors_on_screen": []}},
    ]  # fmt: skip
    record = {
        "run_id": run_dir.name,
        "started_at": "2026-11-30T09:00:00+00:00",
        "status": "finished",
        "base_url": B,
        "viewport": {"width": 1280, "height": 800},
        "browser": {"name": "chromium", "version": "1"},
        "results": [{"scenario": NAME, "file": "scenarios/first-project.yaml",
                     "outcome": "dead_end", "duration_ms": 6400, "steps": steps}],
    }  # fmt: skip
    (run_dir / "run.json").write_text(json.dumps(record))
    sessions = reports / "sessions"
    sessions.mkdir()
    for name in names:
        shutil.copy(WALKS / name, sessions / name)
    return run_dir, sessions


def sessions_of(folder: Path) -> list[Session]:
    found, warnings = load_sessions(folder)
    assert warnings == []
    return found


def observed_of(run_dir: Path, sessions: list[Session]):  # type: ignore[no-untyped-def]
    record = as_record(json.loads((run_dir / "run.json").read_text()))
    images = add_click_maps(run_dir, record, make_images(run_dir, record), sessions)
    view = observed_scenario(
        sessions, record.results[0].steps, number=1, name=NAME, links=Links(images, None)
    )
    assert view is not None and view.recorded is not None
    return view, images


def test_each_testers_path_beside_the_scripts_with_detours_and_back_presses(
    tmp_path: Path,
) -> None:
    run_dir, folder = made_run(tmp_path)
    view, _ = observed_of(run_dir, sessions_of(folder))
    rec = view.recorded
    # The script: the start page (where the testers' browsers opened), then each step's page;
    # the token in step 2's query is no part of the page.
    assert rec.script == ("/", "/signup", "/welcome", "/projects/new")
    p1, p2 = rec.paths  # the notes-only session has no path
    assert p1.tester == "p1" and p1.anchor == "s1-tester-p1"
    assert [(p.label, p.via, p.detour, p.revisit) for p in p1.pages] == [
        ("/", "start", False, False),
        ("/pricing", "link", True, False),
        ("/", "back", False, True),
        ("/signup", "link", False, False),
        ("/welcome", "other", False, False),
        ("/projects/new", "link", False, False),
        ("/projects/1", "other", True, False),
    ]
    assert (p1.back, p1.detours) == (1, 2)
    # p1: S = 7 visits, N = 6 pages, R = the script's 4:
    # sqrt((6/7 − 1)² + (4/6 − 1)²) = sqrt(1/49 + 1/9) = 0.3629
    assert p1.lostness.value == pytest.approx(((1 / 7) ** 2 + (1 / 3) ** 2) ** 0.5)
    assert (p1.shown, p1.lostness.lost) == ("0.36", False)
    # p2: /, /signup, /login, /signup (Back), /login#top: S = 5, N = 3, R = 4 → capped at 3.
    assert [p.label for p in p2.pages] == ["/", "/signup", "/login", "/signup", "/login"]
    assert p2.shown == "0.40" and p2.lostness.value == pytest.approx(0.4)
    # Step 2 for p2: began on /signup, then /login, /signup, /login; the script needed
    # /signup and /welcome (R = 2): sqrt((2/4 − 1)² + 0) = 0.5: lost on this step.
    assert p2.steps[2].shown == "0.50" and p2.steps[2].lostness.lost
    assert rec.median_lostness == "0.38" and not rec.lost


def test_per_step_activity_beside_the_notes(tmp_path: Path) -> None:
    run_dir, folder = made_run(tmp_path)
    view, _ = observed_of(run_dir, sessions_of(folder))
    rows = {r.tester: r for r in view.steps[1].recorded.rows}
    assert (rows["p1"].misclicks, rows["p1"].back, rows["p1"].time) == (1, 1, "00:11")
    assert rows["p1"].lostness == "0.42" and rows["p1"].lost  # the detour and back: 5/12
    two = {r.tester: r for r in view.steps[2].recorded.rows}
    assert (two["p1"].rage, two["p1"].hesitations, two["p1"].hesitated) == (1, 1, "14 s")
    assert (two["p2"].misclicks, two["p2"].back) == (1, 1)
    three = {r.tester: r for r in view.steps[3].recorded.rows}
    assert three["p1"].dead_clicks == 1 and three["p1"].time == "00:16"
    notes = [(n.tester, n.text) for g in view.steps[2].groups for n in g.notes]
    assert notes == [("p2", "keeps landing on the login page")]  # the notes, as before
    assert view.steps[2].quotes[0].tester == "p1"


def pixel(path: Path, xy: tuple[int, int]) -> tuple[int, int, int]:
    with Image.open(path) as image:
        found = image.convert("RGB").getpixel(xy)
    assert isinstance(found, tuple)
    return found[0], found[1], found[2]


def test_click_marks_are_drawn_where_people_clicked_in_distinct_colours(tmp_path: Path) -> None:
    run_dir, folder = made_run(tmp_path)
    view, images = observed_of(run_dir, sessions_of(folder))
    maps = images.clicks
    assert set(maps) == {(1, 1), (1, 2), (1, 3)}
    # Step 1: on the screen as the script acted on it; the tester's 640 px are 1280 here (× 2).
    one = run_dir / maps[(1, 1)].path
    assert maps[(1, 1)].path == "screenshots/01-first-project/step-01-before.clicks.png"
    assert pixel(one, (640, 400)) == COLOURS["misclick"]  # p1 clicked plain text at 320, 200
    assert pixel(one, (200, 300)) == COLOURS["click"]  # "Get started" at 100, 150
    assert pixel(one, (100, 40)) == COLOURS["click"]  # "Pricing" at 50, 20
    assert pixel(one, (640, 380)) == GREY  # nowhere near a click
    assert dict(maps[(1, 1)].counts) == {"click": 3, "misclick": 1}
    # Step 2 starts on the screen after step 1 (/signup): p1's three rage clicks; p2's
    # misclick was on /login, another page.
    two = maps[(1, 2)]
    assert two.path == "screenshots/01-first-project/step-01.clicks.png"
    assert pixel(run_dir / two.path, (808, 604)) == COLOURS["rage"]
    assert pixel(run_dir / two.path, (800, 600)) == COLOURS["rage"]
    assert (dict(two.counts), two.elsewhere, two.testers) == ({"rage": 3}, 1, 2)
    three = maps[(1, 3)]
    assert pixel(run_dir / three.path, (1000, 700)) == COLOURS["dead"]
    assert (three.drawn, three.elsewhere) == (1, 1)
    assert len({COLOURS[k] for k in ("click", "misclick", "rage", "dead")}) == 4
    # The originals are never drawn on.
    assert pixel(run_dir / "screenshots/01-first-project/step-01.png", (808, 604)) == GREY
    legend = view.steps[2].recorded.clicks
    assert legend is not None and legend.href == "screenshots/01-first-project/step-01.clicks.png"
    assert [(item.kind, item.count) for item in legend.legend] == [
        ("click", 0),
        ("misclick", 0),
        ("rage", 3),
        ("dead", 0),
    ]


def test_the_report_shows_paths_activity_click_maps_and_escapes_what_people_wrote(
    tmp_path: Path,
) -> None:
    run_dir, folder = made_run(tmp_path)
    index, single, _, warnings = write_run_reports(
        run_dir, json.loads((run_dir / "run.json").read_text()), self_contained=True,
        sessions_dir=folder,
    )  # fmt: skip
    assert warnings == []
    page = index.read_text()
    assert 'id="s1-tester-p1"' in page and "Their paths beside the script" in page
    assert 'class="path-page is-detour' in page and "↩ Back" in page
    assert "What their browsers recorded on this step" in page
    assert 'src="screenshots/01-first-project/step-01.clicks.png"' in page
    assert "rage click: 3 or more in a second" in page
    assert "Empathy map" in page
    # Hostile words from the tester, the product's page title and its error message.
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Password is required" in page
    assert "Pricing &lt;img src=x onerror=alert(1)&gt;" in page
    # The single-file report carries the click maps too, as data.
    assert single is not None
    standalone = single.read_text()
    assert "step-01.clicks.png" not in standalone and standalone.count("data:image") >= 3


def test_sessions_without_recordings_show_as_before(tmp_path: Path) -> None:
    run_dir, folder = made_run(tmp_path, ("recorded-notes-only.jsonl",))
    record = as_record(json.loads((run_dir / "run.json").read_text()))
    sessions = sessions_of(folder)
    view = observed_scenario(sessions, record.results[0].steps, number=1, name=NAME)
    assert view is not None and view.recorded is None
    assert all(st.recorded is None for st in view.steps.values())
    images = add_click_maps(run_dir, record, make_images(run_dir, record), sessions)
    assert images.clicks == {}
    index, *_ = write_run_reports(run_dir, record, sessions_dir=folder)
    page = index.read_text()
    assert "Their paths beside the script" not in page and "Nice colours" in page


def test_two_steps_that_start_from_one_picture_get_a_click_map_each(tmp_path: Path) -> None:
    run_dir, folder = made_run(tmp_path)
    raw = json.loads((run_dir / "run.json").read_text())
    # A step the script skipped keeps the screenshot of the step before it: steps 2 and 3
    # then start from one picture.
    steps = raw["results"][0]["steps"]
    steps[1]["screenshot"] = steps[0]["screenshot"]
    (run_dir / "run.json").write_text(json.dumps(raw))
    _, images = observed_of(run_dir, sessions_of(folder))
    two, three = images.clicks[(1, 2)], images.clicks[(1, 3)]
    assert two.path == "screenshots/01-first-project/step-01.clicks.png"
    assert three.path == "screenshots/01-first-project/step-01.clicks-3.png"
    assert pixel(run_dir / two.path, (808, 604)) == COLOURS["rage"]
    assert pixel(run_dir / two.path, (1000, 700)) == GREY
    assert pixel(run_dir / three.path, (808, 604)) == GREY
    assert pixel(run_dir / three.path, (1000, 700)) == COLOURS["dead"]


def test_a_tester_on_another_address_of_the_product_walks_the_same_pages(tmp_path: Path) -> None:
    # The script ran against 127.0.0.1:8000; this tester used the product on a laptop's port.
    run_dir, folder = made_run(tmp_path, ("recorded-p1.jsonl",))
    session = folder / "recorded-p1.jsonl"
    session.write_text(session.read_text().replace(B, "http://localhost:3000"))
    view, images = observed_of(run_dir, sessions_of(folder))
    (p1,) = view.recorded.paths
    assert [(p.label, p.detour) for p in p1.pages][:4] == [
        ("/", False),
        ("/pricing", True),
        ("/", False),
        ("/signup", False),
    ]
    assert (p1.detours, p1.shown) == (2, "0.36")
    assert images.clicks, "the clicks on the script's pages are drawn"
    assert all(m.drawn for m in images.clicks.values())
