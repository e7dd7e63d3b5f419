"""The runner: walks scenarios in a real browser and yields what happened, as events.

It never prints and never exits: the CLI, the record writer and the reports consume the
events it yields (`execute`), or call `run_scenarios` with handlers.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from harness import __version__
from harness.browser import BrowserChoice, find_browser, launch
from harness.errors import ProductUnreachable
from harness.events import (
    Event,
    Handler,
    RunFinished,
    RunStarted,
    ScenarioFinished,
    ScenarioStarted,
)
from harness.record import RunRecord, new_run_id, point_latest, utc_now
from harness.scenario import Scenario
from harness.walk import ScenarioWalk


@dataclass(frozen=True)
class RunConfig:
    base_url: str
    out_dir: Path
    headed: bool = False
    viewport: tuple[int, int] = (1280, 800)
    slowmo: float = 0
    run_id: str | None = None
    browser: BrowserChoice | None = None


def check_reachable(base_url: str, timeout: float = 4.0) -> None:
    """Fail fast, in one sentence, when nothing answers at the base URL."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ProductUnreachable(
            f"--base-url {base_url!r} is not an http(s) address; "
            "write it like http://localhost:3000."
        )
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
    scenarios: Sequence[Scenario], config: RunConfig, handlers: Iterable[Handler]
) -> RunRecord:
    """Run and hand every event to every handler; handlers are always shut down."""
    handlers = list(handlers)
    record: RunRecord | None = None
    try:
        for event in execute(scenarios, config):
            if isinstance(event, RunStarted):
                record = event.record
            for handler in handlers:
                handler.handle(event)
    finally:
        for handler in handlers:
            handler.shutdown()
    assert record is not None
    return record


def execute(scenarios: Sequence[Scenario], config: RunConfig) -> Iterator[Event]:
    from playwright.sync_api import sync_playwright

    check_reachable(config.base_url)
    choice = config.browser or find_browser()
    run_id = config.run_id or new_run_id()
    run_dir = config.out_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=False)
    with sync_playwright() as pw:
        browser = launch(pw, choice, headed=config.headed, slowmo=config.slowmo)
        try:
            width, height = config.viewport
            record = RunRecord(
                run_id=run_id,
                started_at=utc_now(),
                base_url=config.base_url,
                browser={"name": "chromium", "version": browser.version},
                viewport={"width": width, "height": height},
                harness_version=__version__,
            )
            point_latest(config.out_dir, run_id)
            yield RunStarted(record, run_dir, len(scenarios))
            for number, scenario in enumerate(scenarios, start=1):
                walk = ScenarioWalk(browser, scenario, config, run_dir, run_id, number)
                record.results.append(walk.result)
                yield ScenarioStarted(scenario, number, len(scenarios), walk.result)
                yield from walk.walk()
                yield ScenarioFinished(scenario, walk.result)
            record.status = "finished"
            record.finished_at = utc_now()
            yield RunFinished(record, run_dir)
        finally:
            browser.close()
