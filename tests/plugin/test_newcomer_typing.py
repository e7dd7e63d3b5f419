"""`newcomer.type`: keys into what has focus, in Python as in YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugin.conftest import NO_PLAYWRIGHT, records

pytest_plugins = ["pytester"]


@pytest.mark.browser
def test_newcomer_types_into_a_terminal_and_presses_a_chord(
    pytester: pytest.Pytester, pages_server: str, tmp_path: Path
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.shoshin(name="Use the console", start="/lang-editor.html", patience=3)
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
