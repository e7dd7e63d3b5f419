"""The scenario language in pytest: `newcomer.type`, `--shoshin-before-each` and `reset`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lang_product import RESET_COMMAND, Visits, product
from tests.plugin.conftest import NO_PLAYWRIGHT, records

__all__ = ["product"]  # the fixture, used by name

pytest_plugins = ["pytester"]


@pytest.mark.browser
def test_newcomer_types_into_a_terminal_and_presses_a_chord(
    pytester: pytest.Pytester, pages_server: str, tmp_path: Path
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.shoshin(name="Use the console", start="/lang-editor.html", patience=30)
        def test_console(newcomer):
            with newcomer.step("Ask the console for help"):
                newcomer.click("Terminal")
                newcomer.type("help")
                newcomer.press("Enter")
                newcomer.expect("Commands: list, quit")
            with newcomer.step("Run a query from the keyboard"):
                newcomer.click("Query")
                newcomer.press("Control+A")
                newcomer.type("SELECT 9")
                newcomer.press("Control+Enter")
                newcomer.expect("Ran: SELECT 9")
        """
    )
    out = tmp_path / "out"
    result = pytester.runpytest(
        *NO_PLAYWRIGHT, "--base-url", pages_server, "--shoshin-out", str(out)
    )
    result.assert_outcomes(passed=1)
    (record,) = records(out)
    (scenario,) = record["results"]
    assert scenario["outcome"] == "completed"
    assert [a["description"] for a in scenario["steps"][0]["actions"]][1:] == [
        "click “Terminal”",
        "type “help”",
        "press Enter",
    ]


@pytest.mark.browser
def test_before_each_and_reset_work_for_yaml_items_and_newcomer_tests(
    pytester: pytest.Pytester, product: tuple[str, Visits], tmp_path: Path
) -> None:
    """The product remembers visits; each test must still be its first visit."""
    base_url, visits = product
    pytester.makefile(
        ".yaml",
        first="name: First visit\nstart: /home\npatience: 30\nsteps:\n"  # passes when loaded
        "  - intent: See the welcome\n    expect: Welcome, first visit\n",
    )
    pytester.makepyfile(
        """
        import pytest

        def test_first(newcomer):
            newcomer.visit("/home")
            newcomer.expect("Welcome, first visit")

        @pytest.mark.shoshin(reset="/__reset?from=marker")
        def test_again(newcomer):
            newcomer.visit("/home")
            newcomer.expect("Welcome, first visit")
        """
    )
    out = tmp_path / "out"
    args = [*NO_PLAYWRIGHT, "--base-url", base_url, "--shoshin-out", str(out)]
    result = pytester.runpytest(*args, "--shoshin-before-each", RESET_COMMAND)
    result.assert_outcomes(passed=3)
    assert visits.resets.count("/__reset") == 3 and "/__reset?from=marker" in visits.resets
    (record,) = records(out)
    assert record["before_each"] == RESET_COMMAND
    assert all(r["prepared"][0]["exit_code"] == 0 for r in record["results"])

    # -rN: no short summary, whose lines are cut to the terminal's width except in CI.
    failed = pytester.runpytest(*args, "-rN", "--shoshin-before-each", "exit 4")
    failed.assert_outcomes(failed=1, errors=2)  # the newcomer's set-up failed: errors
    told = failed.stdout.str()
    assert told.count("--before-each command `exit 4` exited with code 4") == 3
    assert "The browser failed" not in told and "During handling" not in told


@pytest.mark.browser
def test_newcomer_says_which_one_and_expects_a_download(
    pytester: pytest.Pytester, pages_server: str, tmp_path: Path
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.shoshin(name="Which one", start="/near-launcher.html", patience=30)
        def test_which_one(newcomer):
            with newcomer.step("Open a Python console"):
                newcomer.click("Python 3 (ipykernel)", under="Console")
                newcomer.expect("Opened console")
            with newcomer.step("Delete the final draft"):
                newcomer.click("Delete", near="Final.txt")
                newcomer.expect("Opened delete Final.txt")
            with newcomer.step("Export sign-ups"):
                newcomer.visit("/expect-download.html")
                newcomer.click("Download sign-ups")
                newcomer.expect(download="*.csv", gone="Opened delete Final.txt")
        """
    )
    out = tmp_path / "out"
    result = pytester.runpytest(
        *NO_PLAYWRIGHT, "--base-url", pages_server, "--shoshin-out", str(out)
    )
    result.assert_outcomes(passed=1)
    (record,) = records(out)
    (scenario,) = record["results"]
    assert scenario["outcome"] == "completed"
    first, _, third = scenario["steps"]
    assert first["friction"] == []  # the one under "Console": no guess to make
    assert [d["name"] for d in third["downloads"]] == ["signups.csv"]
