"""A first visit is a first visit on the server too: putting the product back in first-run
state before each walk, outside every step's clock.

Two ways, both recorded in the walk's `prepared`: the `--before-each` command (through the
shell, told which scenario comes), and the scenario's `reset:` URL (visited in the walk's
fresh browser context before the first step). When either fails, the walk does not start:
its result says why in one sentence, and the run exits 2.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from harness.browser.actions import Doing, forget_cookies, perform
from harness.errors import BrowserFailed, PageClosed, ShoshinError
from harness.record.model import Preparation
from harness.scenario.model import Scenario, with_run_id
from harness.scenario.urls import resolve

if TYPE_CHECKING:
    from playwright.sync_api import Page

COMMAND_TIMEOUT_S = 600.0
RESET_TIMEOUT_S = 30.0


class NotFirstRun(ShoshinError):
    """The product could not be put back in first-run state before a walk."""


@dataclass
class FirstRun:
    """What puts the product back in first-run state before one walk (its `repeat`-th).

    Each thing done is added to `prepared` (the walk's record); `NotFirstRun` when one fails.
    """

    command: str | None  # `--before-each`
    scenario: Scenario  # its `reset:`
    run_id: str
    base_url: str
    run_dir: Path
    walk_name: str  # names the command's output file
    repeat: int = 1
    prepared: list[Preparation] = field(default_factory=list)

    def before_context(self) -> None:
        """The `--before-each` command, before the walk's browser context opens."""
        if not self.command:
            return
        env = command_env(self.scenario, self.run_id, self.base_url, self.run_dir, self.repeat)
        output = f"before-each/{self.walk_name}.log"
        self._done(run_command(self.command, env, self.run_dir, output), command_failed)

    def in_context(self, page: Page) -> None:
        """The scenario's `reset:` URL, in the walk's fresh page, before the first step."""
        if self.scenario.reset is not None:
            self._done(visit_reset(page, self.scenario, self.run_id, self.base_url), reset_failed)

    def _done(self, done: Preparation, failed: Callable[[Preparation], NotFirstRun]) -> None:
        self.prepared.append(done)
        if not done.ok:
            raise failed(done)


def command_env(
    scenario: Scenario, run_id: str, base_url: str, run_dir: Path, repeat: int
) -> dict[str, str]:
    """What the `--before-each` command is told about the walk that comes next."""
    return {
        "SHOSHIN_SCENARIO": scenario.name,
        "SHOSHIN_SCENARIO_FILE": str(scenario.file),
        "SHOSHIN_RUN_ID": run_id,
        "SHOSHIN_BASE_URL": base_url,
        "SHOSHIN_RUN_DIR": str(run_dir),
        "SHOSHIN_REPEAT": str(repeat),
    }


def run_command(
    command: str,
    env: Mapping[str, str],
    run_dir: Path,
    output: str,
    timeout_s: float = COMMAND_TIMEOUT_S,
) -> Preparation:
    """Run `command` through the shell, its output (stdout and stderr) into `run_dir/output`."""
    path = run_dir / output
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with path.open("wb") as out:
        process = subprocess.Popen(  # the user's own command, as they would type it
            command,
            shell=True,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            start_new_session=True,  # its children too are stopped if it overstays
        )
        try:
            code: int | None = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            code = None
    return Preparation(
        kind="before-each",
        what=command,
        ok=code == 0,
        duration_ms=round((time.monotonic() - started) * 1000),
        exit_code=code,
        output=output,
    )


def command_failed(prepared: Preparation, timeout_s: float = COMMAND_TIMEOUT_S) -> NotFirstRun:
    """One sentence for a `--before-each` command that did not exit 0."""
    ended = (
        f"exited with code {prepared.exit_code}"
        if prepared.exit_code is not None
        else f"did not finish within {timeout_s:g} s and was stopped"
    )
    return NotFirstRun(
        f"--before-each command `{prepared.what}` {ended}, so the product may not be in "
        f"first-run state; its output is in {prepared.output}. Fix the command so that it "
        "exits 0."
    )


def visit_reset(
    page: Page, scenario: Scenario, run_id: str, base_url: str, timeout_s: float = RESET_TIMEOUT_S
) -> Preparation:
    """Visit the scenario's `reset:` in the walk's page, then leave it: cookies it set go too."""
    assert scenario.reset is not None
    url = resolve(base_url, with_run_id(scenario.reset, run_id))
    started = time.monotonic()
    status: int | None = None
    answered = True
    try:
        status = perform("visit", Doing(page, url, timeout_s * 1000, base_url=base_url))
    except PageClosed:  # the browser itself failed: the walk's error
        raise
    except BrowserFailed:  # no answer, a refused connection, a timeout: not reset
        answered = False
    forget_cookies(page)
    return Preparation(
        kind="reset",
        what=url,
        ok=answered and (status is None or status < 400),
        duration_ms=round((time.monotonic() - started) * 1000),
        http_status=status,
    )


def reset_failed(prepared: Preparation, timeout_s: float = RESET_TIMEOUT_S) -> NotFirstRun:
    """One sentence for a `reset:` URL that did not answer, or answered an error."""
    said = (
        f"answered HTTP {prepared.http_status}"
        if prepared.http_status is not None
        else f"did not answer within {timeout_s:g} s"
    )
    return NotFirstRun(
        f"reset: {prepared.what} {said}, so the product may not be in first-run state. "
        "Check that the product serves that address (or fix 'reset' in the scenario)."
    )
