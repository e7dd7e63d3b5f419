"""What a run is asked to do (`RunConfig`), and what one step's parts share (`StepPlace`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.page_log import StepLog
from harness.browser.tab import context_options
from harness.record.model import DeadEnd
from harness.run.conditions import Conditions
from harness.run.redaction import Redactor
from harness.run.stopwatch import Stopwatch
from harness.scenario.model import Scenario, with_run_id
from harness.scenario.shard import ShardPlan

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from harness.browser.launch import BrowserChoice


@dataclass(frozen=True)
class RunConfig:
    base_url: str
    out_dir: Path
    headed: bool = False
    slowmo: float = 0
    run_id: str | None = None
    browser: BrowserChoice | None = None
    conditions: Conditions = field(default_factory=Conditions)
    before_each: str | None = None  # a shell command that resets the product before each walk
    workers: int = 1  # walks at once, each in its own process and browser (`--workers`)
    browser_endpoint: str | None = None  # a browser elsewhere: ws:// Playwright, http:// CDP
    shard: ShardPlan | None = None  # `--shard i/n`: which scenarios of the whole run are walked
    a11y: bool = True  # audit the screen with axe-core after each step (`--a11y off`: not)

    @property
    def viewport(self) -> tuple[int, int]:
        return self.conditions.viewport

    def number_in_run(self, number: int) -> int:
        """The whole run's number (from 1) of the `number`-th scenario walked: itself,
        unless this is one shard of a run (screenshots and traces are named by it)."""
        return self.shard.numbers[number - 1] if self.shard is not None else number


def redactor_for(scenario: Scenario, run_id: str) -> Redactor:
    """What masks this scenario's secrets (`{run_id}` filled in), in every form they take."""
    return Redactor(with_run_id(secret, run_id) for secret in scenario.secrets)


def options_for(conditions: Conditions, devices: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for `browser.new_context` under these conditions."""
    return context_options(
        devices,
        device=conditions.device,
        viewport=conditions.viewport,
        locale=conditions.locale,
        timezone=conditions.timezone,
    )


@dataclass
class StepPlace:
    """Where one step is walked, shared by performing, expecting and capturing it."""

    page: Page
    scenario: Scenario
    config: RunConfig
    run_id: str
    run_dir: Path
    shots_dir: str  # relative to run_dir
    log: StepLog
    secret_fields: list[Any]  # the walk's own list: masked in every later screenshot
    watch: Stopwatch = field(default_factory=Stopwatch)

    @property
    def redactor(self) -> Redactor:
        return redactor_for(self.scenario, self.run_id)

    def redact(self, text: str) -> str:
        """`text` with this scenario's secrets masked: as typed, URL-encoded, JSON-escaped,
        HTML-escaped (see `harness.run.redaction`)."""
        return self.redactor.text(text)

    def redact_dead_end(self, dead_end: DeadEnd) -> DeadEnd:
        return replace(
            dead_end,
            looked_for=self.redact(dead_end.looked_for),
            message=self.redact(dead_end.message),
            seen=[self.redact(s) for s in dead_end.seen],
            errors_on_screen=[self.redact(e) for e in dead_end.errors_on_screen],
            notices_on_screen=[self.redact(e) for e in dead_end.notices_on_screen],
            box_label=self.redact(dead_end.box_label) if dead_end.box_label else None,
        )
