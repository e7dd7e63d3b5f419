"""Where testers clicked, drawn on the screen each step starts from (pillow).

Clicks on step N happened on the screen step N starts from, so they are drawn on the
screenshot taken after step N-1 (a full page: the clicks' page coordinates), or for
step 1 on the screen as the script acted on it (the viewport: the clicks' viewport
coordinates). Only clicks on that picture's page are drawn; the others are counted. Every
session of the scenario adds its clicks; a click is in the tester's CSS pixels, scaled to
the picture by the tester's viewport width (from the `browser` event). One mark per
click: a plain click, a misclick (nothing interactive there), a rage click (part of a
burst) and a dead click (nothing changed after it) have distinct colours, named in the
report's legend. The picture is `<screenshot>.clicks.png` beside the screenshot, written
like every derived image (atomically, stamped with the key of what it was made from).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image, ImageDraw

from harness.record.model import RunRecord, StepResult
from harness.report.image_files import (
    UNREADABLE,
    image_key,
    inside,
    is_fresh,
    open_image,
    save_image,
)
from harness.report.images import ImageSet
from harness.report.recorded_view import KINDS, ClickMap
from harness.report.tester_paths import page_key
from harness.session.model import Session, sessions_for
from harness.session.recorded import Click

__all__ = ["COLOURS", "Dot", "WithClicks", "add_click_maps", "click_kind", "draw_dots"]

RGB = tuple[int, int, int]
COLOURS: dict[str, RGB] = {
    "click": (37, 99, 235),  # blue
    "misclick": (234, 138, 0),  # amber
    "rage": (220, 38, 38),  # red
    "dead": (124, 58, 237),  # violet
}
RAGE_SECONDS = 1.0
RAGE_PX = 30.0
DEAD_SECONDS = 1.5
RADIUS = 10
VERSION = "clicks-1"


@dataclass(frozen=True)
class Dot:
    """A click in the tester's CSS pixels: page or viewport coordinates, as the picture needs."""

    x: float
    y: float
    kind: str
    scale: float  # picture pixels per CSS pixel


@dataclass(frozen=True)
class WithClicks(ImageSet):
    """A run's derived images, and its click maps by (scenario number, step index)."""

    clicks: Mapping[tuple[int, int], ClickMap] = field(default_factory=dict)

    def paths(self) -> Iterator[str]:
        yield from super().paths()
        yield from (m.path for m in self.clicks.values())


def click_kind(click: Click, session: Session) -> str:
    """What a click was: part of a rage burst, a dead click, a misclick, or a plain click."""
    rec = session.recorded
    for rage in rec.rage:
        if (
            rage.step == click.step
            and abs(rage.t - click.t) <= RAGE_SECONDS
            and math.dist((rage.x, rage.y), (click.x, click.y)) <= RAGE_PX
        ):
            return "rage"
    for dead in rec.dead_clicks:
        if (
            dead.step == click.step
            and 0 <= dead.t - click.t <= DEAD_SECONDS
            and math.dist((dead.x, dead.y), (click.x, click.y)) <= 2
        ):
            return "dead"
    return "misclick" if click.misclick else "click"


def add_click_maps(
    run_dir: Path, record: RunRecord, images: ImageSet, sessions: Sequence[Session]
) -> WithClicks:
    """The run's images with a click map for every step testers clicked on."""
    root = Path(run_dir).resolve()
    width = record.viewport.get("width")
    fallback = float(width) if isinstance(width, (int, float)) and width > 0 else None
    maps: dict[tuple[int, int], ClickMap] = {}
    # A skipped step's screenshot is the one before it: two steps may start from one
    # picture, and each gets its own click map.
    taken = {
        p for r in record.results for s in r.steps for p in (s.screenshot, s.action_screenshot) if p
    }
    for number, result in enumerate(record.results, start=1):
        mine = [s for s in sessions_for(sessions, result.scenario) if s.recorded.clicks]
        if not mine:
            continue
        steps = sorted(result.steps, key=lambda s: s.index)
        for before, step in zip([None, *steps], steps, strict=False):
            made = _step_map(root, before, step, mine, fallback, taken)
            if made is not None:
                maps[(number, step.index)] = made
                taken.add(made.path)
    return WithClicks(
        shots=images.shots, actions=images.actions, filmstrips=images.filmstrips, clicks=maps
    )


