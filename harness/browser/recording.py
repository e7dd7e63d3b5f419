"""THE recorder: what a person does in a browser context shoshin opened, as plain dicts.

`Recording(context, on_event, *, values=False)` installs `recorder.js` on every document
of the context (an init script, with a binding to answer through) and listens to each tab.
`on_event` gets one dict per thing done, in order, each with `kind`, `page` (the tab's number,
1 for the first) and `url` (the page's own when it told the event, unmasked: masking is the
caller's):

    click      seq (numbered from 1 across tabs), x, y, page_x, page_y,
               viewport {width, height}, target
    settled    click (its seq), changed: whether anything visibly happened within `settle_s`
               of that click (a DOM change, a scroll, a request, a form sent or a page
               being left, a navigation, a new tab, a dialog or a download); a click
               whose tab closed settles as changed
    input      field; value only when values=True        (a text field left changed)
    check      field, checked                            (a checkbox or radio button)
    select     field, option (its label); value only when values=True
    press      key ("Enter", "Escape", "Tab", or a chord like "Control+A"), field or None
    activity   (a key, the wheel, a pointer pressed, a field changed; at most twice a
               second per tab)
    errors     errors: every error on screen as the walk reads them (screen.js), on change
    navigation title, via: start | link | back | forward | reload | other
               (a document became ready, or the URL changed within one; Back and Forward are
               told by the tab's history, read over CDP)
    download   name (the file's suggested name)
    closed     (the tab closed)

`target` and `field`: {role, name, text, label, css, same_name_count, interactive, disabled,
field}, named the way scenarios name targets (screen.js's naming): role and accessible name of
the control hit, a field's label, the visible words of what was hit (never a field's content);
`css` a selector only that element answers, for when `same_name_count` (visible controls
with the same role and name) is above 1; `interactive` False on plain text (a misclick).
What is typed never leaves the page unless values=True: not as a value, a name, a text, or
inside an error message.

The page's own scripts can call the recorder's binding too: what arrives is rebuilt to the
shapes above (`harness.browser.recorder_events`), anything else dropped.

`on_event` runs on the thread that owns the Playwright, inside its event dispatch: keep it
short (queue the event) and call no Playwright method from it. Only the top frame is recorded.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.browser.recorder_events import clean
from harness.browser.screen import SCREEN_SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Dialog, Download, Page

BINDING = "__shoshinRecord"
SETTLE_S = 1.0  # a click on a control after which nothing changes for this long is dead
ERRORS_MS = 250  # the screen's errors are read this long after the DOM changed

Event = dict[str, Any]
LINKED = ("link", "form_submit")  # how Chromium's history says a followed link came


def recorder_script(*, values: bool, settle_s: float = SETTLE_S) -> str:
    """recorder.js with its options and screen.js filled in."""
    source = (Path(__file__).parent / "recorder.js").read_text(encoding="utf-8")
    options = {
        "binding": BINDING,
        "values": values,
        "settle_ms": round(settle_s * 1000),
        "errors_ms": ERRORS_MS,
    }
    body = "\n".join(line for line in source.splitlines() if not line.startswith("//"))
    return body.replace("__OPTIONS__", json.dumps(options)).replace("__SCREEN__", SCREEN_SCRIPT)


class _Tab:
    """One tab of the context: its history place, the requests and clicks not yet settled."""

    def __init__(self, number: int, page: Page, cdp: CDPSession | None) -> None:
        self.number, self.page, self.cdp = number, page, cdp
        self.entry_id: str | None = None  # the history entry the tab is at
        self.index = 0
        self.seen: set[str] = set()
        self.changes: list[float] = []  # when dialogs and downloads happened
        self.clicks: dict[int, tuple[int, float]] = {}  # page's seq → (number, when told)


class Recording:
    """Records one browser context until it closes; see the module's docstring."""

    def __init__(
        self,
        context: BrowserContext,
        on_event: Callable[[Event], None],
        *,
        values: bool = False,
        settle_s: float = SETTLE_S,
    ) -> None:
        self._on_event = on_event
        self._values = values
        self._context = context
        self._tabs: dict[Page, _Tab] = {}
        self._clicks = 0  # clicks told so far, in every tab: each click's `seq`
        self.script = recorder_script(values=values, settle_s=settle_s)
        context.expose_binding(BINDING, self._from_page)
        context.add_init_script(script=self.script)
        context.on("page", self._attach)
        for page in context.pages:
            self._attach(page)
            if page.url != "about:blank":  # a document already there gets the recorder now
                with contextlib.suppress(Exception):
                    page.evaluate(self.script)

    def tab(self, number: int) -> Page | None:
        """The page of tab `number`, while it is open."""
        return next((p for n, p in self.open_tabs() if n == number), None)

    def open_tabs(self) -> list[tuple[int, Page]]:
        """The tabs still open, by number, in the order they opened."""
        # A page the context has but whose "page" event was not dispatched yet (just
        # opened) is a tab all the same: never told "no tab open" while one is.
        for page in self._context.pages:
            self._attach(page)
        return [(t.number, t.page) for t in self._tabs.values() if not t.page.is_closed()]

    def _attach(self, page: Page) -> None:
        if page in self._tabs:
            return
        cdp = None
        with contextlib.suppress(Exception):
            cdp = page.context.new_cdp_session(page)
        tab = _Tab(len(self._tabs) + 1, page, cdp)
        self._tabs[page] = tab
        for other in self._tabs.values():  # a click that opened a tab did something
            self._settle_all(other)
        page.on("dialog", lambda dialog: self._dialog(tab, dialog))
        page.on("download", lambda download: self._download(tab, download))
        page.on("close", lambda _: self._closed(tab))

    def _emit(self, tab: _Tab, kind: str, **fields: Any) -> None:
        # The page says where it was when it told the event; else the tab's URL now.
        self._on_event({"kind": kind, "page": tab.number, "url": tab.page.url, **fields})

    def _changed(self, tab: _Tab) -> None:
        now = time.monotonic()
        tab.changes = [*[t for t in tab.changes if t > now - 60][-50:], now]

    def _dialog(self, tab: _Tab, dialog: Dialog) -> None:
        # Listening keeps the dialog up for the person to answer (unheard, Playwright
        # would dismiss it at once).
        self._changed(tab)

    def _download(self, tab: _Tab, download: Download) -> None:
        self._changed(tab)
        self._emit(tab, "download", name=download.suggested_filename)

    def _closed(self, tab: _Tab) -> None:
        self._settle_all(tab)
        self._emit(tab, "closed")

    def _settle_all(self, tab: _Tab) -> None:
        for seq in list(tab.clicks):
            self._settle(tab, seq, changed=True)

    def _settle(self, tab: _Tab, seq: int, *, changed: bool) -> None:
        told = tab.clicks.pop(seq, None)
        if told is not None:
            self._emit(tab, "settled", click=told[0], changed=changed)

    def _from_page(self, source: dict[str, Any], told: Any) -> None:
        tab = self._tabs.get(source.get("page"))  # type: ignore[arg-type]
        cleaned = clean(told, values=self._values)
        if tab is None or cleaned is None or source.get("frame") is not tab.page.main_frame:
            return
        kind, event = cleaned
        event["url"] = event["url"] or tab.page.url
        if kind == "click":
            self._clicks += 1
            tab.clicks[event.pop("seq")] = (self._clicks, time.monotonic())
            self._emit(tab, "click", seq=self._clicks, **event)
        elif kind == "settled":
            told_at = tab.clicks.get(event["click"])
            if told_at is None:
                return
            changed = any(
                event[k] for k in ("mutations", "requests", "navigating", "scrolled")
            ) or any(
                t >= told_at[1] - 0.5  # a dialog may be told a moment before its click
                for t in tab.changes
            )
            self._settle(tab, event["click"], changed=changed)
        elif kind == "document":
            if event["url"] == "about:blank":
                return
            same = event["same_document"]
            if not same:
                self._settle_all(tab)  # the click led to another page
            via = self._via(tab, same, event["entry"], event["url"])
            self._emit(tab, "navigation", url=event["url"], title=event["title"], via=via)
        else:
            self._emit(tab, kind, **event)

    def _via(self, tab: _Tab, same_document: bool, entry: dict[str, Any] | None, url: str) -> str:
        """How the tab came to this entry of its history: the entry the page names (its
        Navigation API index and key), else the one the tab's history is at now."""
        first = tab.entry_id is None
        history = self._history(tab)
        if entry is not None:
            key, index = str(entry["key"]), int(entry["index"])
        elif history is not None:
            index = int(history["currentIndex"])
            key = str(history["entries"][index]["id"])
        else:
            return "start" if first else "other"
        if first:
            via = "link" if tab.number > 1 else "start"
        elif key == tab.entry_id:
            via = "other" if same_document else "reload"
        elif key in tab.seen:
            via = "back" if index < tab.index else "forward"
        else:
            via = "link" if self._transition(history, url) in LINKED else "other"
        tab.entry_id, tab.index = key, index
        tab.seen.add(key)
        return via

    @staticmethod
    def _transition(history: dict[str, Any] | None, url: str) -> str | None:
        """How the browser says the entry for `url` came (its current one, if it is that)."""
        if history is None:
            return None
        entries: list[dict[str, Any]] = history["entries"]
        current = int(history["currentIndex"])
        if 0 <= current < len(entries) and entries[current].get("url") == url:
            return entries[current].get("transitionType")
        same = [e for e in entries if e.get("url") == url]
        return same[-1].get("transitionType") if same else None

    def _history(self, tab: _Tab) -> dict[str, Any] | None:
        try:
            assert tab.cdp is not None
            history: dict[str, Any] = tab.cdp.send("Page.getNavigationHistory")
            return history
        except Exception:
            return None
