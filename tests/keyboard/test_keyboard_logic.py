"""The keyboard newcomer without a browser: the option, the record, the report."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness.analysis.dead_ends import classify
from harness.browser.keyboard import ORDER_LIMIT, order_seen
from harness.errors import ShoshinError
from harness.record.read import step_from_dict
from harness.report.html import render_html
from harness.run.conditions import Conditions, in_words, validate
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "sample_run" / "run.json"
HOSTILE = "Save <b>draft</b>"


def test_input_is_mouse_or_keyboard_and_a_typo_is_one_sentence() -> None:
    assert validate(Conditions(input="keyboard")).describe()["input"] == "keyboard"
    assert Conditions().describe()["input"] == "mouse"
    assert ("Input", "keyboard only") in in_words(Conditions(input="keyboard").describe())
    assert in_words(Conditions().describe()) == []
    with pytest.raises(ShoshinError, match=r"--input 'keybord' is not one of mouse, keyboard"):
        validate(Conditions(input="keybord"))


def test_a_long_focus_order_is_cut_and_says_how_much_more() -> None:
    order = [f"link “{n}”" for n in range(ORDER_LIMIT + 5)]
    assert order_seen(order[:3]) == order[:3]
    assert order_seen(order) == [*order[:ORDER_LIMIT], "… and 5 more"]


def test_the_focus_order_stays_in_its_order_in_the_dead_end() -> None:
    seen = ["link “Read the intro”", "button “Help”", "link “Create”"]
    found = classify(
        "not-keyboard-reachable",
        "Create project",
        "Tab never reached it.",
        {},
        target_box={"x": 1, "y": 2, "width": 3, "height": 4},
        seen=seen,
    )
    assert found.kind == "not-keyboard-reachable"
    assert found.seen == seen  # not ranked by nearness to the words looked for
    assert found.box_label == "Tab never reaches “Create project”"


def test_the_record_reads_back_tab_presses_and_invisible_focus() -> None:
    step = step_from_dict(
        {"index": 1, "cost": {"clicks": 1, "tab_presses": 4}, "invisible_focus": ["Save"]}
    )
    assert step.cost is not None and step.cost.tab_presses == 4
    assert step.invisible_focus == ["Save"]
    old = step_from_dict({"index": 1, "cost": {"clicks": 1}})
    assert old.cost is not None and old.cost.tab_presses == 0 and old.invisible_focus == []


def test_the_report_shows_tab_presses_focus_unseen_and_the_dead_end_escaped() -> None:
    record: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    step = record["results"][0]["steps"][0]
    step["cost"] = {"clicks": 1, "tab_presses": 7}
    step["invisible_focus"] = [HOSTILE]
    step["outcome"] = "dead_end"
    step["dead_end"] = {
        "kind": "not-keyboard-reachable",
        "looked_for": "Create <i>project</i>",
        "message": "Tab never brought focus to it.",
        "seen": ["button “<script>x</script>”"],
    }
    html = render_html(record)
    assert "<b>7</b> Tab presses" in html
    assert "Focus not visible" in html and "shows no sign of focus when Tab reaches it" in html
    assert "Save &lt;b&gt;draft&lt;/b&gt;" in html and HOSTILE not in html
    assert "Tab never reached it" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html


def test_the_pytest_plugin_takes_input_as_the_cli_does() -> None:
    from harness.pytest_plugin.options import conditions_from

    class Given:  # just what `conditions_from` asks of pytest's config
        def __init__(self, how: str) -> None:
            self.values = {"viewport": "1280x800", "tracing": "off", "video": "off", "input": how}

        def getoption(self, name: str) -> object:
            return self.values.get(name.removeprefix("shoshin_"))

    assert conditions_from(Given("keyboard")).input == "keyboard"  # type: ignore[arg-type]
    with pytest.raises(pytest.UsageError, match="--shoshin-input 'keybord' is not one of"):
        conditions_from(Given("keybord"))  # type: ignore[arg-type]
