"""A step's `StepResult`, built from what one way of doing it saw, every text redacted.

Harness work after the step's clock stopped: the screen read and measured, the screenshot,
the page's log (friction, errors, requests, dialogs), then every text kept masked of secrets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.analysis.signals import measure
from harness.browser import page as pages
from harness.browser.page_log import PageWatcher
from harness.record.model import ActionRecord, DeadEnd, StepResult
from harness.run import capture
from harness.run import step as decide
from harness.run.config import StepPlace
from harness.scenario.model import Step

MAX_SCREEN_TEXT = 20_000


@dataclass
class Seen:
    """What one way of doing a step came to: its actions, and how it ended."""

    started_ms: int
    actions: list[ActionRecord] = field(default_factory=list)
    stuck: decide.Stuck | None = None
    error: str | None = None
    met_before: bool = False


def step_result(place: StepPlace, step: Step, seen: Seen, watcher: PageWatcher) -> StepResult:
    """The step's result as the record keeps it: no secret in any text, the error's too."""
    result = _built(place, step, seen)
    result.expect_met_before = seen.met_before
    result.downloads = place.log.downloads
    result.new_tab = watcher.new_tab()
    result.page_height = place.log.page_height
    return place.redactor.tree(result)


def _built(place: StepPlace, step: Step, seen: Seen) -> StepResult:
    page, log, redact, scenario = place.page, place.log, place.redact, place.scenario
    screen = place.redactor.tree(pages.read_screen(page))  # measured and kept: no secret
    dead_end: DeadEnd | None = capture.dead_end(place, seen.stuck, screen) if seen.stuck else None
    log.cost.pages_visited = log.pages_visited
    duration_ms = place.watch.elapsed_ms()
    return StepResult(
        index=step.index,
        intent=step.intent,
        actions=seen.actions,
        expect=[e.describe() for e in step.expect],
        outcome=decide.step_outcome(
            error=seen.error,
            dead_end=dead_end is not None,
            duration_ms=duration_ms,
            budget_s=step.budget,
        ),
        started_ms=seen.started_ms,
        duration_ms=duration_ms,
        patience_s=step.patience,
        budget_s=step.budget,
        url=redact(pages.url(page)),
        title=redact(pages.read_title(page)),
        http_status=log.http_status,
        screenshot=capture.screenshot(place, step.index),
        dead_end=dead_end,
        friction=[place.redact_dead_end(f) for f in log.friction],
        action_screenshot=log.action_screenshot,
        action_box=log.action_box,
        cost=log.cost,
        console_errors=[redact(m) for m in log.console_errors],
        page_errors=[redact(m) for m in log.page_errors],
        failed_requests=[redact(m) for m in log.failed_requests],
        dialogs=[redact(m) for m in log.dialogs],
        error=seen.error,
        invisible_focus=[redact(n) for n in log.invisible_focus],
        screen_text=redact(str(screen.get("text", ""))[:MAX_SCREEN_TEXT]),
        text=measure(
            screen,
            scenario.jargon,
            cost=log.cost,
            known_words=scenario.product.split() if scenario.product else (),
        ),
    )
