"""Each tester's path beside the script's: pages in order, detours, Back presses, lostness.

Pages are named by their path (and route) as `harness.analysis.lostness.page_id` reads
them, whatever host served them, with key-like path segments masked the way the recorder
masks them (`mask_url`), so the script's pages and the tester's compare. The script's
pages come from the run record: where the walk started (the page the testers' browsers
opened at, the same start) and the `url` of each step. For step N the script needed the
page it started from (step N-1's, or the start) and the page it ended on; the tester's
pages of step N are the page they were on when it began and every page they opened while
on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from harness.analysis.lostness import LOST_ABOVE, Lostness, lostness, page_id
from harness.browser.remote import mask_url
from harness.record.model import StepResult
from harness.session.model import Session, format_clock

__all__ = ["PathPage", "ScriptPages", "TesterPath", "page_key", "script_pages", "tester_path"]


def page_key(url: str) -> str:
    """The page a URL shows, masked as recorded URLs are: comparable across script and people.

    Only the path (and a route) names the page, whatever host served it: the scripted run
    and the testers often reach the product at different addresses (a staging server in
    CI, a laptop in the lab, another port), and it is the same page to a newcomer."""
    base, mark, route = page_id(url).partition("#")
    path = urlsplit(base).path or "/"
    return mask_url(path) + mark + route


def page_label(key: str) -> str:
    """How the report names a page: its path (and route)."""
    parts = urlsplit(key)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "") or "/"


@dataclass(frozen=True)
class ScriptPages:
    """The pages the scripted walk went through: all of them, and per step."""

    start: str | None
    walk: tuple[str, ...]  # in order, a page followed by itself once
    steps: dict[int, frozenset[str]]

    @property
    def needed(self) -> frozenset[str]:
        return frozenset(self.walk)


def script_pages(scripted: Sequence[StepResult], sessions: Sequence[Session]) -> ScriptPages:
    start = next(
        (
            page_key(p.url)
            for s in sessions
            for p in s.recorded.pages[:1]
            if p.via == "start"  # the testers' browsers open where the script starts
        ),
        None,
    )
    walk: list[str] = [start] if start else []
    steps: dict[int, frozenset[str]] = {}
    before = start
    for step in sorted(scripted, key=lambda s: s.index):
        after = page_key(step.url) if step.url else before
        steps[step.index] = frozenset(p for p in (before, after) if p)
        if after and (not walk or walk[-1] != after):
            walk.append(after)
        before = after
    return ScriptPages(start, tuple(walk), steps)


@dataclass(frozen=True)
class PathPage:
    label: str
    title: str | None
    via: str
    step: int | None
    time: str
    detour: bool  # a page the script never needed
    revisit: bool


@dataclass(frozen=True)
class StepPath:
    index: int
    lostness: Lostness
    shown: str | None  # "0.42"


@dataclass(frozen=True)
class TesterPath:
    tester: str
    anchor: str
    pages: tuple[PathPage, ...]
    back: int
    detours: int
    lostness: Lostness
    shown: str | None
    reading: str
    steps: dict[int, StepPath]


def tester_anchor(number: int, session: Session) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (session.tester or session.id).lower()).strip("-")
    return f"s{number}-tester-{slug or 'tester'}"


def tester_path(number: int, session: Session, script: ScriptPages) -> TesterPath | None:
    """A tester's path, or None when their browser recorded no page."""
    pages = session.recorded.pages
    if not pages:
        return None
    keys = [page_key(p.url) for p in pages]
    seen: set[str] = set()
    shown: list[PathPage] = []
    for visit, key in zip(pages, keys, strict=True):
        shown.append(
            PathPage(
                label=page_label(key),
                title=visit.title,
                via=visit.via,
                step=visit.step,
                time=format_clock(visit.t),
                detour=bool(script.walk) and key not in script.needed,
                revisit=key in seen,
            )
        )
        seen.add(key)
    whole = lostness(keys, script.needed)
    steps = {
        index: StepPath(index, found, _value(found))
        for index in script.steps
        if (found := lostness(_step_pages(session, keys, index), script.steps[index])).value
        is not None
    }
    return TesterPath(
        tester=session.tester or session.id,
        anchor=tester_anchor(number, session),
        pages=tuple(shown),
        back=sum(1 for p in pages if p.via == "back"),
        detours=len({k for k in keys if script.walk and k not in script.needed}),
        lostness=whole,
        shown=_value(whole),
        reading=reading(whole),
        steps=steps,
    )


def _step_pages(session: Session, keys: Sequence[str], step: int) -> list[str]:
    """The page the tester was on when step N began, then every page opened while on it."""
    began = session.reached_at(step)
    pages = session.recorded.pages
    if began is None or not pages:
        return []
    current = [k for p, k in zip(pages, keys, strict=True) if p.t <= began and p.step != step]
    opened = [k for p, k in zip(pages, keys, strict=True) if p.step == step]
    return current[-1:] + opened


def _value(found: Lostness) -> str | None:
    return None if found.value is None else f"{found.value:.2f}"


def reading(found: Lostness) -> str:
    """The usual reading of a lostness figure, in words."""
    if found.value is None:
        return "no lostness: no pages to compare"
    if found.value > LOST_ABOVE:
        return f"lost: above {LOST_ABOVE}"
    return f"on track: {LOST_ABOVE} or below"
