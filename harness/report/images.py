"""Screenshots that point: derived images of a run, made with pillow beside the originals.

For each step screenshot, a card thumbnail (`<name>.thumb.jpg`) and, where the newcomer
got stuck or slowed, the full screenshot with the place outlined (`<name>.annotated.png`);
for each action screenshot, the element acted on outlined (`<name>.action.jpg`) and a
close-up (`<name>.action.thumb.jpg`); per scenario, a contact sheet (`filmstrip.png`).

Originals are never modified. Every derived file carries a key of what it was made from
(the original's size and time, the boxes, the sizes here), so a second pass only reads
headers. A missing, corrupt or unsafe screenshot costs its derivatives, never the report.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image
from PIL import __version__ as pillow_version

from harness.files import write_atomic
from harness.record.model import (
    BLOCKING_OUTCOMES,
    SKIPPED,
    UNKNOWN,
    RunRecord,
    ScenarioResult,
    StepOutcome,
    StepResult,
)
from harness.record.outcomes import scenario_row, step_row
from harness.record.read import as_record
from harness.report import drawing, image_files
from harness.report.drawing import Mark, Tile
from harness.report.fmt import duration, mark_label
from harness.report.image_files import (
    KEY_FIELD,
    UNREADABLE,
    image_key,
    inside,
    is_fresh,
    open_image,
    save_image,
)
from harness.report.png_bands import write_png_bands
from harness.scenario.actions import ACTIONS

__all__ = ["ImageSet", "ShotImages", "inside", "make_images"]

THUMB_WIDTH = 400
# How much of the screen's width a thumbnail shows around an outline (1 = all of it).
ACTION_ZOOM = 0.5
MARK_ZOOM = 0.7
A11Y = (124, 58, 237)  # an accessibility violation's outline: violet
# Part of every derived file's key: a change to how images are drawn remakes them all.
DRAWING_VERSION = hashlib.sha256(
    b"".join(Path(m.__file__ or "").read_bytes() for m in (drawing, image_files))
    + Path(__file__).read_bytes()
    + pillow_version.encode()
).hexdigest()[:16]
ACTION_VERBS = {row.name: row.verb_here for row in ACTIONS.values() if row.verb_here is not None}


@dataclass(frozen=True)
class ShotImages:
    """What was made of one screenshot; paths are relative to the run directory."""

    full: str  # the image to enlarge: the outlined one when `marked`, else the original
    thumb: str | None
    marked: bool
    labels: tuple[str, ...] = ()  # the words of the outlines drawn, in order


@dataclass(frozen=True)
class ImageSet:
    """The derived images of a run, for the report to show instead of raw screenshots."""

    shots: Mapping[str, ShotImages] = field(default_factory=dict)  # by recorded path
    actions: Mapping[str, ShotImages] = field(default_factory=dict)  # by recorded path
    filmstrips: Mapping[int, str] = field(default_factory=dict)  # by scenario number, from 1

    def paths(self) -> Iterator[str]:
        """Every derived or linked image path, each once."""
        seen: set[str] = set()
        for made in (*self.shots.values(), *self.actions.values()):
            for path in (made.thumb, made.full):
                if path and path not in seen:
                    seen.add(path)
                    yield path
        yield from (p for p in self.filmstrips.values() if p not in seen)


@dataclass(frozen=True)
class _Spec:
    """An outline asked for by the record, before its box is checked against the image."""

    box: Any
    colour: tuple[int, int, int]
    label: str | None


def make_images(run_dir: Path, record: RunRecord | Mapping[str, Any]) -> ImageSet:
    """Make (or reuse) the derived images of a run and say where they are."""
    run = as_record(record)
    root = Path(run_dir).resolve()
    ratio = _thumb_ratio(run)
    # A derived file never takes the name of a recorded screenshot: originals stay as taken.
    originals = frozenset(
        path
        for result in run.results
        for step in result.steps
        for path in (step.screenshot, step.action_screenshot)
        if path
    )
    shots: dict[str, ShotImages] = {}
    actions: dict[str, ShotImages] = {}
    filmstrips: dict[int, str] = {}
    for number, result in enumerate(run.results, start=1):
        tiles: list[tuple[str | None, int, StepOutcome, str]] = []
        for step in result.steps:
            _derive_step(root, step, ratio, originals, shots, actions)
            raw = step.screenshot
            thumb = shots[raw].thumb if raw and raw in shots else None
            tiles.append((thumb, step.index, step.outcome, _tile_caption(step)))
        taken = originals | set(filmstrips.values())
        strip = _filmstrip(root, number, result, tiles, ratio, taken)
        if strip is not None:
            filmstrips[number] = strip
    return ImageSet(shots=shots, actions=actions, filmstrips=filmstrips)


def make_step_images(run_dir: Path, viewport: Mapping[str, Any], step: StepResult) -> None:
    """Make one step's images ahead of the report, as the run goes (`ReportWriter`).

    `make_images` later finds them fresh and reuses them; what this could not make, it makes.
    """
    root = Path(run_dir).resolve()
    originals = frozenset(p for p in (step.screenshot, step.action_screenshot) if p)
    ratio = _ratio(viewport.get("width"), viewport.get("height"))
    _derive_step(root, step, ratio, originals, {}, {})


def _derive_step(
    root: Path,
    step: StepResult,
    ratio: float,
    originals: frozenset[str],
    shots: dict[str, ShotImages],
    actions: dict[str, ShotImages],
) -> None:
    """A step's screenshot and its action screenshot, derived into `shots` and `actions`."""
    raw = step.screenshot
    if raw and raw not in shots:
        made = _derive(root, raw, _step_specs(step), ratio, "step", originals)
        if made is not None:
            shots[raw] = made
    action_raw = step.action_screenshot
    if action_raw and action_raw not in actions:
        spec = _Spec(step.action_box, drawing.ACTION, _action_verb(step))
        made = _derive(root, action_raw, [spec], ratio, "action", originals)
        if made is not None:
            actions[action_raw] = made


