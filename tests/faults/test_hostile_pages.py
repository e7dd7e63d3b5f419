"""Hostile pages never break a run or its outputs.

One real `shoshin run` (a subprocess on a pseudo-terminal, as a person runs it) walks a
scenario per hostile page, served on loopback: dialogs, popups and new tabs, a tab that
closes itself, infinite scroll, a 50 000 px page, megabytes of text, an endless redirect, a
page that never stops loading, and text carrying markup, script, Markdown, XML and terminal
escapes. Each walk must end within its patience as a named dead end or a pass (never an
`error`), and every output (run.json, the HTML report, JUnit, Markdown, the GitHub step
summary, the terminal) must stay well-formed.
"""

from __future__ import annotations

import http.server
import json
import os
import pty
import re
import select
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, fixture_pages, serve_on_loopback

pytestmark = pytest.mark.browser

PATIENCE = 4  # seconds: every step of every hostile scenario
# The whole run may not take longer than every step's patience plus this: shoshin's own
# work, Chromium's start, and a 2-core CI machine shared with other jobs (wide on purpose:
# the promise is "bounded", not "fast").
SLACK_S = 60
RELEASE = threading.Event()  # lets the stalling handlers go when the run is over


class _HostileHandler(http.server.SimpleHTTPRequestHandler):
    """The fixture pages, plus server behaviours no static page can have."""

    def do_GET(self) -> None:
        if self.path.startswith("/hostile/loop"):  # redirects to itself, forever
            self.send_response(302)
            self.send_header("Location", "/hostile/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/hostile/stall"):  # starts a page and never finishes it
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>Stalling</title><h1>Almost there")
            self.wfile.flush()
            RELEASE.wait(300)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _scenario(name: str, start: str, steps: str, patience: float = PATIENCE) -> str:
    return textwrap.dedent(
        f"""\
        name: {name}
        start: {start}
        patience: {patience:g}
        steps:
        """
    ) + textwrap.indent(textwrap.dedent(steps).strip() + "\n", "  ")


SCENARIOS = {
    "dialogs": _scenario(
        "Dialogs",
        "/hostile-dialogs.html",
        """
        - intent: Answer every question
          click: Start
          expect: Answered yes as Ada
        - intent: Leave despite the page asking to stay
          click: Leave this page
          expect: You left the questions behind
        """,
    ),
    "new-tab": _scenario(
        "New tab",
        "/hostile-popup.html",
        """
        - intent: Open the help in a new tab
          click: Open the help centre
          expect: [Help centre, {url: /hostile-popup-help.html}]
        - intent: Use the help tab
          click: Mark as read
          expect: Marked as read
        - intent: Close the help tab
          click: Close this tab
          expect: Open the wizard
        """,
    ),
    "popup": _scenario(
        "Popup",
        "/hostile-popup.html",
        """
        - intent: Open the wizard window
          click: Open the wizard
          expect: Setup wizard
        - intent: Finish the wizard
          click: Finish the wizard
          expect: Open the help centre
        """,
    ),
    "closes": _scenario(
        "Closes itself",
        "/hostile-close.html",
        """
        - intent: Close the only tab
          click: Close
          expect: Goodbye
        - intent: Carry on
          click: Anything
        """,
    ),
    "infinite": _scenario(
        "Infinite scroll",
        "/hostile-infinite.html",
        """
        - intent: Scroll to the end
          scroll: bottom
          expect: Post number 40
        - intent: Scroll again
          actions:
            - scroll: bottom
            - scroll: bottom
          expect: Post number 60
        """,
    ),
    "tall": _scenario(
        "Tall page",
        "/hostile-tall.html",
        """
        - intent: Read the top
          expect: A very tall page
        """,
    ),
    "megatext": _scenario(
        "Megatext",
        "/hostile-megatext.html",
        """
        - intent: Read the terms
          expect: Terms and conditions
        - intent: Agree
          click: I agree
          expect: Welcome aboard
        """,
        patience=30,  # a look through 4 MB of text takes seconds (more on a busy machine)
    ),
    "loop": _scenario(
        "Redirect loop",
        "/hostile/loop",
        """
        - intent: Open the loop
          expect: Anything
        """,
    ),
    "stall": _scenario(
        "Never loads",
        "/hostile/stall",
        """
        - intent: Open the stalling page
          expect: Done
        """,
    ),
    "payloads": _scenario(
        "Payloads",
        "/hostile-payloads.html",
        """
        - intent: Open the lab
          expect: Payload lab
        - intent: Look for what is not there
          click: Nothing like this
        """,
    ),
}


