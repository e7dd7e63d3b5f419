"""`shoshin explore` against purpose-built products (tests/fixtures/pages/explore-*)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli.app import app
from harness.record.read import read_run

pytestmark = pytest.mark.browser
GOAL = ["--goal", "Create my first project", "--done", "You're all set"]


def explore(base: str, start: str, out: Path, *extra: str) -> tuple[int, str, dict, Path]:
    result = CliRunner().invoke(
        app,
        ["explore", *GOAL, "--base-url", base, "--start", start, "--out", str(out), *extra],
        env={"EXPLORE_PW": "hunter22-secret"},
    )
    run_dir = (out / "latest").resolve()
    explored = json.loads((run_dir / "explore.json").read_text(encoding="utf-8"))
    return result.exit_code, result.output, explored, run_dir


SHORTEST = """\
name: Start a first project
start: /explore-scent.html
steps:
  - intent: Create a project
    click: Get started
    expect: Create your account
  - fill: {Work email: "a+{run_id}@example.com", Password: {value: "${EXPLORE_PW}", secret: true}}
    click: Create account
    expect: Your projects
  - click: Create project
    expect: You're all set
"""


def test_scent_on_the_path(pages_server: str, tmp_path: Path) -> None:
    saved = tmp_path / "found.yaml"
    known = tmp_path / "scenarios"
    known.mkdir()
    (known / "first.yaml").write_text(SHORTEST, encoding="utf-8")
    code, said, explored, run_dir = explore(
        pages_server,
        "/explore-scent.html",
        tmp_path / "a",
        "--secret-env",
        "EXPLORE_PW",
        "--save-scenario",
        str(saved),
        "--scenarios",
        str(known),
    )
    assert code == 0, said
    assert explored["reached"] and explored["backtracks"] == 0
    chosen = [s["actions"][-1]["target"] for s in explored["steps"] if s["kind"] == "choice"]
    assert chosen == ["Get started", "Create account", "Create project"]  # the fewest actions
    assert "chose “Get started” for “create”: started" in said
    assert "Reached “You're all set” in 3 actions." in said
    assert "Shortest known way (Start a first project): 5 actions; the explorer's: 3." in said
    page = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "Reached the goal in 3 actions." in page
    assert "chose “Get started” for “create”: started" in page
    assert "Its way beside the shortest known way" in page and "Lostness 0.00" in page
    # a run's record: steps with screenshots; the destructive button beside it never pressed
    record = read_run(run_dir)
    steps = record.results[0].steps
    assert [s.outcome for s in steps] == ["passed"] * 4
    assert all(s.screenshot for s in steps)
    assert not any(  # "Remove the sample and create your first project": the most scent
        "Remove" in (a.get("target") or "") for s in explored["steps"] for a in s["actions"]
    )
    for name in ("run.json", "explore.json", "index.html"):  # the form sends it in its URL
        assert "hunter22-secret" not in (run_dir / name).read_text(encoding="utf-8")
    # the same product, the same path
    _, _, again, _ = explore(
        pages_server, "/explore-scent.html", tmp_path / "b", "--secret-env", "EXPLORE_PW"
    )
    assert [s["actions"] for s in again["steps"]] == [s["actions"] for s in explored["steps"]]
    # the saved scenario keeps the secret a variable, and walks green
    text = saved.read_text(encoding="utf-8")
    assert "${EXPLORE_PW}" in text and "hunter22-secret" not in text
    ran = CliRunner().invoke(
        app,
        ["run", str(saved), "--base-url", pages_server, "--out", str(tmp_path / "c")],
        env={"EXPLORE_PW": "hunter22-secret"},
    )
    assert ran.exit_code == 0, ran.output + text


def test_jargon_gets_it_lost(pages_server: str, tmp_path: Path) -> None:
    code, said, explored, run_dir = explore(pages_server, "/explore-jargon.html", tmp_path)
    assert code == 1
    assert not explored["reached"] and explored["backtracks"] == 3
    assert "Did not reach “You're all set”: lost at /explore-jargon.html." in said
    lost = float(said.split("Lostness ")[1].split(" ")[0])
    assert lost > 0.4
    last = read_run(run_dir).results[0].steps[-1]
    assert last.dead_end is not None and last.dead_end.kind == "expectation-unmet"
    page = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "lost at <code>/explore-jargon.html</code>" in page and "lost: above 0.4" in page
    assert (run_dir / "junit.xml").is_file()
    # within its budget: the opening step, two more, then the last look for the sign
    _, _, short, _ = explore(
        pages_server, "/explore-jargon.html", tmp_path / "b", "--max-actions", "2"
    )
    assert [s["kind"] for s in short["steps"]] == ["start", "choice", "back", "goal"]


def test_a_product_that_throws_is_a_dead_end_never_an_error(
    pages_server: str, tmp_path: Path
) -> None:
    args = ["explore", "--goal", "Save my settings", "--done", "Saved", "--start", "/crash.html"]
    result = CliRunner().invoke(app, [*args, "--base-url", pages_server, "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    scenario = read_run((tmp_path / "latest").resolve()).results[0]
    assert scenario.error is None and all(s.error is None for s in scenario.steps)
    assert any(s.page_errors for s in scenario.steps)  # its Save threw: told on the step
    kinds = [s.dead_end.kind for s in scenario.steps if s.dead_end is not None]
    assert kinds == ["expectation-unmet"]
