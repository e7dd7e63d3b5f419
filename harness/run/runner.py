"""The runner: walks scenarios in a real browser and yields what happened, as events.

It never prints and never exits: the CLI, the record writer and the reports consume the
events it yields (`execute`), or call `run_scenarios` with handlers.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from harness import __version__
from harness.analysis.signals import warm_up_words
from harness.browser.errors import gone
from harness.browser.launch import find_browser, launch
from harness.browser.remote import check_reaches, connect, mask_url
from harness.errors import ProductUnreachable, ShoshinError
from harness.files import make_new_dir
from harness.record.model import RunRecord, ScenarioResult, new_run_id, point_latest, utc_now
from harness.run.config import RunConfig, options_for
from harness.run.events import (
    Event,
    Handler,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
)
from harness.run.walk import ScenarioWalk
from harness.scenario.model import Scenario

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright


def check_reachable(base_url: str, timeout: float = 4.0, *, from_here: bool = True) -> None:
    """Fail fast, in one sentence, when nothing answers at the base URL (`from_here` False:
    only check it is an address; a browser elsewhere checks it answers there)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ProductUnreachable(
            f"--base-url {base_url!r} is not an http(s) address; "
            "write it like http://localhost:3000."
        )
    if not from_here:
        return
    try:
        with urllib.request.urlopen(base_url, timeout=timeout):
            pass
    except urllib.error.HTTPError:
        return  # it answered; an error page is the product's business, not ours
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ProductUnreachable(
            f"Nothing answered at {base_url} ({reason}); start the product, "
            "or pass the address it listens on with --base-url."
        ) from None


def run_scenarios(
    scenarios: Sequence[Scenario],
    config: RunConfig,
    handlers: Iterable[Handler],
    events: Iterator[Event] | None = None,
) -> RunRecord:
    """Run and hand every event to every handler; handlers are always shut down.

    A run stopped early (Ctrl-C, SIGTERM, a handler's failure) first hands the handlers what
    its workers walked and it had not handed out yet (`--workers`), in the serial order.
    `events`: another source of a run's events (`shoshin explore`'s), instead of walking.
    """
    handlers = list(handlers)
    record: RunRecord | None = None
    events = execute(scenarios, config) if events is None else events
    try:
        try:
            for event in events:
                if isinstance(event, RunStarted):
                    record = event.record
                for handler in handlers:
                    handler.handle(event)
        except BaseException:
            for event in getattr(events, "leftovers", list)():
                for handler in handlers:
                    # the stop request raises again at each event: the wrap-up goes on
                    with contextlib.suppress(Exception, KeyboardInterrupt):
                        handler.handle(event)
            raise
        finally:
            if hasattr(events, "leftovers"):  # workers end before the reports are written
                events.close()  # type: ignore[attr-defined]
    finally:
        for handler in handlers:
            handler.shutdown()
    assert record is not None
    return record


@dataclass
class OpenRun:
    """A launched browser, a new run directory and its record, ready for scenarios."""

    browser: Browser
    record: RunRecord
    run_dir: Path


def open_run(pw: Playwright, config: RunConfig, browser: Browser | None = None) -> OpenRun:
    """Check the product answers, launch Chromium, then make the run directory and its record.

    Everything a user can get wrong fails here, before anything is written: the run folder
    is made only once the browser is up (and, when it runs elsewhere, has reached the
    product from there), and a failure after that takes it away again (and closes the
    browser this launched). A `browser` launched by someone else (the pytest plugin, sharing
    pytest-playwright's) is used as is.
    """
    # A browser elsewhere may reach the product where this machine cannot (a Docker
    # network's `http://app:3000`): there, it is that browser which must reach it.
    check_reachable(config.base_url, from_here=not config.browser_endpoint)
    viewport = options_for(config.conditions, pw.devices).get("viewport")
    size = (viewport["width"], viewport["height"]) if viewport else config.viewport
    launched = None
    if browser is None:
        browser = launched = start_browser(pw, config)
    try:
        check_browser_reaches(browser, config)
        record, run_dir = new_record(config, browser_field(browser.version, config), size)
    except BaseException:
        if launched is not None:
            with contextlib.suppress(Exception):  # the first failure is the one to tell
                launched.close()
        raise
    return OpenRun(browser, record, run_dir)


def check_browser_reaches(browser: Browser, config: RunConfig) -> None:
    """A browser that runs elsewhere must reach the product from there (and record a video
    there, when the run wants videos); a local one reaches what this machine reaches."""
    if config.browser_endpoint:
        with tempfile.TemporaryDirectory(prefix="shoshin-reach-") as videos:
            video_dir = Path(videos) if config.conditions.video != "off" else None
            check_reaches(browser, config.base_url, config.browser_endpoint, video_dir=video_dir)


def browser_field(version: str, config: RunConfig) -> dict[str, str]:
    """The record's `browser`: name, version, and where it runs when elsewhere (masked)."""
    field = {"name": "chromium", "version": version}
    if config.browser_endpoint:
        field["endpoint"] = mask_url(config.browser_endpoint)
    return field


