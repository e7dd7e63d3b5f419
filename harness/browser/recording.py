"""THE recorder: what a person does in a browser context shoshin opened, as plain dicts.

`Recording(context, on_event, *, values=False)` installs `recorder.js` on every document
of the context (an init script, with a binding to answer through) and listens to each tab.
`on_event` gets one dict per thing done, in order, each with `kind`, `page` (the tab's number,
1 for the first) and `url` (the tab's URL as it is, unmasked: masking is the caller's):

    click      seq (numbered from 1 across tabs), x, y, page_x, page_y,
               viewport {width, height}, target
    settled    click (its seq), changed: whether anything visibly happened within `settle_s`
               of that click (a DOM change, a scroll, a request, a navigation, a new tab, a
               dialog or a download); a click whose tab closed settles as changed
    input      field; value only when values=True        (a text field left changed)
    check      field, checked                            (a checkbox or radio button)
    select     field, option (its label); value only when values=True
    press      key ("Enter", "Escape", "Tab", or a chord like "Control+A"), field or None
    activity   (the person is doing something; at most twice a second per tab)
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

from harness.browser.screen import SCREEN_SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Dialog, Download, Page

BINDING = "__shoshinRecord"
SETTLE_S = 1.0  # a click on a control after which nothing changes for this long is dead
ERRORS_MS = 250  # the screen's errors are read this long after the DOM changed

Event = dict[str, Any]


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
        self.entry_id: int | None = None
        self.index = 0
        self.seen: set[int] = set()
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
        return next((t.page for t in self._tabs.values() if t.number == number), None)

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

    def _from_page(self, source: dict[str, Any], event: Any) -> None:
        tab = self._tabs.get(source.get("page"))  # type: ignore[arg-type]
        if tab is None or not isinstance(event, dict):
            return
        if source.get("frame") is not tab.page.main_frame:
            return
        kind = event.pop("kind", None)
        if kind == "click":
            self._clicks += 1
            tab.clicks[int(event.pop("seq"))] = (self._clicks, time.monotonic())
            self._emit(tab, "click", seq=self._clicks, **event)
        elif kind == "settled":
            seq = int(event["click"])
            if seq not in tab.clicks:
                return
            since = tab.clicks[seq][1]
            changed = any(event.get(k) for k in ("mutations", "requests", "scrolled")) or any(
                t >= since - 0.5
                for t in tab.changes  # told before the click, at times
            )
            self._settle(tab, seq, changed=changed)
        elif kind == "document":
            if tab.page.url == "about:blank":
                return
            same = bool(event.get("same_document"))
            if not same:
                self._settle_all(tab)  # the click led to another page
            self._emit(
                tab, "navigation", title=str(event.get("title") or ""), via=self._via(tab, same)
            )
        elif kind in ("input", "check", "select", "press", "activity", "errors"):
            self._emit(tab, kind, **event)

    def _via(self, tab: _Tab, same_document: bool) -> str:
        """How the tab came to this entry of its history, as its history tells it."""
        first = tab.entry_id is None
        try:
            assert tab.cdp is not None
            history = tab.cdp.send("Page.getNavigationHistory")
            index = int(history["currentIndex"])
            entry = history["entries"][index]
        except Exception:
            return "start" if first else "other"
        entry_id = int(entry["id"])
        if first:
            via = "link" if tab.number > 1 else "start"
        elif entry_id == tab.entry_id:
            via = "other" if same_document else "reload"
        elif entry_id in tab.seen:
            via = "back" if index < tab.index else "forward"
        elif entry.get("transitionType") in ("link", "form_submit"):
            via = "link"
        else:
            via = "other"
        tab.entry_id, tab.index = entry_id, index
        tab.seen.add(entry_id)
        return via
