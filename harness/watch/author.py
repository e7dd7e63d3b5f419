"""`shoshin record`: the author walks the product in a browser shoshin opens, and the walk is
written as a scenario as it goes.

THE recorder (`harness.browser.recording`, values on) tells what the author does; the
author's marks (selected text, the heading key, which fields are passwords) come from
`harness/browser/authoring.js`. `Translator` turns both into `harness.scenario.compose`
events (pure, tested without a browser); `AuthorWalk` feeds them to the `Composer` and
writes the file atomically after each one, so a killed `shoshin record` keeps every step.
What the author types into a password field stays in memory: the file reads `${NAME}`.
"""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from harness.browser.nearby import _HELPERS as NEARBY_HELPERS
from harness.browser.screen import SCREEN_SCRIPT
from harness.files import write_text_atomic
from harness.scenario.compose import (
    CHECK_ROLES,
    Click,
    Composer,
    Event,
    Expect,
    Fill,
    Named,
    Navigate,
    Press,
    Select,
)
from harness.scenario.urls import resolve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

AUTHORING_BINDING = "__shoshinAuthor"
EXPECT_KEY = "Alt+Shift+E"  # the page's main heading is what the author expected
SETTLE_MS = 600  # a selection resting this long is a mark
PUMP_MS = 100  # how often the walk's events are taken in
# Keys a scenario has no use for: moving between fields, and the editing chords.
QUIET_KEYS = re.compile(r"(?:(?:Control|Meta)\+(?:Shift\+)?[ACVXZY]|Tab|Shift\+Tab)", re.I)
SECRET_LABEL = re.compile(r"pass(?:word|wort|code|phrase)|secret|\bpin\b|one.time|token", re.I)
TYPED = frozenset({"typed", "address_bar", "generated", "auto_bookmark", "keyword"})


def authoring_script() -> str:
    """authoring.js with its options filled in."""
    source = (Path(__file__).parent.parent / "browser" / "authoring.js").read_text("utf-8")
    options = {"binding": AUTHORING_BINDING, "key": EXPECT_KEY, "settle_ms": SETTLE_MS}
    return (
        source.replace("__OPTIONS__", json.dumps(options))
        .replace("__SCREEN__", SCREEN_SCRIPT)
        .replace("__NEARBY__", NEARBY_HELPERS)
    )


def named(target: Any) -> Named | None:
    """The recorder's target (or field) as compose names it."""
    if not isinstance(target, dict):
        return None

    def text(key: str) -> str | None:
        value = target.get(key)
        return value if isinstance(value, str) else None

    count = target.get("same_name_count")
    return Named(
        role=text("role"),
        name=text("name"),
        label=text("label"),
        text=text("text"),
        css=text("css"),
        same_name_count=count if isinstance(count, int) else 1,
    )


class Translator:
    """The recorder's and the author's events, as compose events (None: nothing to write)."""

    def __init__(self) -> None:
        self._typing: dict[str, str] = {}  # a password field's id -> its value, in memory only
        self._place: dict[str, Any] | None = None  # the words near the next click's target

    @property
    def secret_values(self) -> set[str]:
        return {v for v in self._typing.values() if v}

    def author(self, event: dict[str, Any]) -> Event | None:
        kind, text = event.get("kind"), event.get("text")
        if kind == "secret":
            self._typing[str(event.get("field"))] = str(event.get("value") or "")
            return None
        if kind == "place":
            self._place = event
            return None
        if not isinstance(text, str) or not text.strip():
            return None
        if kind in ("expect", "heading"):
            return Expect(text)
        return Expect(text, kind="title") if kind == "title" else None

    def recorder(self, event: dict[str, Any], transition: str | None = None) -> Event | None:
        """`transition`: how the browser says a navigation 'other' came about (CDP's
        transitionType), when it was asked."""
        kind = event.get("kind")
        if kind == "navigation":
            via = str(event.get("via"))
            if via == "other" and transition in TYPED:
                via = "typed"
            return Navigate(str(event.get("url") or ""), via)
        if kind == "click":
            target = named(event.get("target"))
            info = event.get("target") or {}
            if target is None or not info.get("interactive") or info.get("field"):
                return None  # plain text (a selection), a field (its change says it)
            place, self._place = self._place, None
            if place and (place.get("role"), place.get("name")) == (target.role, target.name):
                near = place.get("near")
                target = replace(target, near=near if isinstance(near, str) else None)
            return Click(target)
        if kind == "check":
            field = named(event.get("field"))
            if field is None:
                return None
            role = field.role if field.role in CHECK_ROLES else "checkbox"
            return Click(
                Named(**{**field.__dict__, "role": role}), checked=bool(event.get("checked"))
            )
        if kind == "input":
            return self._input(event)
        if kind == "select":
            field, option = named(event.get("field")), event.get("option")
            return Select(field, option) if field and isinstance(option, str) else None
        if kind == "press":
            return self._press(event)
        return None

    def _input(self, event: dict[str, Any]) -> Fill | None:
        field, value = named(event.get("field")), event.get("value")
        if field is None or not isinstance(value, str):
            return None
        words = " ".join(w for w in (field.label, field.name) if w)
        secret = value in self.secret_values or bool(SECRET_LABEL.search(words))
        return Fill(field, value, secret=secret)

    def _press(self, event: dict[str, Any]) -> Press | None:
        key = str(event.get("key") or "")
        if not key or QUIET_KEYS.fullmatch(key) or key == EXPECT_KEY:
            return None
        if key == "Enter":  # a form sent from its field; on a button, the click says it
            field = event.get("field") or {}
            return Press(key) if field.get("role") in ("textbox", "searchbox") else None
        return Press(key)