def _step_map(
    root: Path,
    before: StepResult | None,
    step: StepResult,
    sessions: Sequence[Session],
    fallback: float | None,
    taken: set[str],
) -> ClickMap | None:
    clicks = [(s, c) for s in sessions for c in s.recorded.clicks if c.step == step.index]
    if not clicks:
        return None
    if before is not None:
        raw, page, full = before.screenshot, before.url, True
        base = f"the screen after step {before.index}, where this step starts"
    else:
        # The first step starts on the start page; only its action screenshot shows it.
        raw, page, full = step.action_screenshot, None, False
        base = "the screen as the script acted on this step"
    source = inside(root, raw) if raw else None
    if raw is None or source is None:
        return None
    shot = PurePosixPath(raw)
    stem = shot.name.rsplit(".", 1)[0]
    names = (f"{stem}.clicks.png", f"{stem}.clicks-{step.index}.png")
    rel = next((str(shot.with_name(n)) for n in names if str(shot.with_name(n)) not in taken), None)
    if rel is None:
        return None
    want = page_key(page) if page else None
    try:
        stat = source.stat()
        with open_image(source) as image:
            size = image.size
            dots, elsewhere = _dots(clicks, want, size, full, fallback)
            if not dots:
                return None
            key = image_key(VERSION, raw, stat.st_size, stat.st_mtime_ns, size, dots)
            target = root / rel
            if not is_fresh(target, key):
                picture = image.convert("RGB")
                draw_dots(picture, dots)
                save_image(picture, target, key)
    except UNREADABLE:
        return None
    counts = tuple((k, n) for k in KINDS if (n := sum(1 for d in dots if d.kind == k)))
    return ClickMap(
        path=rel,
        base=base,
        counts=counts,
        drawn=len(dots),
        elsewhere=elsewhere,
        testers=len({id(s) for s, _ in clicks}),
    )


def _dots(
    clicks: Sequence[tuple[Session, Click]],
    page: str | None,
    size: tuple[int, int],
    full: bool,
    fallback: float | None,
) -> tuple[list[Dot], int]:
    dots: list[Dot] = []
    elsewhere = 0
    for session, click in clicks:
        if page is not None and (click.url is None or page_key(click.url) != page):
            elsewhere += 1
            continue
        viewport = session.recorded.viewport
        css_width = float(viewport[0]) if viewport else fallback
        scale = size[0] / css_width if css_width else 1.0
        x, y = click.x, click.y
        if full and click.page_x is not None and click.page_y is not None:
            x, y = click.page_x, click.page_y
        if not (0 <= x * scale < size[0] and 0 <= y * scale < size[1]):
            elsewhere += 1
            continue
        dots.append(Dot(round(x, 1), round(y, 1), click_kind(click, session), round(scale, 4)))
    return dots, elsewhere


def draw_dots(image: Image.Image, dots: Sequence[Dot]) -> None:
    """One mark per click: a disc of the click's colour, centred on it, ringed in white."""
    draw = ImageDraw.Draw(image)
    grow = max(1.0, image.width / 1280)
    radius = RADIUS * grow
    ring = 3 * grow
    centres = [(dot.x * dot.scale, dot.y * dot.scale, COLOURS[dot.kind]) for dot in dots]
    # The white rings first, then the discs: a burst of clicks stays one blob of colour.
    for cx, cy, _ in centres:
        outer = (cx - radius - ring, cy - radius - ring, cx + radius + ring, cy + radius + ring)
        draw.ellipse(outer, fill=(255, 255, 255))
    for cx, cy, colour in centres:
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)
