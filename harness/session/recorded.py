"""What the tester's browser recorded, as read back: pages, clicks, typing, errors, signs.

The events are described in `harness.session.log` (browser, page, click, rage, dead_click,
typed, form_error, hesitation, sign). Each is read into a small frozen record here; a
field of the wrong type loses the event (the reader skips it with a warning naming
file:line), unknown fields are ignored. Nothing here says what was typed: `typed` names the
field only. URLs arrive masked by the recorder and are kept as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "RECORDED_TYPES",
    "BrowserState",
    "Click",
    "DeadClick",
    "FormError",
    "Hesitation",
    "PageVisit",
    "Rage",
    "Recorded",
    "RecordedProblem",
    "Sign",
    "StepActivity",
    "Target",
    "Typed",
    "parse_recorded",
]

VIAS = ("start", "link", "back", "forward", "reload", "other")
RECORDED_TYPES = (
    "browser",
    "page",
    "click",
    "rage",
    "dead_click",
    "typed",
    "form_error",
    "hesitation",
    "sign",
)


class RecordedProblem(ValueError):
    """A recorded event that cannot be read; the sentence says why."""


@dataclass(frozen=True)
class Target:
    """What was hit, named the way scenarios name targets."""

    role: str | None = None
    name: str | None = None
    text: str | None = None

    def words(self) -> str:
        """How a person would name it: `button “Save”`, or the words on it."""
        said = self.name or self.text or ""
        if self.role and said:
            return f"{self.role} “{said}”"
        return f"“{said}”" if said else (self.role or "something")


@dataclass(frozen=True)
class BrowserState:
    n: int | None
    t: float
    state: str  # "opened" | "closed"
    url: str | None
    width: int | None
    height: int | None


@dataclass(frozen=True)
class PageVisit:
    n: int | None
    t: float
    step: int | None
    url: str
    title: str | None
    via: str  # one of VIAS


@dataclass(frozen=True)
class Click:
    n: int | None
    t: float
    step: int | None
    url: str | None
    x: float
    y: float
    page_x: float | None
    page_y: float | None
    target: Target | None
    interactive: bool

    @property
    def misclick(self) -> bool:
        return not self.interactive


@dataclass(frozen=True)
class Rage:
    n: int | None
    t: float
    step: int | None
    url: str | None
    x: float
    y: float
    clicks: int
    target: Target | None
    shot: str | None


@dataclass(frozen=True)
class DeadClick:
    n: int | None
    t: float
    step: int | None
    url: str | None
    x: float
    y: float
    target: Target | None
    shot: str | None


@dataclass(frozen=True)
class Typed:
    n: int | None
    t: float
    step: int | None
    url: str | None
    field: Target | None


@dataclass(frozen=True)
class FormError:
    n: int | None
    t: float
    step: int | None
    url: str | None
    text: str


@dataclass(frozen=True)
class Hesitation:
    n: int | None
    t: float
    step: int | None
    url: str | None
    since: float | None
    seconds: float


@dataclass(frozen=True)
class Sign:
    n: int | None
    t: float
    step: int
    url: str | None
    shot: str | None


RecordedEvent = (
    BrowserState | PageVisit | Click | Rage | DeadClick | Typed | FormError | Hesitation | Sign
)


@dataclass(frozen=True)
class StepActivity:
    """What the recording shows of one step (events whose `step` is N)."""

    clicks: int = 0
    misclicks: int = 0
    rage: int = 0
    dead_clicks: int = 0
    back: int = 0
    hesitations: int = 0
    hesitation_seconds: float = 0.0
    typed: int = 0
    form_errors: int = 0

    @property
    def any(self) -> bool:
        return any((self.clicks, self.rage, self.dead_clicks, self.back, self.hesitations))


@dataclass
class Recorded:
    """Everything the tester's browser recorded in one session, in file order."""

    browser: list[BrowserState] = field(default_factory=list)
    pages: list[PageVisit] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    rage: list[Rage] = field(default_factory=list)
    dead_clicks: list[DeadClick] = field(default_factory=list)
    typed: list[Typed] = field(default_factory=list)
    form_errors: list[FormError] = field(default_factory=list)
    hesitations: list[Hesitation] = field(default_factory=list)
    signs: list[Sign] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (self.browser, self.pages, self.clicks, self.rage, self.dead_clicks, self.typed,
             self.form_errors, self.hesitations, self.signs)
        )  # fmt: skip

    @property
    def viewport(self) -> tuple[int, int] | None:
        """The tester's viewport (CSS px), from the first `browser` event that says it."""
        for state in self.browser:
            if state.width and state.height:
                return state.width, state.height
        return None

    def add(self, event: RecordedEvent) -> None:
        lists: dict[type, list[Any]] = {
            BrowserState: self.browser,
            PageVisit: self.pages,
            Click: self.clicks,
            Rage: self.rage,
            DeadClick: self.dead_clicks,
            Typed: self.typed,
            FormError: self.form_errors,
            Hesitation: self.hesitations,
            Sign: self.signs,
        }
        lists[type(event)].append(event)

    def activity(self, step: int) -> StepActivity:
        """The step's misclicks, rage and dead clicks, Back presses and hesitations."""
        clicks = [c for c in self.clicks if c.step == step]
        pauses = [h for h in self.hesitations if h.step == step]
        return StepActivity(
            clicks=len(clicks),
            misclicks=sum(1 for c in clicks if c.misclick),
            rage=sum(1 for r in self.rage if r.step == step),
            dead_clicks=sum(1 for d in self.dead_clicks if d.step == step),
            back=sum(1 for p in self.pages if p.step == step and p.via == "back"),
            hesitations=len(pauses),
            hesitation_seconds=sum(h.seconds for h in pauses),
            typed=sum(1 for x in self.typed if x.step == step),
            form_errors=sum(1 for e in self.form_errors if e.step == step),
        )


