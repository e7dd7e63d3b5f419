"""Walking one scenario in one fresh browser context, step by step.

Each step is timed from its first action to its expectation met; reading the screen,
screenshots and measurements happen after the clock stops (or inside `excluded()`, which
counts after all when the product worked meanwhile). A scenario's `duration_ms` is the
newcomer's time, the sum of its steps'; `wall_ms` is the harness's, set-up to teardown.
The parts: `step` (decisions), `perform` (actions), `expect` (expectations), `capture`
(screenshots and what the screen showed).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.activity import ProductActivity
from harness.browser.errors import browser_errors, browser_gone_words, first_line, gone
from harness.browser.network import NETWORKS
from harness.browser.page_log import PageWatcher
from harness.browser.tab import Tab
from harness.errors import BrowserFailed
from harness.record.model import (
    RUNNING,
    ScenarioOutcome,
    ScenarioResult,
    StepResult,
)
from harness.run import prepare, ways
from harness.run import step as decide
from harness.run.a11y_audit import A11yAudit
from harness.run.config import RunConfig, StepPlace, options_for, redactor_for
from harness.run.events import Event, StepFinished, StepStarted
from harness.run.expect import await_expectations, follow, look_before
from harness.run.perform import as_dead_ends, do_action
from harness.run.step_result import Seen, step_result
from harness.run.stopwatch import Stopwatch
from harness.run.trace_scrub import scrubber
from harness.scenario.model import Action, Scenario, Step

if TYPE_CHECKING:
    from playwright.sync_api import Browser


class ScenarioWalk:
    """One scenario in one fresh browser context: no cookies, no storage, no cache.

    `walk()` does it all. To walk steps one at a time on the same page (as the pytest
    plugin's `newcomer` does): `first_run.before_context()`, `open()`,
    `first_run.in_context(page)` (`run/prepare.py`), then `step(step)` for each `Step`
    (it returns the step's `StepResult`, also added to `result`), then `close()`. `scenario` may be
    replaced between steps, e.g. to add a secret.
    """

    def __init__(
        self,
        browser: Browser,
        scenario: Scenario,
        config: RunConfig,
        run_dir: Path,
        run_id: str,
        number: int,
        devices: Mapping[str, Any] | None = None,
        repeat: int = 1,
    ) -> None:
        self.browser, self.scenario, self.config = browser, scenario, config
        self.run_dir, self.run_id = run_dir, run_id
        self.devices = devices or {}
        number = config.number_in_run(number)  # in the whole run, when this is one shard of it
        self.name = f"{number:02d}-{scenario.slug}" + (f"-r{repeat}" if repeat > 1 else "")
        self.shots_dir = f"screenshots/{self.name}"
        self.result = ScenarioResult(
            scenario=scenario.name,
            file=str(scenario.file),
            persona=scenario.persona,
            budget_s=scenario.budget,
            position=number,
        )
        self.secret_fields: list[Any] = []
        self.clock = time.monotonic()
        self.tab: Tab | None = None
        self.watcher: PageWatcher | None = None
        self.activity: ProductActivity | None = None
        self.stuck_at: StepResult | None = None
        self.first_run = prepare.FirstRun(  # `--before-each`, `reset:`
            config.before_each, scenario, run_id, config.base_url, run_dir, self.name, repeat
        )
        self.result.prepared = self.first_run.prepared
        self.a11y = A11yAudit() if config.a11y else None  # axe-core after each step

    def walk(self) -> Iterator[Event]:
        """Walk every step of the scenario, yielding events; the context is always closed.

        A walk stopped by Ctrl-C or SIGTERM keeps the outcome `running`: it did not end.
        """
        stopped = False
        try:
            self.first_run.before_context()
            self.open()
            assert self.tab is not None
            self.first_run.in_context(self.tab.page)
            for step in self.scenario.steps:
                yield StepStarted(self.scenario, step)
                result = self.step(step)
                yield StepFinished(self.scenario, step, result)
        except prepare.NotFirstRun as exc:  # not a first run: nothing to judge
            self.result.error = redactor_for(self.scenario, self.run_id).text(str(exc))
        except (Exception, asyncio.CancelledError) as exc:  # the browser itself failed: an
            # error, not a dead end (a call the dead browser left waiting is cancelled)
            self.result.error = redactor_for(self.scenario, self.run_id).text(first_line(exc))
        except BaseException:  # Ctrl-C, SIGTERM, or the run closing the walk: it did not end
            stopped = True
            raise
        finally:
            if stopped:  # a signal may have broken Playwright's connection: close what can be
                with contextlib.suppress(Exception):
                    self.close()
                self.result.outcome = RUNNING
            else:
                if self.result.error is not None and self._died():
                    self.result.error = self.gone_words  # not a Python exception's words
                self._close_even_if_gone()

    def open(self) -> None:
        """A new browser context: no cookies, no storage, no cache."""
        conditions = self.config.conditions
        video = self.run_dir / "videos" / self.name if conditions.video != "off" else None
        self.tab = Tab(
            self.browser,
            options_for(conditions, self.devices),
            trace_title=self.scenario.name if conditions.tracing != "off" else None,
            video_dir=video,
        )
        self.watcher = PageWatcher(self.tab.page)
        self.activity = ProductActivity(self.tab.page)
        if conditions.network is not None:
            self.tab.throttle(NETWORKS.get(conditions.network))
        self.stuck_at = None

    def step(self, step: Step) -> StepResult:
        """Walk one step (or skip it after a dead end) and add its result."""
        group = f"Step {step.index}: {step.intent or 'no intent'}"
        with self.tab.group(group) if self.tab is not None else contextlib.nullcontext():
            if self.stuck_at is not None:
                result = decide.skipped(step, self.stuck_at, self._now_ms())
                result = redactor_for(self.scenario, self.run_id).tree(result)  # no secret
            else:
                result = ways.walk_ways(step, self._walk_step)
                if self.a11y is not None and self.watcher is not None:  # off the step's clock
                    redactor = redactor_for(self.scenario, self.run_id)
                    result.a11y = self.a11y.after_step(self.watcher.page, redactor)
                if decide.stops_the_walk(result.outcome):
                    self.stuck_at = result
        if self.tab is not None and decide.goes_offline_after(step, self.config.conditions.network):
            self.tab.go_offline()
        self.result.steps.append(result)
        return result

    def close(self) -> None:
        conditions = self.config.conditions
        try:
            if self.tab is not None:
                failed = self._outcome() != "completed"
                trace = f"traces/{self.name}.zip"
                keep_trace = decide.keeps(conditions.tracing, failed)
                video = self.run_dir / "videos" / f"{self.name}.webm"
                kept_video = self.tab.close(
                    trace_to=self.run_dir / trace if keep_trace else None,
                    video_to=video if decide.keeps(conditions.video, failed) else None,
                    scrub=scrubber(redactor_for(self.scenario, self.run_id)),  # no secret kept
                )
                if self.tab.tracing:
                    self.result.trace = trace if keep_trace else None
                if kept_video:
                    self.result.video = video.relative_to(self.run_dir).as_posix()
        finally:
            self.tab = None
            self.result.wall_ms = self._now_ms()
            self.result.duration_ms = self.result.newcomer_ms
            self.result.outcome = self._outcome()

    def _close_even_if_gone(self) -> None:
        """`close()`, which a browser that died cannot do: then what it kept is lost."""
        try:
            self.close()
        except (BrowserFailed, asyncio.CancelledError):
            if self._died() is None:
                raise
            self.result.error = self.result.error or self.gone_words

    @property
    def gone_words(self) -> str:
        return browser_gone_words(remote=self.config.browser_endpoint is not None)

    def _died(self) -> str | None:
        """The sentence for a browser that died, when it did (asked after something failed)."""
        return self.gone_words if gone(self.browser) else None

    def _outcome(self) -> ScenarioOutcome:
        return decide.scenario_outcome((s.outcome for s in self.result.steps), self.result.error)

    def _now_ms(self) -> int:
        return round((time.monotonic() - self.clock) * 1000)

    def _walk_step(self, step: Step, arriving: bool = True) -> StepResult:
        """One way of doing the step; `arriving`: the first, which opens `start` at step 1."""
        assert self.tab is not None and self.watcher is not None, "open() the walk first"
        log = self.watcher.start_step()
        seen = Seen(started_ms=self._now_ms())
        place = StepPlace(
            page=self.watcher.page,  # the tab the newcomer is on (one the page opened)
            scenario=self.scenario,
            config=self.config,
            run_id=self.run_id,
            run_dir=self.run_dir,
            shots_dir=self.shots_dir,
            log=log,
            secret_fields=self.secret_fields,
            watch=Stopwatch(self.activity),  # restarted at the first action
        )
        trying: Action | None = None
        try:
            with as_dead_ends(place, step), browser_errors():
                before = look_before(place, step)
                place.watch.restart()  # the step's time runs from its first action
                todo = decide.actions_of(step, self.scenario.start) if arriving else step.actions
                for action in todo:
                    trying = action
                    seen.actions.append(do_action(place, action, step))
                    trying = None
                seen.met_before = await_expectations(place, step, before)
        except decide.Stuck as s:
            seen.stuck = s
        except (Exception, asyncio.CancelledError) as exc:  # cancelled: the browser died
            seen.error = first_line(exc)
        place.watch.stop()
        follow(place)
        if (seen.stuck is not None or seen.error is not None) and self._died():
            seen.stuck, seen.error = None, self.gone_words  # not the product's doing
        if trying is not None:  # the action the newcomer got stuck on is kept too
            seen.actions.append(decide.attempted(trying, self.run_id))
        # From here on it is the harness's own work: not part of the step's time.
        return step_result(place, step, seen, self.watcher)
