"""Walking one scenario in one fresh browser context, step by step.

Each step is timed from its first action to its expectation met; reading the screen,
screenshots and measurements happen after the clock stops (or inside `excluded()`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urljoin, urlsplit

from harness.analysis.dead_ends import classify
from harness.analysis.signals import measure
from harness.browser.page_log import PageWatcher, StepLog
from harness.browser.screen import SCREEN_SCRIPT
from harness.browser.targets import find
from harness.record.model import (
    ActionRecord,
    DeadEnd,
    DeadEndKind,
    ScenarioOutcome,
    ScenarioResult,
    StepOutcome,
    StepResult,
)
from harness.run.conditions import OFFLINE_AFTER_LOAD, context_options, go_offline, throttle
from harness.run.events import Event, StepFinished, StepStarted
from harness.run.stopwatch import Stopwatch
from harness.scenario.model import SECRET_MASK, Action, Expectation, Scenario, Step, with_run_id

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from harness.run.runner import RunConfig

MAX_SCREENSHOT_HEIGHT = 4000
MATCHES_LIMIT = 8
MAX_SCREEN_TEXT = 20_000
EXPECT_SLICE_MS = 200


class Stuck(Exception):
    """The newcomer is stuck: becomes a dead end once the screen has been read."""

    def __init__(
        self,
        kind: DeadEndKind,
        looked_for: str,
        message: str,
        box: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind, self.looked_for, self.message, self.box = kind, looked_for, message, box


class ScenarioWalk:
    """One scenario in one fresh browser context: no cookies, no storage, no cache."""

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
        self.name = f"{number:02d}-{scenario.slug}" + (f"-r{repeat}" if repeat > 1 else "")
        self.shots_dir = f"screenshots/{self.name}"
        self.result = ScenarioResult(
            scenario=scenario.name,
            file=str(scenario.file),
            persona=scenario.persona,
            budget_s=scenario.budget,
        )
        self.log = StepLog()
        self.watcher: PageWatcher | None = None
        self.secret_fields: list[Any] = []
        self.clock = time.monotonic()
        self.context: BrowserContext | None = None
        self.page: Page | None = None
        self.network: Any = None
        self.stuck_at: StepResult | None = None

    # --- the walk -------------------------------------------------------------------------

    def walk(self) -> Iterator[Event]:
        """Walk every step of the scenario, yielding events; the context is always closed."""
        try:
            self.open()
            for step in self.scenario.steps:
                yield StepStarted(self.scenario, step)
                result = self.step(step)
                yield StepFinished(self.scenario, step, result)
        except Exception as exc:  # the browser itself failed: an error, not a dead end
            self.result.error = _first_line(exc)
        finally:
            self.close()

    def open(self) -> None:
        """A new browser context: no cookies, no storage, no cache."""
        conditions = self.config.conditions
        options = context_options(conditions, self.devices)
        if conditions.video != "off":
            options["record_video_dir"] = str(self.run_dir / "videos" / self.name)
            options["record_video_size"] = options.get("viewport")
        self.context = self.browser.new_context(**options)
        if conditions.tracing != "off":
            self.context.tracing.start(
                title=self.scenario.name, screenshots=True, snapshots=True, sources=False
            )
        self.page = self.context.new_page()
        self.watcher = PageWatcher(self.page)
        self.network = throttle(self.context, self.page, conditions.network)
        self.stuck_at = None

    def step(self, step: Step) -> StepResult:
        """Walk one step (or skip it after a dead end) and add its result."""
        tracing = self.context is not None and self.config.conditions.tracing != "off"
        if tracing:
            assert self.context is not None
            self.context.tracing.group(f"Step {step.index}: {step.intent or 'no intent'}")
        try:
            if self.stuck_at is not None:
                result = self._skipped(step, self.stuck_at)
            else:
                assert self.page is not None, "open() the walk first"
                result = self._walk_step(self.page, step)
                if result.outcome in ("dead_end", "error"):
                    self.stuck_at = result
        finally:
            if tracing:
                assert self.context is not None
                self.context.tracing.group_end()
        if step.index == 1 and self.config.conditions.network == OFFLINE_AFTER_LOAD:
            go_offline(self.network)
        self.result.steps.append(result)
        return result

    def close(self) -> None:
        conditions = self.config.conditions
        try:
            if self.context is not None:
                failed = self._outcome() != "completed"
                if conditions.tracing != "off":
                    keep = conditions.tracing == "on" or failed
                    trace = f"traces/{self.name}.zip"
                    self.context.tracing.stop(path=str(self.run_dir / trace) if keep else None)
                    self.result.trace = trace if keep else None
                video = self.page.video if self.page and conditions.video != "off" else None
                self.context.close()
                if video is not None:
                    self._keep_video(video, conditions.video == "on" or failed)
        finally:
            self.context = None
            self.result.duration_ms = round((time.monotonic() - self.clock) * 1000)
            self.result.outcome = self._outcome()

    def _keep_video(self, video: Any, keep: bool) -> None:
        recorded = Path(video.path())
        if not keep:
            video.delete()
            return
        target = self.run_dir / "videos" / f"{self.name}.webm"
        recorded.replace(target)
        with contextlib.suppress(OSError):
            recorded.parent.rmdir()
        self.result.video = target.relative_to(self.run_dir).as_posix()

    def _outcome(self) -> ScenarioOutcome:
        outcomes = {s.outcome for s in self.result.steps}
        if self.result.error or "error" in outcomes:
            return "error"
        return "dead_end" if "dead_end" in outcomes else "completed"

    def _walk_step(self, page: Page, step: Step) -> StepResult:
        assert self.watcher is not None
        self.log = log = self.watcher.start_step()
        started_ms = round((time.monotonic() - self.clock) * 1000)
        watch = Stopwatch()
        stuck: Stuck | None = None
        error: str | None = None
        actions: list[ActionRecord] = []
        try:
            for action in self._actions_of(step):
                actions.append(self._perform(page, action, step, watch))
            self._await(page, step)
        except Stuck as s:
            stuck = s
        except Exception as exc:
            error = _first_line(exc)
        watch.stop()
        # From here on it is the harness's own work: not part of the step's time.
        screen = self._read_screen(page)
        dead_end = self._dead_end(stuck, screen) if stuck else None
        log.cost.pages_visited = log.pages_visited
        duration_ms = watch.elapsed_ms()
        outcome: StepOutcome = "passed"
        if error:
            outcome = "error"
        elif dead_end:
            outcome = "dead_end"
        elif step.budget is not None and duration_ms > step.budget * 1000:
            outcome = "slow"
        return StepResult(
            index=step.index,
            intent=step.intent,
            actions=actions,
            expect=[e.describe() for e in step.expect],
            outcome=outcome,
            started_ms=started_ms,
            duration_ms=duration_ms,
            patience_s=step.patience,
            budget_s=step.budget,
            url=self._redact(page.url),
            title=self._redact(_safe_title(page)),
            http_status=log.http_status,
            screenshot=self._screenshot(page, step.index),
            dead_end=dead_end,
            friction=[self._redact_dead_end(f) for f in log.friction],
            action_screenshot=log.action_screenshot,
            action_box=log.action_box,
            cost=log.cost,
            console_errors=[self._redact(m) for m in log.console_errors],
            page_errors=[self._redact(m) for m in log.page_errors],
            failed_requests=[self._redact(m) for m in log.failed_requests],
            dialogs=[self._redact(m) for m in log.dialogs],
            error=error,
            screen_text=self._redact(str(screen.get("text", ""))[:MAX_SCREEN_TEXT]),
            text=measure(
                screen,
                self.scenario.jargon,
                cost=log.cost,
                known_words=self.scenario.product.split() if self.scenario.product else (),
            ),
        )

    def _skipped(self, step: Step, stuck_at: StepResult) -> StepResult:
        return StepResult(
            index=step.index,
            intent=step.intent,
            actions=[_action_record(a, a.value, None) for a in step.actions],
            expect=[e.describe() for e in step.expect],
            outcome="skipped",
            started_ms=round((time.monotonic() - self.clock) * 1000),
            duration_ms=0,
            patience_s=step.patience,
            budget_s=step.budget,
            url=stuck_at.url,
            title=stuck_at.title,
            screenshot=stuck_at.screenshot,
        )

    def _actions_of(self, step: Step) -> tuple[Action, ...]:
        """The newcomer arrives at `start` before the first step, unless it visits itself."""
        if step.index == 1 and not (step.actions and step.actions[0].kind == "visit"):
            return (Action("visit", value=self.scenario.start or "/"), *step.actions)
        return step.actions

    # --- actions --------------------------------------------------------------------------

    def _perform(self, page: Page, action: Action, step: Step, watch: Stopwatch) -> ActionRecord:
        value = with_run_id(action.value, self.run_id) if action.value is not None else None
        if action.kind == "visit":
            url = urljoin(self.config.base_url, value or "/")
            response = page.goto(url, wait_until="domcontentloaded", timeout=step.patience * 1000)
            if response is not None and response.status >= 400:
                raise Stuck(
                    "http-error",
                    value or "/",
                    f"Opening {value} answered HTTP {response.status}.",
                )
            return _action_record(action, value, None)
        if action.kind == "press":
            page.keyboard.press(value or "Enter")
            return _action_record(action, value, None)
        if action.kind == "scroll" and action.target is None:
            page.evaluate(_SCROLL_SCRIPT, value)
            return _action_record(action, value, None)
        assert action.target is not None
        found = find(page, action.target, action.kind, step.patience)
        looked_for = action.target.describe()
        if found is None:
            raise Stuck(
                "missing-target",
                looked_for,
                f"The newcomer looked for “{looked_for}” for {step.patience:g} s "
                "and did not find it.",
            )
        locator = found.locator
        with watch.excluded():
            box = cast("Mapping[str, float] | None", locator.bounding_box())
            if found.count > 1:
                self._ambiguous(found.matches, found.count, looked_for)
            if action is self._last_targeted(step):
                self._action_screenshot(page, step.index, box)
        if action.kind in ("click", "fill", "select", "check", "upload"):
            self._wait_enabled(page, locator, looked_for, step.patience, box)
        if action.kind in ("click", "check"):
            self.log.cost.clicks += 1
        elif action.kind in ("fill", "select", "upload"):
            self.log.cost.fields_filled += 1
        timeout = step.patience * 1000
        if action.kind == "click":
            locator.click(timeout=timeout)
        elif action.kind == "hover":
            locator.hover(timeout=timeout)
        elif action.kind == "fill":
            locator.fill(value or "", timeout=timeout)
            if action.secret:
                self.secret_fields.append(locator)
        elif action.kind == "select":
            try:
                locator.select_option(label=value, timeout=timeout)
            except Exception:
                locator.select_option(value=value, timeout=timeout)
        elif action.kind == "check":
            locator.check(timeout=timeout)
        elif action.kind == "upload":
            locator.set_input_files(str(self.scenario.file.parent / (value or "")))
        elif action.kind == "scroll":
            locator.scroll_into_view_if_needed(timeout=timeout)
        return _action_record(action, value, box)

    def _wait_enabled(
        self,
        page: Page,
        locator: Any,
        looked_for: str,
        patience: float,
        box: Mapping[str, float] | None,
    ) -> None:
        deadline = time.monotonic() + patience
        while not locator.is_enabled():
            if time.monotonic() >= deadline:
                scroll = page.evaluate("[scrollX, scrollY]")
                page_box = (
                    {**box, "x": box["x"] + scroll[0], "y": box["y"] + scroll[1]} if box else None
                )
                raise Stuck(
                    "disabled-target",
                    looked_for,
                    f"“{looked_for}” was there but stayed disabled for {patience:g} s.",
                    page_box,
                )
            page.wait_for_timeout(50)

    @staticmethod
    def _last_targeted(step: Step) -> Action | None:
        targeted = [a for a in step.actions if a.target is not None]
        return targeted[-1] if targeted else None

    def _ambiguous(self, matches: Any, count: int, looked_for: str) -> None:
        """Several visible things answer to the same words: friction, the first is used."""
        try:
            names = matches.evaluate_all(_NAMES_SCRIPT, MATCHES_LIMIT)
        except Exception:
            names = []
        self.log.friction.append(
            DeadEnd(
                kind="ambiguous-target",
                looked_for=looked_for,
                message=(
                    f"{count} visible things answer to “{looked_for}”; "
                    "the newcomer has to guess, and the first was used."
                ),
                seen=[str(n) for n in names],
            )
        )

    def _action_screenshot(self, page: Page, index: int, box: Mapping[str, float] | None) -> None:
        """The screen as the newcomer acts, before the step's last targeted action."""
        relative = f"{self.shots_dir}/step-{index:02d}-before.png"
        path = self.run_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(
                path=str(path), mask=self.secret_fields, animations="disabled", scale="css"
            )
            required = page.evaluate(SCREEN_SCRIPT).get("required_fields", 0)
        except Exception:
            return
        self.log.action_screenshot = relative
        self.log.action_box = dict(box) if box else None
        self.log.cost.required_fields = int(required)

    # --- expectations -----------------------------------------------------------------------

    def _await(self, page: Page, step: Step) -> None:
        deadline = time.monotonic() + step.patience
        for expectation in step.expect:
            while not self._met(page, expectation, deadline):
                self._check_http(step)
                if time.monotonic() >= deadline:
                    self._check_crash()
                    what = expectation.describe()
                    raise Stuck(
                        "expectation-unmet",
                        what,
                        f"After the step the newcomer waited {step.patience:g} s "
                        f"for “{what}” and it never appeared.",
                    )
        self._check_http(step)

    def _met(self, page: Page, expectation: Expectation, deadline: float) -> bool:
        slice_ms = max(min(EXPECT_SLICE_MS, (deadline - time.monotonic()) * 1000), 1)
        try:
            if expectation.kind == "text":
                page.get_by_text(expectation.value).filter(visible=True).first.wait_for(
                    state="visible", timeout=slice_ms
                )
                return True
            if expectation.kind == "url":
                if url_matches(page.url, expectation.value, self.config.base_url):
                    return True
            elif expectation.value.casefold() in _safe_title(page).casefold():
                return True
            page.wait_for_timeout(min(50, slice_ms))
            return False
        except Exception as exc:
            if type(exc).__name__ == "TimeoutError" or "context was destroyed" in str(exc):
                return False
            raise

    def _check_http(self, step: Step) -> None:
        if self.log.http_errors:
            status, url = self.log.http_errors[-1]
            raise Stuck("http-error", self._redact(url), f"The page answered HTTP {status}: {url}.")

    def _check_crash(self) -> None:
        if self.log.crashed or self.log.page_errors:
            what = self.log.page_errors[-1] if self.log.page_errors else "the page crashed"
            raise Stuck("page-crash", "a working page", f"The page failed: {what}.")

    # --- reading the screen (harness work, after the clock stopped) ---------------------------

    def _read_screen(self, page: Page) -> dict[str, Any]:
        try:
            data: dict[str, Any] = page.evaluate(SCREEN_SCRIPT)
            return data
        except Exception:
            return {"actions": [], "errors": [], "text": ""}

    def _dead_end(self, stuck: Stuck, screen: dict[str, Any]) -> DeadEnd:
        dead_end = classify(
            stuck.kind,
            stuck.looked_for,
            stuck.message,
            screen,
            page_errors=self.log.page_errors,
            target_box=stuck.box,
        )
        return self._redact_dead_end(dead_end)

    def _redact_dead_end(self, dead_end: DeadEnd) -> DeadEnd:
        return replace(
            dead_end,
            looked_for=self._redact(dead_end.looked_for),
            message=self._redact(dead_end.message),
            seen=[self._redact(s) for s in dead_end.seen],
            errors_on_screen=[self._redact(e) for e in dead_end.errors_on_screen],
            box_label=self._redact(dead_end.box_label) if dead_end.box_label else None,
        )

    def _screenshot(self, page: Page, index: int) -> str | None:
        relative = f"{self.shots_dir}/step-{index:02d}.png"
        path = self.run_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            height = int(page.evaluate("document.documentElement.scrollHeight"))
            width = (page.viewport_size or {"width": self.config.viewport[0]})["width"]
            clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_SCREENSHOT_HEIGHT)}
            page.screenshot(
                path=str(path),
                full_page=True,
                clip=clip,  # type: ignore[arg-type]
                mask=self.secret_fields,
                animations="disabled",
                scale="css",  # one pixel per CSS pixel, so recorded boxes match
            )
        except Exception:
            return None
        return relative

    def _redact(self, text: str) -> str:
        for secret in self.scenario.secrets:
            text = text.replace(with_run_id(secret, self.run_id), SECRET_MASK)
        return text