@dataclass
class Ran:
    """One real `shoshin run` over every hostile scenario, and what it left."""

    run_dir: Path
    record: dict[str, Any]
    terminal: bytes  # what the CLI wrote to its (pseudo-)terminal
    stderr: bytes
    step_summary: str
    elapsed_s: float
    code: int

    def walk(self, key: str) -> dict[str, Any]:
        name = _name(SCENARIOS[key])
        return next(r for r in self.record["results"] if r["scenario"] == name)


def _patience(text: str) -> float:
    return float(re.findall(r"^patience: (.*)$", text, re.M)[0])


def _name(text: str) -> str:
    return text.splitlines()[0].removeprefix("name: ")


def _read_all(fd: int, process: subprocess.Popen[bytes], deadline: float) -> bytes:
    out = b""
    while True:
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("shoshin did not finish: a hostile page held the run up")
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the other end closed: the CLI is done
                chunk = b""
            if not chunk and process.poll() is not None:
                return out
            out += chunk
        elif process.poll() is not None:
            return out


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ran]:
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "scenarios"
    folder.mkdir()
    for number, (key, text) in enumerate(SCENARIOS.items(), 1):
        (folder / f"{number:02d}-{key}.yaml").write_text(text, encoding="utf-8")
    summary = tmp / "step-summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    RELEASE.clear()
    with serve_on_loopback(fixture_pages(_HostileHandler)) as base_url:
        primary, secondary = pty.openpty()
        started = time.monotonic()
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "shoshin"), "run", str(folder),
             "--base-url", base_url, "--out", str(tmp / "reports"), "--fail-on", "none"],
            stdout=secondary, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=ROOT,
        )  # fmt: skip
        os.close(secondary)
        patience = sum(_patience(text) * text.count("- intent:") for text in SCENARIOS.values())
        try:
            terminal = _read_all(primary, process, started + patience + SLACK_S)
            _, stderr = process.communicate(timeout=SLACK_S)
        finally:
            os.close(primary)
            RELEASE.set()
        elapsed = time.monotonic() - started
    run_dir = (tmp / "reports" / "latest").resolve()
    record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    yield Ran(run_dir, record, terminal, stderr, text, elapsed, process.returncode)


def _steps(walk: dict[str, Any]) -> list[dict[str, Any]]:
    return list(walk["steps"])


def _within_patience(walk: dict[str, Any]) -> None:
    """Every step ended within its patience (plus shoshin's floor for acting, and load)."""
    for step in walk["steps"]:
        assert step["duration_ms"] <= (step["patience_s"] + SLACK_S) * 1000, step


def test_the_run_ends_with_no_error_anywhere(ran: Ran) -> None:
    assert ran.code == 0, ran.stderr.decode(errors="replace")
    assert ran.record["status"] == "finished"
    assert len(ran.record["results"]) == len(SCENARIOS)
    for walk in ran.record["results"]:
        assert walk["outcome"] in ("completed", "dead_end"), walk
        assert walk["error"] is None
        for step in walk["steps"]:
            assert step["outcome"] != "error", step
        _within_patience(walk)


def test_dialogs_are_answered_recorded_and_the_walk_goes_on(ran: Ran) -> None:
    walk = ran.walk("dialogs")
    first, second = _steps(walk)
    assert walk["outcome"] == "completed", walk
    assert first["dialogs"] == [
        "alert: Welcome aboard!",
        "confirm: Really go on?",
        "prompt: Your name?",
    ]
    assert second["dialogs"] == ["beforeunload: "]
    assert [f["kind"] for f in second["friction"]] == ["dialog"]


def test_a_link_to_a_new_tab_is_followed_and_its_closing_returns_to_the_opener(ran: Ran) -> None:
    walk = ran.walk("new-tab")
    opened, used, closed = _steps(walk)
    assert walk["outcome"] == "completed", walk
    help_url = opened["url"]
    assert help_url.endswith("/hostile-popup-help.html")
    assert opened["new_tab"] == help_url
    assert opened["title"] == "Help centre"
    assert used["new_tab"] is None
    assert closed["url"].endswith("/hostile-popup.html")  # back where the link was
    assert closed["new_tab"] is None


def test_a_window_opened_by_a_button_is_followed(ran: Ran) -> None:
    walk = ran.walk("popup")
    opened, finished = _steps(walk)
    assert walk["outcome"] == "completed", walk
    assert opened["new_tab"].endswith("/hostile-popup-window.html")
    assert finished["url"].endswith("/hostile-popup.html")


