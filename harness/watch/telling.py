"""THE recorder's raw events told as session events (see harness/session/log.py's docstring).

`Teller` lives on the browser's thread: it classifies what the recorder saw (clicks and
misclicks, rage, dead clicks, typing, errors, pauses) and looks for the scenario's signs in
the tester's page, and writes each event with `SessionLog.record`, with a screenshot for
signs, rage and dead clicks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from harness.browser.recording import Event
from harness.browser.remote import mask_url
from harness.browser.watched import WatchedWindow
from harness.run.expect import holds_now
from harness.scenario.model import Scenario, Step
from harness.session.log import SessionLog
from harness.watch.clicks import Click, Hesitations, RageWatch, Signs

INPUT_KINDS = ("click", "input", "check", "select", "press", "activity")


def page_url(url: str) -> str:
    """A page's address as the session records it: keys masked, a route fragment kept
    (single-page apps name their pages there, and lostness counts pages)."""
    return mask_url(url, route=True)


def target(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    """What was hit, as scenarios name targets: role, name and visible words."""
    if not raw:
        return None
    return {"role": raw.get("role"), "name": raw.get("name"), "text": raw.get("text")}


def is_control(raw: dict[str, Any] | None) -> bool:
    """A control that should answer a click (not a field, which a click only focuses)."""
    return bool(raw and raw.get("interactive") and raw.get("role") and not raw.get("field"))


class Teller:
    def __init__(
        self,
        log: SessionLog,
        window: WatchedWindow,
        scenario: Scenario,
        base_url: str,
        *,
        hesitation_s: float,
    ) -> None:
        self.log, self.window, self.scenario, self.base_url = log, window, scenario, base_url
        self.signs = Signs([s.index for s in scenario.steps if s.expect], len(scenario.steps))
        self.rage = RageWatch()
        self.pauses = Hesitations(log.now(), hesitation_s)
        self.clicks: dict[int, Event] = {}  # clicks waiting to settle, by seq
        self.errors: dict[int, set[str]] = {}  # the errors on screen, by tab
        self.downloads: list[str] = []
        self.url = ""  # where the tester last was (masked)
        self.viewport: dict[str, int] | None = None  # the window's, when it opened
        self.arrived: dict[int, str] = {}  # each tab's URL as its last page event told it
        # When a sign moved the tester on (epoch ms) and the step they were on before it.
        self.moves: list[tuple[float, int | None]] = []

    @property
    def step(self) -> int | None:
        return self.signs.current(self.log.step)

    def _step_at(self, at: Any) -> int | None:
        """The step the tester was on at `at` (the page's epoch ms): what the page tells can
        reach shoshin after a sign it came before (a field left as its form was sent)."""
        step = self.step
        if isinstance(at, int | float):
            for seen, before in reversed(self.moves):
                if at >= seen:
                    break
                step = before
        return step

    def _write(
        self, kind: str, fields: dict[str, Any], shot: tuple[int, str] | None = None
    ) -> None:
        taker = self._shooter(*shot) if shot else None
        self.log.record({"type": kind, **fields}, shot=taker)

    def _shooter(self, tab: int, kind: str) -> Callable[[int], str | None]:
        def take(n: int) -> str | None:
            relative = f"{self.log.session.id}/{n:04d}-{kind}.png"
            taken = self.window.screenshot(tab, self.log.path.parent / relative)
            return relative if taken else None

        return take

    # --- the window -------------------------------------------------------------------------

    def opened(self, url: str) -> None:
        self.url = page_url(url)
        self.viewport = self.window.viewport()
        self._write("browser", {"state": "opened", "url": self.url, "viewport": self.viewport})

    def closed(self) -> None:
        ended = self.log.session.ended_t  # a pause runs until the session ended, not beyond
        self._pause(self.pauses.stop(self.log.now() if ended is None else ended))
        self._write("browser", {"state": "closed", "url": self.url, "viewport": self.viewport})

    # --- what the recorder saw ----------------------------------------------------------------

    def handle(self, raw: Event) -> None:
        kind, tab = raw.get("kind"), int(raw.get("page") or 1)
        url = page_url(str(raw.get("url") or ""))
        if kind in INPUT_KINDS:
            self._pause(self.pauses.input(self.log.now()), url)
        here = {"step": self._step_at(raw.get("at")), "url": url}
        if kind == "navigation":
            self.url = url
            self.arrived[tab] = str(raw.get("url") or "")
            self.errors.pop(tab, None)
            self._write("page", {**here, "title": raw.get("title") or "", "via": raw.get("via")})
        elif kind == "click":
            self._click(raw, tab, here)
        elif kind == "settled":
            self._settled(raw, tab, here)
        elif kind == "input":
            self._write("typed", {**here, "field": target(raw.get("field"))})
        elif kind == "errors":
            shown = [str(e) for e in raw.get("errors") or []]
            before = self.errors.get(tab, set())
            self.errors[tab] = set(shown)
            for text in dict.fromkeys(e for e in shown if e not in before):
                self._write("form_error", {**here, "text": text})
        elif kind == "download":
            self.downloads.append(str(raw.get("name") or ""))

    def _click(self, raw: Event, tab: int, here: dict[str, Any]) -> None:
        hit = raw.get("target")
        x, y = raw.get("x", 0), raw.get("y", 0)
        interactive = bool(hit and hit.get("interactive"))
        self._write(
            "click",
            {
                **here,
                "x": x,
                "y": y,
                "page_x": raw.get("page_x", x),
                "page_y": raw.get("page_y", y),
                "target": target(hit),
                "interactive": interactive,
            },
        )
        burst = self.rage.click(Click(time.monotonic(), float(x), float(y), tab))
        if burst is not None:
            fields = {**here, "x": x, "y": y, "clicks": burst, "target": target(hit)}
            self._write("rage", fields, shot=(tab, "rage"))
        if is_control(hit):
            self.clicks[int(raw["seq"])] = {**raw, "step": here["step"]}

    def _settled(self, raw: Event, tab: int, here: dict[str, Any]) -> None:
        click = self.clicks.pop(int(raw.get("click") or 0), None)
        if click is None or raw.get("changed"):
            return
        fields = {
            "step": click["step"],
            "url": page_url(str(click.get("url") or "")),
            "x": click.get("x", 0),
            "y": click.get("y", 0),
            "target": target(click.get("target")),
        }
        self._write("dead_click", fields, shot=(tab, "dead_click"))

    def _pause(self, pause: Any, url: str | None = None) -> None:
        if pause is None:
            return
        fields = {"step": self.step, "url": url or self.url}
        self._write("hesitation", {**fields, "since": pause.since, "seconds": pause.seconds})

    # --- the scenario's signs -------------------------------------------------------------------

    def _holds(self, page: Any, step: Step) -> bool:
        try:
            return all(holds_now(page, e, self.base_url, self.downloads) for e in step.expect)
        except Exception:  # the tab closed, or crashed, while it was looked at
            return False

    def look_for_signs(self, first: Callable[[], None] = lambda: None) -> None:
        """Each step from the current one on: did its expected sign just come true?

        `first` is called before a sign is written: what the recorder told while the page
        was looked at (a field left as its form was sent) happened before the sign, and is
        written first, on the step it happened on."""
        # A page is looked at once its page event is written: a sign follows its page.
        tabs = [(n, p) for n, p in self.window.pages() if self.arrived.get(n) == p.url]
        for index in self.signs.to_check(self.log.step):
            step = self.scenario.steps[index - 1]
            # What happened before this look began came before the sign, whatever reaches
            # shoshin later.
            before, looked_at = self.step, time.time() * 1000
            where = next(((n, page) for n, page in tabs if self._holds(page, step)), None)
            if where is not None:
                first()
                if self.arrived.get(where[0]) != where[1].url:
                    return  # a new page came under the look: its page event first, then signs
            if self.signs.seen(index, where is not None) and where is not None:
                tab, page = where
                fields = {"step": index, "url": page_url(page.url)}
                self._write("sign", fields, shot=(tab, "sign"))
                if self.step != before:
                    self.moves = [*self.moves[-20:], (looked_at, before)]