# ---------------------------------------------------------------- one screenshot


def _derive(
    root: Path, raw: str, specs: list[_Spec], ratio: float, kind: str, originals: frozenset[str]
) -> ShotImages | None:
    """A screenshot's thumbnail, and its outlined copy when the record asks for an outline."""
    source = inside(root, raw)
    if source is None:
        return None
    rel = PurePosixPath(raw)
    stem = rel.name.rsplit(".", 1)[0] if "." in rel.name else rel.name
    full_rel = rel.with_name(f"{stem}.action.jpg" if kind == "action" else f"{stem}.annotated.png")
    thumb_rel = rel.with_name(f"{stem}.{'action.thumb' if kind == 'action' else 'thumb'}.jpg")
    if str(full_rel) in originals or str(thumb_rel) in originals:
        return None
    try:
        stat = source.stat()
        with open_image(source) as image:
            size = image.size
            marks = [
                Mark(box, spec.colour, spec.label)
                for spec in specs
                if (box := drawing.parse_box(spec.box, size)) is not None
            ]
            base = [DRAWING_VERSION, raw, stat.st_size, stat.st_mtime_ns, size]
            marks_key = [(m.box, m.colour, m.label) for m in marks]
            loaded: Image.Image | None = None

            def pixels() -> Image.Image:
                """The screenshot's pixels, read once; a copy only when they are not RGB."""
                nonlocal loaded
                if loaded is None:
                    image.load()
                    loaded = image if image.mode == "RGB" else image.convert("RGB")
                return loaded

            # The thumbnail first, from the clean pixels; then the outlines on those pixels.
            target = root / str(thumb_rel)
            key = image_key(base, marks_key, "thumb", THUMB_WIDTH, ratio, kind)
            if not is_fresh(target, key):
                save_image(_thumb(pixels(), marks, ratio, zoom=kind == "action"), target, key)
            full = raw
            if marks:
                target = root / str(full_rel)
                key = image_key(base, marks_key, "full")
                if not is_fresh(target, key):
                    outlined = pixels()
                    drawing.draw_marks(outlined, marks, scale=max(1.0, size[0] / 1280))
                    save_image(outlined, target, key)
                full = str(full_rel)
    except UNREADABLE:
        return None
    # One label per kind of outline, with how many there are: "serious: color-contrast (3)".
    counted = Counter(m.label for m in marks if m.label)
    labels = tuple(f"{label} ({n})" if n > 1 else label for label, n in counted.items())
    return ShotImages(full=full, thumb=str(thumb_rel), marked=bool(marks), labels=labels)


def _thumb(image: Image.Image, marks: list[Mark], ratio: float, *, zoom: bool) -> Image.Image:
    """The card's thumbnail: closer in on what was acted on or where the newcomer got stuck."""
    focus = marks[0].box if marks else None
    if focus is None:
        window = drawing.focus_window(image.size, ratio, None)
    else:
        window = drawing.zoom_window(
            image.size,
            ratio,
            focus,
            fraction=ACTION_ZOOM if zoom else MARK_ZOOM,
            min_width=THUMB_WIDTH,
        )
    thumb = drawing.thumbnail(image, window, THUMB_WIDTH, ratio)
    factor = THUMB_WIDTH / max(window.width, 1)
    # A card's thumbnail is small: the close-up of an action keeps its short tag, a dead
    # end's long label goes in the card's caption instead of over the picture.
    moved = [
        Mark(box, m.colour, m.label if zoom else None)
        for m in marks
        if (box := m.box.moved(window, factor, thumb.size)) is not None
    ]
    drawing.draw_marks(thumb, moved, scale=0.7)
    return thumb


