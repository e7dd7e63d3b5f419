"""The empathy map of a scenario: four quadrants, pains and gains, each item's tester and step."""

from __future__ import annotations

import json
from pathlib import Path

from harness.record.read import as_record
from harness.report.build import write_run_reports
from harness.report.empathy import EmpathyMap, empathy_map, render_markdown
from tests.report.test_tester_report import NAME, made_run, sessions_of


def the_map(tmp_path: Path) -> tuple[EmpathyMap, Path, Path]:
    run_dir, folder = made_run(tmp_path)
    record = as_record(json.loads((run_dir / "run.json").read_text()))
    found = empathy_map(1, NAME, sessions_of(folder), record.results[0].steps)
    assert found is not None
    return found, run_dir, folder


def listed(items) -> list[tuple[str, str | None, int | None]]:  # type: ignore[no-untyped-def]
    return [(i.text, i.tester, i.step) for i in items]


def test_the_four_quadrants_from_every_session_with_tester_and_step(tmp_path: Path) -> None:
    em, _, _ = the_map(tmp_path)
    assert em.sessions == 3
    # Sessions in the order of their files (their ids: oldest first).
    assert listed(em.says) == [
        ("Nice colours", "p3", 1),
        ("Why does it say *tenant* | [here](javascript:alert(1))? <script>x</script>", "p1", 2),
    ]
    assert listed(em.thinks) == [("where do I start?", "p1", 1)]
    assert listed(em.feels) == [
        ("likes the template list", "p1", 3),
        ("keeps landing on the login page", "p2", 2),
    ]
    assert [i.tone for i in em.feels] == ["delight", "stuck"]
    # What each tester's browser recorded, in the order it happened, then how far they got.
    assert [(text, step) for text, tester, step in listed(em.does) if tester == "p1"] == [
        ("Clicked “Pebble helps teams”, where nothing is clickable", 1),
        ("Took a detour to /pricing", 1),
        ("Pressed Back", 1),
        ("Clicked button “Create account” 3 times in a second", 2),
        ("Paused 14 s without a move", 2),
        ("Clicked button “New project” and nothing happened", 3),
        ("Took a detour to /projects/1", 3),
        ("Finished all 3 steps (seen by the browser)", 3),
    ]
    assert [(text, step) for text, tester, step in listed(em.does) if tester == "p2"] == [
        ("Took a detour to /login", 2),
        ("Pressed Back", 2),
        ("Clicked where nothing is clickable", 2),
        ("Reached step 2 of 3", 2),
    ]
    assert ("Reached step 2 of 3", "p3", 2) in listed(em.does)  # notes only: its marks
    # Every item links to its tester's path and its step's card.
    item = next(i for i in em.does if i.text == "Pressed Back" and i.tester == "p2")
    assert (item.tester_href, item.step_href, item.where) == (
        "#s1-tester-p2",
        "#s1-step-2",
        "p2, step 2",
    )


def test_pains_and_gains(tmp_path: Path) -> None:
    em, _, _ = the_map(tmp_path)
    assert listed(em.pains) == [
        (
            "The script hit a dead end: Couldn't find it (missing-target), looking for "
            "“Create <b>project</b>”",
            None,
            3,
        ),
        ("Rage-clicked button “Create account”", "p1", 2),
        ("Saw the error “<script>alert(1)</script> Password is required”", "p1", 2),
        ("Clicked button “New project” in vain", "p1", 3),
        ("Stuck: keeps landing on the login page", "p2", 2),
        ("Gave up", "p2", 2),
    ]
    assert em.pains[0].where == "the script, step 3" and em.pains[0].tester_href is None
    assert listed(em.gains) == [
        ("Completed unassisted in 00:20", "p3", None),
        ("Delighted: likes the template list", "p1", 3),
        ("Completed unassisted in 00:55", "p1", None),
    ]


def test_the_markdown_beside_the_report_is_literal(tmp_path: Path) -> None:
    _, run_dir, folder = the_map(tmp_path)
    write_run_reports(run_dir, json.loads((run_dir / "run.json").read_text()), sessions_dir=folder)
    text = (run_dir / "empathy-first-project.md").read_text()
    assert text.startswith("# Empathy map: Start a first project\n")
    for heading in ("## Says", "## Thinks", "## Does", "## Feels", "## Pains", "## Gains"):
        assert f"\n{heading}\n" in text
    assert (
        "- “Why does it say \\*tenant\\* \\| \\[here\\]\\(javascript:alert\\(1\\)\\)? "
        "&lt;script&gt;x&lt;/script&gt;” — p1, step 2\n"
    ) in text
    assert "<script>" not in text and "<b>" not in text and "](javascript" not in text
    assert "- Gave up — p2, step 2\n" in text
    # In the HTML page the same map links each item to its tester and its step.
    page = (run_dir / "index.html").read_text()
    assert '<a href="#s1-tester-p2">p2</a>, <a href="#s1-step-2">step 2</a>' in page
    assert "“Why does it say *tenant* | [here](javascript:alert(1))? &lt;script&gt;x" in page
    assert "<script>" not in page and "<b>project" not in page


def test_markdown_escapes_a_hostile_scenario_name() -> None:
    em = EmpathyMap("# <b>Sign</b> | up_", 0, (), (), (), (), (), ())
    text = render_markdown(em)
    assert text.startswith("# Empathy map: \\# &lt;b&gt;Sign&lt;/b&gt; \\| up\\_\n")
    assert text.count("- (nothing)") == 6


def test_a_burst_of_the_same_misclick_is_one_item_and_a_cards_whole_text_is_no_name(
    tmp_path: Path,
) -> None:
    run_dir, folder = made_run(tmp_path, ("recorded-p1.jsonl",))
    session = folder / "recorded-p1.jsonl"
    lines = session.read_text().splitlines()
    last = max(json.loads(line).get("n", 0) for line in lines)
    card = "Provision your tenant. Each tenant is an isolated namespace: provision it now"
    lines += [
        json.dumps({"type": "click", "n": last + k, "t": 30.0 + k / 10, "step": 2,
                    "url": "http://127.0.0.1:8000/signup", "x": 300, "y": 300,
                    "page_x": 300, "page_y": 300, "interactive": False,
                    "target": {"role": None, "name": None, "text": card}})
        for k in (1, 2, 3)
    ]  # fmt: skip
    session.write_text("\n".join(lines) + "\n")
    record = as_record(json.loads((run_dir / "run.json").read_text()))
    found = empathy_map(1, NAME, sessions_of(folder), record.results[0].steps)
    assert found is not None
    burst = [i.text for i in found.does if "Provision" in i.text]
    assert burst == ["Clicked “Provision your tenant. Each tenant is an…”, where nothing is "
                     "clickable (3 times)"]  # fmt: skip
