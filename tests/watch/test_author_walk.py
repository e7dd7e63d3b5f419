"""`shoshin record` for real: the command runs as a subprocess with its Chromium on a DevTools
port; the test connects over CDP and walks as the author (clicks, a password, a drop-down, a
link and Back, selected text, the heading key); then the written file loads, `shoshin check`
passes it (one warning, for the one thing only CSS could name), no file holds the password,
and `shoshin run` walks it green against the same product."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from harness.scenario.load import load_scenario

pytestmark = pytest.mark.browser

PASSWORD = "Zebra-Quartz-7741"
WAIT_S = 20


class Recorder:
    """A running `shoshin record`, its terminal read line by line."""

    def __init__(self, base_url: str, out: Path, *args: str) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "harness.cli",
                "record",
                "--base-url",
                base_url,
                "--out",
                str(out),
                "--headless",
                "--devtools-port",
                "0",
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=out.parent,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> str:
        """The next line matching `pattern` (lines before it are kept in `seen`)."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT_S)
            except queue.Empty:
                raise AssertionError(f"no line like {pattern!r}; saw {self.seen}") from None
            self.seen.append(line)
            if re.search(pattern, line):
                return line

    def finish(self) -> str:
        self.process.wait(timeout=WAIT_S)
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        self.seen += rest
        return "\n".join(self.seen)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=WAIT_S)


@pytest.fixture
def author(pages_server: str, tmp_path: Path) -> Iterator[tuple[Recorder, Path]]:
    out = tmp_path / "sign-up.yaml"
    recorder = Recorder(pages_server, out, "--start", "/author-signup.html")
    try:
        yield recorder, out
    finally:
        recorder.stop()


def connect(recorder: Recorder) -> Iterator[Page]:
    address = recorder.wait_for(r"^DevTools: http://").split(": ", 1)[1]
    recorder.wait_for("Close the window")
    with sync_playwright() as pw:
        browser = pw.chromium.connect_over_cdp(address)
        page = browser.contexts[0].pages[0]
        page.wait_for_selector("h1")
        yield page


def select_text(page: Page, text: str) -> None:
    """The author drags over the words: a triple click selects the paragraph they are in."""
    page.get_by_text(text).click(click_count=3)


def shoshin(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_recorded_walk_loads_checks_and_walks_green(
    author: tuple[Recorder, Path], pages_server: str, tmp_path: Path
) -> None:
    recorder, out = author
    for page in connect(recorder):
        page.keyboard.press("Alt+Shift+E")  # step 1: the page's heading
        recorder.wait_for("Step 1 expects: Create your account")
        page.get_by_role("link", name="See the plans").click()
        recorder.wait_for(r"\+ click See the plans")
        page.wait_for_selector("text=Plans for every team")
        page.keyboard.press("Alt+Shift+E")
        recorder.wait_for("Step 2 expects: Plans for every team")
        page.get_by_role("button", name="Choose").nth(1).click()  # the one near "Team, ..."
        recorder.wait_for(r"\+ click Choose")
        select_text(page, "You chose the Team plan.")
        recorder.wait_for("Step 3 expects: You chose the Team plan.")
        page.locator("#help").click()  # an icon with no name: only CSS can say which
        recorder.wait_for(r"Named by CSS \(css: #help\)")
        select_text(page, "Need help? Write to us.")
        recorder.wait_for("Step 4 expects: Need help")
        page.go_back()
        recorder.wait_for(r"\+ visit /author-signup.html")
        page.get_by_label("Work email").fill("ada@example.com")
        page.get_by_label("Password").press_sequentially(PASSWORD)
        page.keyboard.press("Tab")  # on to the next field: the password is left changed
        page.get_by_label("Repeat it").press_sequentially(PASSWORD)  # no word says "password"
        page.keyboard.press("Tab")
        page.get_by_label("Team size").select_option("2-5")
        recorder.wait_for(r"export SIGN_UP_PASSWORD=")
        page.get_by_label("I agree to the terms").check()
        page.get_by_role("button", name="Create account").click()
        recorder.wait_for(r"\+ click Create account")
        select_text(page, "Welcome aboard")
        recorder.wait_for("Step 5 expects: Welcome aboard")
        page.close()
    terminal = recorder.finish()
    assert recorder.process.returncode == 0, terminal
    assert f"shoshin check {out}" in terminal and f"shoshin run {out}" in terminal
    assert "export SIGN_UP_PASSWORD=" in terminal

    env = {**os.environ, "SIGN_UP_PASSWORD": PASSWORD}
    scenario = load_scenario(out, env)
    assert scenario.start == "/author-signup.html"
    steps = [
        [(a.kind, a.target.describe() if a.target else a.value) for a in s.actions]
        for s in scenario.steps
    ]
    assert steps == [
        [],
        [("click", "See the plans")],
        [("click", "Choose (near “Team, 8 € a seat”)")],
        [("click", "css:#help")],
        [
            ("visit", "/author-signup.html"),
            ("fill", "Work email"),
            ("fill", "Password"),
            ("fill", "Repeat it"),
            ("select", "Team size"),
            ("check", "I agree to the terms"),
            ("click", "Create account"),
        ],
    ]
    fills = {
        a.target.text: (a.value, a.secret) for a in scenario.steps[4].actions if a.kind == "fill"
    }  # type: ignore[union-attr]
    assert fills == {
        "Work email": ("ada@example.com", False),
        "Password": (PASSWORD, True),
        "Repeat it": (PASSWORD, True),
    }

    checked = shoshin("check", str(out), cwd=tmp_path, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    warnings = [line for line in checked.stdout.splitlines() if line.startswith("warn")]
    assert len(warnings) == 1 and "CSS selector" in warnings[0], checked.stdout

    walked = shoshin(
        "run", str(out), "--base-url", pages_server, "--out", "reports", cwd=tmp_path, env=env
    )
    assert walked.returncode == 0, walked.stdout + walked.stderr
    record = next((tmp_path / "reports").glob("*/run.json")).read_text()
    assert '"outcome": "passed"' in record and '"dead_end"' not in record.replace(
        '"dead_end": null', ""
    )

    everything = [terminal, checked.stdout, checked.stderr, walked.stdout, walked.stderr]
    everything += [
        p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()
    ]
    assert not [text for text in everything if PASSWORD in text]


def test_a_killed_record_keeps_every_step_and_ctrl_c_says_what_next(
    author: tuple[Recorder, Path],
) -> None:
    recorder, out = author
    for page in connect(recorder):
        page.get_by_role("link", name="See the plans").click()
        page.wait_for_selector("text=Plans for every team")
        page.keyboard.press("Alt+Shift+E")
        recorder.wait_for("Step 1 expects: Plans for every team")
        saved = load_scenario(out)
        assert [a.kind for a in saved.steps[0].actions] == ["click"]
        os.kill(recorder.process.pid, signal.SIGINT)
        terminal = recorder.finish()
    assert recorder.process.returncode == 0, terminal
    assert f"Saved {out}: 1 step." in terminal and f"shoshin check {out}" in terminal
    assert "Traceback" not in terminal
    assert load_scenario(out).steps[0].expect[0].value == "Plans for every team"