def _step_specs(step: StepResult) -> list[_Spec]:
    """The outlines a step's screenshot gets: the dead end in red, friction in amber."""
    specs: list[_Spec] = []
    dead_end = step.dead_end
    if dead_end is not None and dead_end.box is not None:
        blocking = step.outcome in BLOCKING_OUTCOMES
        colour = drawing.DEAD_END if blocking else drawing.FRICTION
        specs.append(_Spec(dead_end.box, colour, mark_label(dead_end)))
    for friction in step.friction:
        if friction.box is not None:
            specs.append(_Spec(friction.box, drawing.FRICTION, mark_label(friction)))
    for violation in step.a11y or ():  # axe-core's offenders, measured at audit time
        for target in violation.targets:
            if target.box is not None:
                specs.append(_Spec(target.box, A11Y, f"{violation.impact}: {violation.rule}"))
    return specs


def _action_verb(step: StepResult) -> str:
    for action in reversed(step.actions):
        if action.kind in ACTION_VERBS:
            return ACTION_VERBS[action.kind]
    return "acted here"


def _tile_caption(step: StepResult) -> str:
    label = step_row(step.outcome).label
    if step.outcome in (SKIPPED, UNKNOWN):
        return label
    return f"{label} · {duration(max(step.duration_ms, 0))}"


# ---------------------------------------------------------------- the filmstrip


def _filmstrip(
    root: Path,
    number: int,
    result: ScenarioResult,
    tiles: list[tuple[str | None, int, StepOutcome, str]],
    ratio: float,
    taken: AbstractSet[str],
) -> str | None:
    """The scenario's contact sheet, beside its screenshots; None when it has none.

    `filmstrip.png` in the scenario's own folder; `filmstrip-<n>.png` where that folder is
    shared (or the name is taken).
    """
    thumbs = [t[0] for t in tiles if t[0]]
    if not thumbs:
        return None
    folder = PurePosixPath(thumbs[0]).parent
    names = ["filmstrip.png"] if folder.name and folder.name != "screenshots" else []
    names.append(f"filmstrip-{number}.png")
    rel = next((str(folder / n) for n in names if str(folder / n) not in taken), None)
    if rel is None:
        return None
    name_text = result.scenario or f"Scenario {number}"
    title = f"{name_text} — {scenario_row(result.outcome).label}"
    target = root / rel
    try:
        stamps = [(_stamp(root, t[0]), *t) for t in tiles]
        key = image_key([DRAWING_VERSION, title, ratio], stamps, "filmstrip")
        if not is_fresh(target, key):
            # Thumbnails read as their tiles are drawn, the sheet written a row at a time:
            # neither grows in memory with the steps.
            frames = [
                Tile(_thumb_loader(root, thumb), index, step_outcome, caption)
                for thumb, index, step_outcome, caption in tiles
            ]
            size = drawing.sheet_size(len(frames), ratio)
            bands = drawing.contact_sheet_bands(title, frames, ratio)
            write_atomic(target, lambda fh: write_png_bands(fh, bands, size, {KEY_FIELD: key}))
    except UNREADABLE:
        return None
    return rel


def _stamp(root: Path, rel: str | None) -> tuple[int, int] | None:
    path = inside(root, rel) if rel else None
    if path is None:
        return None
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _thumb_loader(root: Path, rel: str | None) -> Callable[[], Image.Image | None] | None:
    """What reads a thumbnail when its tile is drawn (None: the tile has no picture)."""
    path = inside(root, rel) if rel else None
    if path is None:
        return None

    def load() -> Image.Image | None:
        try:
            with open_image(path) as image:
                return image.convert("RGB")
        except UNREADABLE:
            return None

    return load


def _thumb_ratio(record: RunRecord) -> float:
    """Thumbnails keep the viewport's proportions (16 : 10 if unknown), within sane bounds."""
    return _ratio(record.viewport.get("width"), record.viewport.get("height"))


def _ratio(width: Any, height: Any) -> float:
    if not width or not height or width <= 0 or height <= 0:
        return 0.625
    return round(max(0.5, min(float(height) / float(width), 1.5)), 4)