def new_record(
    config: RunConfig, browser: dict[str, str], size: tuple[int, int]
) -> tuple[RunRecord, Path]:
    """The run directory and its record, for a browser that is up (`browser`: the record's
    field) and a window of `size`; a failure after the folder is made takes it away again."""
    width, height = size
    run_dir: Path | None = None
    try:
        run_dir = _new_run_dir(config.out_dir, config.run_id or new_run_id())
        conditions = config.conditions.describe()
        conditions["viewport"] = {"width": width, "height": height}
        record = RunRecord(
            run_id=run_dir.name,
            started_at=utc_now(),
            base_url=config.base_url,
            browser=browser,
            viewport={"width": width, "height": height},
            harness_version=__version__,
            conditions=conditions,
            before_each=config.before_each,
            shard=config.shard.describe() if config.shard is not None else None,
        )
        _point_latest(config.out_dir, run_dir.name)
    except BaseException:
        if run_dir is not None:
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
    return record, run_dir


def _new_run_dir(out_dir: Path, run_id: str) -> Path:
    """A new folder for the run, never one another run made: two runs started together in
    the same `--out` get two folders (`-2` after the second's name if the names met)."""
    try:
        return make_new_dir(out_dir, run_id)
    except OSError as exc:
        raise ShoshinError(
            f"The run folder could not be made in {out_dir} ({exc.strerror or exc}); "
            "pass a folder you can write to with --out."
        ) from None


def _point_latest(out_dir: Path, run_id: str) -> None:
    try:
        point_latest(out_dir, run_id)
    except OSError as exc:
        raise ShoshinError(
            f"{out_dir / 'latest'} could not be pointed at the new run ({exc.strerror or exc}); "
            "remove it (shoshin makes it anew), or pass another --out."
        ) from None


def execute(scenarios: Sequence[Scenario], config: RunConfig) -> Iterator[Event]:
    """The run's events in order: walked one after another, or by `config.workers` worker
    processes at once (`harness.run.workers`), which then hands them out in the same order."""
    units = len(scenarios) * config.conditions.repeat
    if min(config.workers, units) > 1:
        from harness.run.parallel import ParallelRun

        return ParallelRun(scenarios, config)
    return _walk_serially(scenarios, config)


def _walk_serially(scenarios: Sequence[Scenario], config: RunConfig) -> Iterator[Event]:
    from playwright.sync_api import sync_playwright

    warm_up_words()  # while Chromium starts
    with sync_playwright() as pw:
        run = open_run(pw, config)
        browser, record, run_dir, run_id = run.browser, run.record, run.run_dir, run.record.run_id
        try:
            yield RunStarted(record, run_dir, len(scenarios))
            repeats = config.conditions.repeat
            for number, scenario in enumerate(scenarios, start=1):
                walks: list[ScenarioWalk] = []
                for repeat in range(1, repeats + 1):
                    browser = _alive(pw, config, browser)
                    walk = ScenarioWalk(
                        browser, scenario, config, run_dir, run_id, number, pw.devices, repeat
                    )
                    if repeat == 1:
                        record.results.append(walk.result)
                    yield ScenarioStarted(
                        scenario, number, len(scenarios), walk.result, repeat, repeats
                    )
                    yield from walk.walk()
                    walks.append(walk)
                    yield ScenarioFinished(scenario, walk.result)
                if repeats > 1:
                    record.results[-1] = keep_one([w.result for w in walks])
            record.status = "finished"
            record.finished_at = utc_now()
            yield RunFinished(record, run_dir)
        finally:
            # A browser that died, or a Playwright connection that Ctrl-C broke mid-call:
            # what was walked is in the record already, and the driver ends with shoshin.
            with contextlib.suppress(Exception):
                browser.close()


def _alive(pw: Playwright, config: RunConfig, browser: Browser) -> Browser:
    """The run's browser, or a new one when it died (killed, crashed, its connection lost):
    one scenario's error, not the run's end. A remote one is connected to anew; when its
    endpoint no longer answers, the run ends with that sentence."""
    if not gone(browser):
        return browser
    with contextlib.suppress(Exception):
        browser.close()  # lets Playwright forget it (a connected one: disconnects only)
    return start_browser(pw, config)


def start_browser(pw: Playwright, config: RunConfig) -> Browser:
    """The one place a run gets a browser: at its start, and anew after one died.

    With `browser_endpoint`, a connection to the browser there (each caller its own: N
    worker processes make N connections, each with its own contexts); else a local
    Chromium launched. Closing either ends only what this run made: a connected browser
    is disconnected, never shut down for its other users."""
    if config.browser_endpoint:
        return connect(pw, config.browser_endpoint, slowmo=config.slowmo)
    choice = config.browser or find_browser(pw)
    return launch(pw, choice, headed=config.headed, slowmo=config.slowmo)


def keep_one(results: Sequence[ScenarioResult]) -> ScenarioResult:
    """Of N walks of one scenario, show the first that went wrong (else the first) in full,
    and keep every walk's timings in `repeats` for comparisons that separate noise."""
    shown = next((r for r in results if r.outcome != "completed"), results[0])
    shown.repeats = [
        {
            "repeat": number,
            "outcome": r.outcome,
            "duration_ms": r.duration_ms,
            "steps": [
                {
                    "index": s.index,
                    "outcome": s.outcome,
                    "duration_ms": s.duration_ms,
                    "dead_end": s.dead_end.kind if s.dead_end else None,
                }
                for s in r.steps
            ],
        }
        for number, r in enumerate(results, start=1)
    ]
    return shown
