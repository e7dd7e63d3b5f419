"""`shoshin record` without a browser: the recorder's and the author's events as scenario
actions, the file written as the walk goes, and the command's refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness.scenario.compose import Click, Expect, Fill, Navigate, Press, Select
from harness.scenario.load import load_scenario
from harness.watch.author import EXPECT_KEY, AuthorWalk, RecordOptions, Translator, authoring_script

BASE = "http://127.0.0.1:8000/"


def target(**given: object) -> dict[str, object]:
    out: dict[str, object] = {"role": None, "name": None, "text": None, "label": None}
    out.update({"css": "#x", "same_name_count": 1, "interactive": True, "field": False})
    out.update(given)
    return out


def test_clicks_on_controls_are_kept_and_clicks_on_text_and_fields_are_not() -> None:
    t = Translator()
    button = t.recorder({"kind": "click", "target": target(role="button", name="Go")})
    assert isinstance(button, Click) and button.target.name == "Go"
    assert t.recorder({"kind": "click", "target": target(text="Hello", interactive=False)}) is None
    field = target(role="textbox", label="Email", field=True)
    assert t.recorder({"kind": "click", "target": field}) is None
    assert t.recorder({"kind": "click", "target": None}) is None


def test_a_ticked_box_is_a_check_and_an_unticked_one_a_click() -> None:
    t = Translator()
    box = target(role="checkbox", name="I agree", field=True)
    ticked = t.recorder({"kind": "check", "field": box, "checked": True})
    assert isinstance(ticked, Click) and ticked.checked is True
    unticked = t.recorder({"kind": "check", "field": box, "checked": False})
    assert isinstance(unticked, Click) and not unticked.checked


def test_a_password_field_is_secret_by_what_authoring_js_said_or_by_its_label() -> None:
    t = Translator()
    assert t.author({"kind": "secret", "field": 1, "value": "h"}) is None
    assert t.author({"kind": "secret", "field": 1, "value": "hunter22"}) is None
    typed = t.recorder({"kind": "input", "field": target(label="Code"), "value": "hunter22"})
    assert isinstance(typed, Fill) and typed.secret
    plain = t.recorder({"kind": "input", "field": target(label="Name"), "value": "h"})
    assert isinstance(plain, Fill) and not plain.secret  # an earlier keystroke is forgotten
    by_label = t.recorder({"kind": "input", "field": target(label="Your passcode"), "value": "1"})
    assert isinstance(by_label, Fill) and by_label.secret
    assert t.recorder({"kind": "input", "field": target(label="Name")}) is None  # no value


def test_marks_are_expectations() -> None:
    t = Translator()
    assert t.author({"kind": "expect", "text": "Welcome"}) == Expect("Welcome")
    assert t.author({"kind": "heading", "text": "Plans"}) == Expect("Plans")
    assert t.author({"kind": "title", "text": "Pebble"}) == Expect("Pebble", kind="title")
    assert t.author({"kind": "expect", "text": "  "}) is None


def test_keys_that_move_or_edit_are_left_out() -> None:
    t = Translator()
    field = target(role="textbox", label="Search", field=True)
    assert t.recorder({"kind": "press", "key": "Enter", "field": field}) == Press("Enter")
    assert t.recorder({"kind": "press", "key": "Enter", "field": target(role="button")}) is None
    for key in ("Tab", "Shift+Tab", "Control+A", "Control+V", "Meta+C", EXPECT_KEY):
        assert t.recorder({"kind": "press", "key": key, "field": None}) is None
    assert t.recorder({"kind": "press", "key": "Escape", "field": None}) == Press("Escape")


def test_a_typed_address_is_told_by_the_browsers_history() -> None:
    t = Translator()
    event = {"kind": "navigation", "url": BASE + "x", "via": "other"}
    assert t.recorder(event, "typed") == Navigate(BASE + "x", "typed")
    assert t.recorder(event, "link") == Navigate(BASE + "x", "other")
    chosen = t.recorder({"kind": "select", "field": target(label="Size"), "option": "2-5"})
    assert isinstance(chosen, Select) and chosen.option == "2-5"


def test_the_file_is_written_after_each_action_and_loads(tmp_path: Path) -> None:
    out = tmp_path / "sign-up.yaml"
    said: list[str] = []
    walk = AuthorWalk(RecordOptions(BASE, out, start="signup"), said.append)
    walk.from_recorder({"kind": "navigation", "url": BASE + "login", "via": "start", "page": 1})
    walk.take(lambda _: None)
    assert not out.exists()  # nothing to walk yet: no file that would not load
    walk.from_author(None, {"kind": "secret", "field": 1, "value": "pw-12345"})
    walk.from_recorder(
        {"kind": "input", "field": target(label="Password", field=True), "value": "pw-12345"}
    )
    walk.take(lambda _: None)
    text = out.read_text()
    assert "pw-12345" not in text and "${SIGN_UP_PASSWORD}" in text
    walk.from_recorder({"kind": "click", "target": target(role="button", name="Create account")})
    walk.from_author(None, {"kind": "heading", "text": "Welcome aboard"})
    walk.take(lambda _: None)
    scenario = load_scenario(out, {"SIGN_UP_PASSWORD": "x"})
    assert scenario.name == "Sign up" and scenario.start == "/signup"
    assert [a.kind for a in scenario.steps[0].actions] == ["fill", "click"]
    assert any("export SIGN_UP_PASSWORD=" in line for line in said)
    assert "  + click Create account" in said and not any("pw-12345" in s for s in said)


def test_authoring_js_gets_its_options() -> None:
    script = authoring_script()
    assert "__OPTIONS__" not in script and '"key": "Alt+Shift+E"' in script


def shoshin(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_an_existing_file_is_refused_in_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "new.yaml").write_text("keep me")
    done = shoshin("record", "--base-url", BASE, "--out", "new.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "new.yaml already exists" in done.stderr and "--force" in done.stderr
    assert (tmp_path / "new.yaml").read_text() == "keep me"


def test_a_folder_or_another_ending_is_refused(tmp_path: Path) -> None:
    folder = shoshin("record", "--base-url", BASE, "--out", ".", cwd=tmp_path)
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    other = shoshin("record", "--base-url", BASE, "--out", "new.txt", cwd=tmp_path)
    assert other.returncode == 2 and "not a .yaml file" in other.stderr


def test_a_product_not_answering_is_one_sentence(tmp_path: Path) -> None:
    done = shoshin("record", "--base-url", "http://127.0.0.1:9/", "--out", "n.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "Nothing answered at http://127.0.0.1:9/" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "n.yaml").exists()


def test_words_near_a_shared_name_go_with_that_click_alone() -> None:
    t = Translator()
    t.author({"kind": "place", "role": "button", "name": "Choose", "near": "Team"})
    shared = target(role="button", name="Choose", same_name_count=2)
    click = t.recorder({"kind": "click", "target": shared})
    assert isinstance(click, Click) and click.target.near == "Team"
    again = t.recorder({"kind": "click", "target": shared})
    assert isinstance(again, Click) and again.target.near is None  # used once
    t.author({"kind": "place", "role": "button", "name": "Delete", "near": "Final.txt"})
    other = t.recorder({"kind": "click", "target": shared})
    assert isinstance(other, Click) and other.target.near is None  # not that click's


def test_no_display_for_the_window_is_one_sentence(tmp_path: Path) -> None:
    import http.server
    import os

    from tests.conftest import serve_on_loopback

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    with serve_on_loopback(http.server.SimpleHTTPRequestHandler) as url:
        done = subprocess.run(
            [sys.executable, "-m", "harness.cli", "record", "--base-url", url, "--out", "n.yaml"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2 and "neither DISPLAY nor WAYLAND_DISPLAY is set" in done.stderr, (
        done.stderr
    )
    assert "Traceback" not in done.stderr and not (tmp_path / "n.yaml").exists()