_NAMES_SCRIPT = """
(els, limit) => els.slice(0, limit).map(el =>
  (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '')
    .replace(/\\s+/g, ' ').trim())
"""

_SCROLL_SCRIPT = """
(where) => {
  const h = window.innerHeight * 0.8;
  if (where === 'down') window.scrollBy(0, h);
  else if (where === 'up') window.scrollBy(0, -h);
  else if (where === 'top') window.scrollTo(0, 0);
  else window.scrollTo(0, document.documentElement.scrollHeight);
}
"""


def url_matches(url: str, expected: str, base_url: str) -> bool:
    """`/done` matches the path; a full URL or a glob (`*/done?*`) matches the whole URL."""
    if expected.startswith("/"):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if "?" in expected else "")
        return fnmatch.fnmatchcase(path, expected) or path.rstrip("/") == expected.rstrip("/")
    return fnmatch.fnmatchcase(url, expected) or url == urljoin(base_url, expected)


def _action_record(
    action: Action, value: str | None, box: Mapping[str, float] | None
) -> ActionRecord:
    """The action as done, with `{run_id}` filled in and secrets masked."""
    done = replace(action, value=value)
    target = action.target.describe() if action.target else None
    shown = SECRET_MASK if action.secret else value
    return ActionRecord(action.kind, target, shown, done.describe(), dict(box) if box else None)


def _safe_title(page: Page) -> str:
    try:
        return page.title()
    except Exception:
        return ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")
