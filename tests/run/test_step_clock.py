"""The step clock leaves out the harness's own work mid-step, never the product's."""

from __future__ import annotations

import http.server
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice
from harness.run import capture
from harness.run.stopwatch import Stopwatch
from tests.conftest import Walker, fixture_pages, serve_on_loopback

SERVER_DELAY_S = 1.0
SLOW_SHOT_S = 2.0  # the mid-step screenshot, made slow on purpose


class _DelayingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves tests/fixtures/pages; anything under /slow/ answers after SERVER_DELAY_S."""

    def do_GET(self) -> None:
        if self.path.startswith("/slow/"):
            time.sleep(SERVER_DELAY_S)
            self.path = self.path[len("/slow") :]
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def slow_server() -> Iterator[str]:
    with serve_on_loopback(fixture_pages(_DelayingHandler)) as url:
        yield url


class _Window:
    def __init__(self, busy: bool) -> None:
        self._busy = busy

    def busy(self) -> bool:
        return self._busy


class _Witness:
    def __init__(self, busy: bool) -> None:
        self.busy = busy

    def window(self) -> _Window:
        return _Window(self.busy)


@pytest.mark.parametrize(("busy", "counted"), [(False, 0), (True, 1)])
def test_a_window_counts_only_when_the_product_was_busy(busy: bool, counted: int) -> None:
    watch = Stopwatch(_Witness(busy))
    with watch.excluded():
        time.sleep(0.2)
    watch.stop()
    assert watch.counted_windows == counted
    assert (watch.elapsed() >= 0.2) is busy


def test_without_a_witness_every_window_is_left_out() -> None:
    watch = Stopwatch()
    with watch.excluded():
        time.sleep(0.2)
    watch.stop()
    assert watch.elapsed() < 0.2


def _slow_action_screenshot(monkeypatch: pytest.MonkeyPatch) -> None:
    original = capture.action_screenshot

    def slow(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        time.sleep(SLOW_SHOT_S)  # the browser goes on meanwhile, as with a slow screenshot

    monkeypatch.setattr(capture, "action_screenshot", slow)


@pytest.mark.browser
def test_a_navigation_landing_during_the_mid_step_screenshot_is_counted(
    slow_server: str, browser_choice: BrowserChoice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_action_screenshot(monkeypatch)
    walker = Walker(slow_server, browser_choice, tmp_path)
    # Idle product: the same slow screenshot is left out of the step's time.
    _, _, idle = walker.yaml(
        """
        name: Idle
        start: /report.html
        steps:
          - expect: Your report
          - click: Continue
            expect: All set
        """
    )
    idle_ms = idle["results"][0]["steps"][1]["duration_ms"]  # type: ignore[index]
    # The report loads behind a server delay; the screenshot before "Continue" is taken
    # while it loads, and the page lands during it.
    _, _, data = walker.yaml(
        """
        name: Report
        start: /navigate.html
        steps:
          - expect: Reports
          - actions:
              - click: Open the report
              - click: Continue
            expect: All set
        """
    )
    step = data["results"][0]["steps"][1]  # type: ignore[index]
    assert step["outcome"] == "passed", step
    waited = int(re.search(r"Waited (\d+) ms", step["screen_text"]).group(1))  # type: ignore[union-attr]
    assert waited >= SERVER_DELAY_S * 1000
    # The newcomer waited for the report: the step cannot be shorter than the product took.
    assert step["duration_ms"] >= waited, (step["duration_ms"], waited, idle_ms)
    assert idle_ms < SLOW_SHOT_S * 1000, idle_ms


@pytest.mark.browser
def test_the_mid_step_screenshot_of_a_form_is_not_product_work(
    pages_walker: Walker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A field with the caret in it, and a secret masked in the screenshot: taking the
    # screenshot must not touch the page, or the harness's own work counts as the product's.
    _slow_action_screenshot(monkeypatch)
    _, _, data = pages_walker.yaml(
        """
        name: Sign up
        start: /sign-up.html
        steps:
          - expect: Create your account
          - fill:
              Email: ada@example.com
              Password: { value: hunter22, secret: true }
            click: Create account
            expect: Account created
        """
    )
    step = data["results"][0]["steps"][1]  # type: ignore[index]
    assert step["outcome"] == "passed", step
    assert step["action_screenshot"], step
    assert step["duration_ms"] < SLOW_SHOT_S * 1000, step["duration_ms"]


def test_a_restart_leaves_out_what_came_before() -> None:
    watch = Stopwatch()
    time.sleep(0.2)  # shoshin's look before the first action
    watch.restart()
    watch.stop()
    assert watch.elapsed() < 0.2
