"""Expectation forms in scenario files, and the checker's word on expectations that prove
little. No browser."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenario.lint import lint
from harness.scenario.load import parse_scenario
from harness.scenario.model import Expectation
from tests.cli.test_cli import shoshin
from tests.conftest import write_scenario


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_scenario(textwrap.dedent(text).lstrip(), Path("s.yaml"), {})


def test_gone_and_download_are_expectations() -> None:
    scenario = parse(
        """
        name: Export
        steps:
          - click: Export
            expect:
              - gone: "Preparing…"
              - download: "*.csv"
              - Export ready
        """
    )
    expect = scenario.steps[0].expect
    assert expect == (
        Expectation("gone", "Preparing…"),
        Expectation("download", "*.csv"),
        Expectation("text", "Export ready"),
    )
    assert [e.describe() for e in expect] == ["gone: Preparing…", "download: *.csv", "Export ready"]
    assert [e.line for e in expect] == [5, 6, 7]


@pytest.mark.parametrize(
    ("expect", "line", "words"),
    [
        ("{ gone: }", 4, "step 1: 'expect: gone:' takes text. Write it as expect: { gone: "),
        ("{ download: [a, b] }", 4, "'expect: download:' takes text. Write it as expect:"),
        ("{ gon: Loading }", 4, "unknown expect key 'gon'. Did you mean 'gone'?"),
        ("{ download: true }", 4, "'expect: download:' takes text."),
    ],
)
def test_a_bad_expectation_is_one_sentence_with_where_and_how(
    expect: str, line: int, words: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse(
            f"""
            name: Export
            steps:
              - click: Export
                expect: {expect}
            """
        )
    message = str(caught.value)
    assert message.startswith(f"s.yaml:{line}: ")
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("2", True),
        ("OK", True),
        ("42", True),
        ("2026", True),  # digits alone
        ("3/4", True),
        ("1,000", True),
        ("Yes!", False),
        ("Step 2", False),
        ("Created 2 projects", False),
    ],
)
def test_too_short_expectations(text: str, short: bool) -> None:
    assert Expectation("text", text).too_short is short
    assert not Expectation("url", text).too_short


def test_the_checker_warns_about_an_expectation_too_short_to_prove_anything() -> None:
    scenario = parse(
        """
        name: Notebook
        steps:
          - intent: Open it
            visit: /nb
            expect: Untitled notebook
          - intent: Run a cell
            press: Shift+Enter
            expect: "2"
        """
    )
    (warning,) = lint(scenario)
    assert warning.sentence() == (
        "s.yaml:8: step 2: expect “2” is too short to prove anything; "
        "expect a sentence the step makes appear."
    )


def test_shoshin_check_prints_the_warning(tmp_path: Path) -> None:
    write_scenario(
        tmp_path,
        """
        name: Notebook
        steps:
          - intent: Run a cell
            press: Shift+Enter
            expect: [Done, { text: 42 }]
        """,
    )
    result = shoshin("check", "--strict", str(tmp_path))
    assert result.returncode == 1
    assert "expect “42” is too short to prove anything" in result.stdout
    assert "“Done”" not in result.stdout
