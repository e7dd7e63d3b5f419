"""`shoshin explore`'s bad input: one sentence, exit 2, before any browser starts."""

from pathlib import Path

from typer.testing import CliRunner

from harness.cli.app import app

GOAL = [
    "explore",
    "--goal",
    "Create a project",
    "--done",
    "Done",
    "--base-url",
    "http://127.0.0.1:9",
]


def test_a_missing_secret_variable_is_one_sentence(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        app, [*GOAL, "--secret-env", "NO_SUCH_PW_VAR", "--out", str(tmp_path)], env={}
    )
    assert out.exit_code == 2
    assert "--secret-env NO_SUCH_PW_VAR: that environment variable is not set" in out.output
    assert "Traceback" not in out.output and not list(tmp_path.iterdir())


def test_an_unknown_scenario_and_a_missing_folder_are_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "name: Sign up\nsteps:\n  - click: Go\n    expect: Gone\n", encoding="utf-8"
    )
    out = CliRunner().invoke(app, [*GOAL, "--scenarios", str(tmp_path), "--scenario", "Nope"])
    assert out.exit_code == 2 and "--scenario 'Nope': no scenario of that name" in out.output
    saved = tmp_path / "missing" / "found.yaml"
    out = CliRunner().invoke(app, [*GOAL, "--save-scenario", str(saved)])
    assert out.exit_code == 2 and "does not exist; make it first" in out.output