@dataclass(frozen=True)
class RecordOptions:
    base_url: str
    out: Path
    start: str = "/"
    name: str | None = None
    headless: bool = False
    devtools_port: int | None = None  # 0: any free port; said on the terminal


class AuthorWalk:
    """The events of one walk, taken in on the Playwright thread, written after each one."""

    def __init__(self, options: RecordOptions, say: Callable[[str], None]) -> None:
        self.options, self.say = options, say
        stem = options.out.stem
        name = options.name or re.sub(r"[-_]+", " ", stem).capitalize()
        self.composer = Composer(name, options.base_url, secret_prefix=stem)
        # Where the author asked to start, not where the product sent them (a redirect to a
        # sign-in page is the product's doing, and is walked again on every run).
        self.composer.start = self.composer.relative(resolve(options.base_url, options.start))
        self.translator = Translator()
        self.queue: list[tuple[str, dict[str, Any]]] = []
        self.written = ""

    def from_recorder(self, event: dict[str, Any]) -> None:
        self.queue.append(("recorder", event))

    def from_author(self, _source: Any, event: Any) -> None:
        if isinstance(event, dict):
            self.queue.append(("author", event))

    def take(self, transition: Callable[[dict[str, Any]], str | None]) -> None:
        """Everything that came in since the last time: composed, told, written."""
        while self.queue:
            origin, event = self.queue.pop(0)
            if origin == "author":
                composed = self.translator.author(event)
            else:
                asked = transition(event) if event.get("via") == "other" else None
                composed = self.translator.recorder(event, asked)
            if composed is None:
                continue
            before = self.composer.recorded
            told = self.composer.add(composed)
            if self.composer.recorded > before:
                kind, _, _, said = self.composer.steps[-1].actions[-1]
                self.say(f"  + {kind} {said}")
            for line in told:
                self.say(f"  {line}")
        self.write()

    def write(self) -> None:
        if not self.composer.steps:
            return  # nothing to run yet: no file that would not load
        text = self.composer.text()
        if text != self.written:
            write_text_atomic(self.options.out, text)
            self.written = text


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def record(options: RecordOptions, say: Callable[[str], None]) -> AuthorWalk:
    """Open the browser at the product, record until its window closes or Ctrl-C."""
    from harness.browser.launch import find_browser
    from harness.browser.watched import WatchedWindow
    from harness.run.runner import check_reachable

    check_reachable(options.base_url)
    walk = AuthorWalk(options, say)

    def prepare(context: BrowserContext) -> None:
        context.expose_binding(AUTHORING_BINDING, walk.from_author)
        context.add_init_script(script=authoring_script())

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    window = WatchedWindow(
        find_browser(),
        resolve(options.base_url, options.start),
        walk.from_recorder,
        headless=options.headless,
        devtools_port=options.devtools_port,
        values=True,
        prepare=prepare,
        command="shoshin record",
    )
    try:
        if window.devtools is not None:
            say(f"DevTools: {window.devtools}")
        _tell_how(say, options)

        def transition(event: dict[str, Any]) -> str | None:
            return window.transition(int(event.get("page") or 1))

        try:
            while window.pump(PUMP_MS):
                walk.take(transition)
            walk.take(lambda _: None)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the wrap-up is short: let it end
            walk.write()
    finally:
        window.close()
    return walk


def _tell_how(say: Callable[[str], None], options: RecordOptions) -> None:
    say(f"Recording into {options.out}. In the browser, walk as the newcomer would:")
    say("  click, fill in and choose: each is an action of the step, named as on screen;")
    say(f"  select the words that show the step worked, or press {EXPECT_KEY} for the page's")
    say("  main heading: that is the step's expect, and the next action starts a new step.")
    say("Close the window (or press Ctrl-C here) when done. The file is saved after each step.")