def test_the_first_tab_closing_itself_is_refused_by_the_browser_and_a_named_dead_end(
    ran: Ran,
) -> None:
    # Chromium lets a script close only a window a script opened: the newcomer's first tab
    # stays, nothing happens, and that is the product's dead end, not shoshin's error.
    walk = ran.walk("closes")
    closed, after = _steps(walk)
    assert walk["outcome"] == "dead_end"
    assert closed["dead_end"]["kind"] in ("no-effect", "expectation-unmet")
    assert after["outcome"] == "skipped"


def test_infinite_scroll_ends(ran: Ran) -> None:
    walk = ran.walk("infinite")
    assert walk["outcome"] == "completed", walk
    for step in _steps(walk):
        assert len(step["screen_text"]) <= 20_000


def test_a_50000_px_page_is_shot_only_to_a_sane_height_and_the_record_says_so(ran: Ran) -> None:
    from PIL import Image

    (step,) = _steps(ran.walk("tall"))
    assert step["outcome"] == "passed"
    with Image.open(ran.run_dir / step["screenshot"]) as shot:
        assert shot.height <= 4000
    assert step["page_height"] is not None and step["page_height"] >= 50_000
    html = (ran.run_dir / "index.html").read_text(encoding="utf-8")
    assert "shows only the top of this page, which is 50,1" in html


def test_megabytes_of_text_are_read_within_bounds(ran: Ran) -> None:
    walk = ran.walk("megatext")
    read, agree = _steps(walk)
    assert walk["outcome"] == "completed", walk
    for step in (read, agree):
        assert len(step["screen_text"]) <= 20_000
        assert step["text"]["words"] <= 20_000  # counted on what was read, not all 4 MB
    assert (ran.run_dir / "run.json").stat().st_size < 2_000_000


def test_an_endless_redirect_is_a_named_dead_end_with_the_browsers_words(ran: Ran) -> None:
    (step,) = _steps(ran.walk("loop"))
    assert step["outcome"] == "dead_end"
    assert step["dead_end"]["kind"] == "http-error"
    assert "ERR_TOO_MANY_REDIRECTS" in step["dead_end"]["message"]


def test_a_page_that_never_stops_loading_is_no_response(ran: Ran) -> None:
    (step,) = _steps(ran.walk("stall"))
    assert step["outcome"] == "dead_end"
    assert step["dead_end"]["kind"] == "no-response"


# --- what reaches the outputs -----------------------------------------------------------

_OWN_ESCAPES = re.compile(rb"\x1b\[[0-9;]*m|\r\x1b\[2K")  # the CLI's colours, its live line
_CONTROLS = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")  # C0 but tab and newline (CR: see below)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def test_payloads_reach_the_record_as_data(ran: Ran) -> None:
    first, stuck = _steps(ran.walk("payloads"))
    assert first["outcome"] == "passed"
    assert stuck["dead_end"]["kind"] == "missing-target"
    assert "<script>alert(1)</script>" in first["title"]
    assert any("\x1b[2J" in e for e in first["console_errors"])
    assert any("<script>" in s for s in stuck["dead_end"]["seen"])


def test_the_terminal_gets_no_escape_but_the_clis_own(ran: Ran) -> None:
    assert b"Payloads" in ran.terminal
    assert _OWN_ESCAPES.search(ran.terminal)  # a live, coloured terminal: the pty is one
    for stream in (ran.terminal, ran.stderr):
        rest = _OWN_ESCAPES.sub(b"", stream).replace(b"\r\n", b"\n")  # the pty's line ends
        assert not _CONTROLS.search(rest), _CONTROLS.findall(rest)
        assert not _BIDI.search(rest.decode("utf-8"))


def test_the_html_report_escapes_every_payload(ran: Ran) -> None:
    html = (ran.run_dir / "index.html").read_text(encoding="utf-8")
    assert "Payload lab" in html
    assert "<script>alert" not in html
    assert "<x/>" not in html
    assert 'href="javascript' not in html.replace("'", '"')
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)


def test_junit_parses_and_keeps_no_control_character(ran: Ran) -> None:
    text = (ran.run_dir / "junit.xml").read_text(encoding="utf-8")
    root = ET.fromstring(text)  # raises on anything unescaped or illegal in XML
    cases = root.findall(".//testcase")
    assert len(cases) == len(SCENARIOS)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


def test_markdown_and_the_step_summary_are_literal(ran: Ran) -> None:
    markdown = (ran.run_dir / "summary.md").read_text(encoding="utf-8")
    assert markdown in ran.step_summary
    for text in (markdown, ran.step_summary):
        assert "Payloads" in text
        assert "<script" not in text and "<x/>" not in text
        assert "](javascript" not in text
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
        assert not _BIDI.search(text)