# ---------------------------------------------------------------- reading one event


def parse_recorded(event: dict[str, Any], n: int | None, t: float) -> RecordedEvent:
    """One recorded event as its record; `RecordedProblem` when a field it needs is wrong."""
    kind = event.get("type")
    parser = _PARSERS.get(str(kind))
    if parser is None:
        raise RecordedProblem(f"{json.dumps(kind)} is not a recorded event")
    return parser(event, n, t)


def _browser(e: dict[str, Any], n: int | None, t: float) -> BrowserState:
    state = e.get("state")
    if state not in ("opened", "closed"):
        raise RecordedProblem(f"the browser state {json.dumps(state)} is not opened or closed")
    viewport = e.get("viewport")
    width = height = None
    if isinstance(viewport, dict):
        width, height = _size(viewport.get("width")), _size(viewport.get("height"))
    return BrowserState(n, t, state, _str(e, "url"), width, height)


def _page(e: dict[str, Any], n: int | None, t: float) -> PageVisit:
    url = _str(e, "url")
    if not url:
        raise RecordedProblem("a page event needs its 'url'")
    via = e.get("via", "other")
    return PageVisit(n, t, _step(e), url, _str(e, "title"), via if via in VIAS else "other")


def _click(e: dict[str, Any], n: int | None, t: float) -> Click:
    interactive = e.get("interactive")
    if not isinstance(interactive, bool):
        raise RecordedProblem("a click needs 'interactive': true or false")
    return Click(
        n, t, _step(e), _str(e, "url"), _num(e, "x"), _num(e, "y"),
        _opt_num(e, "page_x"), _opt_num(e, "page_y"), _target(e.get("target")), interactive,
    )  # fmt: skip


def _rage(e: dict[str, Any], n: int | None, t: float) -> Rage:
    clicks = e.get("clicks", 3)
    if not isinstance(clicks, int) or isinstance(clicks, bool) or clicks < 1:
        raise RecordedProblem(f"'clicks' must be a whole number, not {json.dumps(clicks)}")
    return Rage(
        n, t, _step(e), _str(e, "url"), _num(e, "x"), _num(e, "y"), clicks,
        _target(e.get("target")), _str(e, "shot"),
    )  # fmt: skip


def _dead(e: dict[str, Any], n: int | None, t: float) -> DeadClick:
    return DeadClick(
        n, t, _step(e), _str(e, "url"), _num(e, "x"), _num(e, "y"),
        _target(e.get("target")), _str(e, "shot"),
    )  # fmt: skip


def _typed(e: dict[str, Any], n: int | None, t: float) -> Typed:
    return Typed(n, t, _step(e), _str(e, "url"), _target(e.get("field")))


def _form_error(e: dict[str, Any], n: int | None, t: float) -> FormError:
    return FormError(n, t, _step(e), _str(e, "url"), _str(e, "text") or "")


def _hesitation(e: dict[str, Any], n: int | None, t: float) -> Hesitation:
    seconds = _num(e, "seconds")
    if seconds < 0:
        raise RecordedProblem("a hesitation's 'seconds' cannot be negative")
    return Hesitation(n, t, _step(e), _str(e, "url"), _opt_num(e, "since"), seconds)


def _sign(e: dict[str, Any], n: int | None, t: float) -> Sign:
    step = _step(e)
    if step is None or step < 1:
        raise RecordedProblem("a sign event needs the step number (from 1) whose sign it saw")
    return Sign(n, t, step, _str(e, "url"), _str(e, "shot"))


_PARSERS: dict[str, Callable[[dict[str, Any], int | None, float], RecordedEvent]] = {
    "browser": _browser,
    "page": _page,
    "click": _click,
    "rage": _rage,
    "dead_click": _dead,
    "typed": _typed,
    "form_error": _form_error,
    "hesitation": _hesitation,
    "sign": _sign,
}


def _str(e: dict[str, Any], key: str) -> str | None:
    value = e.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordedProblem(f"'{key}' must be text, not {json.dumps(value)}")
    return value


def _step(e: dict[str, Any]) -> int | None:
    value = e.get("step")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise RecordedProblem(f"'step' must be a whole number, not {json.dumps(value)}")
    return value


def _opt_num(e: dict[str, Any], key: str) -> float | None:
    value = e.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise RecordedProblem(f"'{key}' must be a number, not {json.dumps(value)}")
    return float(value)


def _num(e: dict[str, Any], key: str) -> float:
    value = _opt_num(e, key)
    if value is None:
        raise RecordedProblem(f"'{key}' is missing")
    return value


def _size(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 100_000:
        return None
    return int(value)


def _target(raw: Any) -> Target | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise RecordedProblem(f"a target must be {{role, name, text}}, not {json.dumps(raw)}")
    parts = {key: raw.get(key) for key in ("role", "name", "text")}
    return Target(**{k: v if isinstance(v, str) else None for k, v in parts.items()})
