"""Drawing on screenshots with pillow: outlines, tags, thumbnail crops and the contact sheet.

Pure functions of images and numbers (no files): `images` decides what to draw and where
the results go. Boxes from the record are validated and clamped here, once.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from harness.record import model as record
from harness.record.model import StepOutcome
from harness.record.outcomes import RED, step_row

__all__ = [
    "ACTION",
    "DEAD_END",
    "FRICTION",
    "Box",
    "Mark",
    "Tile",
    "contact_sheet",
    "contact_sheet_bands",
    "draw_marks",
    "focus_window",
    "parse_box",
    "thumbnail",
    "zoom_window",
]

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

DEAD_END: RGB = RED
FRICTION: RGB = (214, 138, 0)
ACTION: RGB = (37, 99, 235)
WHITE: RGB = (255, 255, 255)
INK: RGB = (27, 33, 48)
MUTED: RGB = (102, 112, 133)
LINE: RGB = (208, 213, 221)
PAPER: RGB = (244, 245, 247)
# Font files tried before pillow's own (DejaVu covers far more scripts than the default).
FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")
REDUCING_GAP = 1.5


@dataclass(frozen=True)
class Box:
    """A rectangle in an image's pixels, inside it and at least one pixel big."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def moved(self, window: Box, factor: float, size: tuple[int, int]) -> Box | None:
        """This box in a thumbnail of `window` scaled by `factor`, or None if cut off."""
        left = max(0, round((self.left - window.left) * factor))
        top = max(0, round((self.top - window.top) * factor))
        right = min(size[0], round((self.right - window.left) * factor))
        bottom = min(size[1], round((self.bottom - window.top) * factor))
        if right - left < 1 or bottom - top < 1:
            return None
        return Box(left, top, right, bottom)


@dataclass(frozen=True)
class Mark:
    """An outline to draw: where, in which colour, and an optional tag beside it."""

    box: Box
    colour: RGB
    label: str | None = None


@dataclass(frozen=True)
class Tile:
    """One frame of a contact sheet: its picture, or what reads it when the tile is drawn
    (so that a sheet of 200 steps holds one picture at a time)."""

    image: Image.Image | Callable[[], Image.Image | None] | None
    number: int
    outcome: StepOutcome
    caption: str


def parse_box(value: Any, size: tuple[int, int]) -> Box | None:
    """A record's {x, y, width, height} clamped to an image of `size`, or None if unusable.

    Anything but finite numbers with a positive width and height, or a box wholly
    outside the image, gives None: a bad box loses its outline, never the report.
    """
    if not isinstance(value, Mapping):
        return None
    numbers: list[float] = []
    for key in ("x", "y", "width", "height"):
        v = value.get(key)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            return None
        numbers.append(float(v))
    x, y, w, h = numbers
    if w <= 0 or h <= 0:
        return None
    width, height = size
    left, top = max(0.0, min(x, width)), max(0.0, min(y, height))
    right, bottom = max(0.0, min(x + w, width)), max(0.0, min(y + h, height))
    if right <= left or bottom <= top:
        return None
    return Box(math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom))


@functools.cache
def font(size: int) -> Font:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError, ImportError):  # pillow < 10.1, or no FreeType
        return ImageFont.load_default()


def _drawable(text: str, face: Font) -> str:
    """The text as the font can draw it: pillow's bitmap fallback knows Latin-1 alone."""
    if isinstance(face, ImageFont.FreeTypeFont):
        return text
    plain = text.replace("“", '"').replace("”", '"').replace("—", "-").replace("…", "...")
    return plain.encode("latin-1", "replace").decode("latin-1")


def _text_width(draw: ImageDraw.ImageDraw, text: str, face: Font) -> float:
    left, _, right, _ = draw.textbbox((0, 0), text, font=face)
    return right - left


def _fit(draw: ImageDraw.ImageDraw, text: str, face: Font, width: float) -> str:
    """The text, cut with an ellipsis so that it is at most `width` pixels wide."""
    text = _drawable(" ".join(text.split()), face)
    if _text_width(draw, text, face) <= width:
        return text
    ellipsis = _drawable("…", face)
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if _text_width(draw, text[:mid].rstrip() + ellipsis, face) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ellipsis if low else ""


def draw_marks(image: Image.Image, marks: Sequence[Mark], *, scale: float = 1.0) -> None:
    """Outline each mark on the image in place, with a tag for its label.

    `scale` sizes the strokes and text: 1 for a full screenshot, larger for a thumbnail
    whose pixels stand for several of the original's.
    """
    draw = ImageDraw.Draw(image)
    width, height = image.size
    stroke = max(2, round(3 * scale))
    pad = max(2, round(4 * scale))
    for mark in marks:
        rect = (
            max(0, mark.box.left - pad),
            max(0, mark.box.top - pad),
            min(width - 1, mark.box.right + pad),
            min(height - 1, mark.box.bottom + pad),
        )
        if rect[2] - rect[0] < 2 or rect[3] - rect[1] < 2:
            continue
        _tint(image, rect, mark.colour)
        radius = min(round(6 * scale), (rect[2] - rect[0]) // 2, (rect[3] - rect[1]) // 2)
        halo = (
            max(0, rect[0] - 1),
            max(0, rect[1] - 1),
            min(width - 1, rect[2] + 1),
            min(height - 1, rect[3] + 1),
        )
        draw.rounded_rectangle(halo, radius=radius + 1, outline=WHITE, width=stroke + 2)
        draw.rounded_rectangle(rect, radius=radius, outline=mark.colour, width=stroke)
        if mark.label:
            _tag(draw, image.size, rect, mark.label, mark.colour, scale)


def _tint(image: Image.Image, rect: tuple[int, int, int, int], colour: RGB) -> None:
    """Wash the inside of the outline with a little of its colour, so the eye finds it."""
    region = image.crop(rect)
    image.paste(Image.blend(region, Image.new(region.mode, region.size, colour), 0.08), rect[:2])


def _tag(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    rect: tuple[int, int, int, int],
    label: str,
    colour: RGB,
    scale: float,
) -> None:
    face = font(max(9, round(16 * scale)))
    pad_x, pad_y, gap = round(8 * scale), round(5 * scale), max(2, round(4 * scale))
    text = _fit(draw, label, face, size[0] - 2 * pad_x - 4)
    if not text:
        return
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    tag_w, tag_h = right - left + 2 * pad_x, bottom - top + 2 * pad_y
    # Beside the outline if it fits (usually blank page), else above it, else below: never
    # over the element itself, and as little as possible over its neighbours.
    x = min(max(rect[0], 0), max(size[0] - tag_w, 0))
    if rect[2] + gap + tag_w <= size[0] and rect[3] - rect[1] <= tag_h * 3:
        x = rect[2] + gap
        y = max(0, min((rect[1] + rect[3] - tag_h) // 2, size[1] - tag_h))
    elif rect[1] - gap - tag_h >= 0:
        y = rect[1] - gap - tag_h
    elif rect[3] + gap + tag_h <= size[1]:
        y = rect[3] + gap
    else:
        y = rect[1] + gap
    draw.rounded_rectangle(
        (x, y, x + tag_w, y + tag_h), radius=round(4 * scale), fill=colour, outline=WHITE
    )
    draw.text((x + pad_x - left, y + pad_y - top), text, font=face, fill=WHITE)


def focus_window(size: tuple[int, int], ratio: float, focus: Box | None) -> Box:
    """The part of a page a thumbnail shows: its top, or around `focus` if that lies lower.

    `ratio` is height / width of the window; the window is the image's full width.
    """
    width, height = size
    window = max(1, min(height, round(width * ratio)))
    top = 0
    if focus is not None and focus.bottom > window:
        if focus.height >= window * 0.8:
            top = focus.top - round(window * 0.1)
        else:
            top = round((focus.top + focus.bottom) / 2 - window / 2)
        top = max(0, min(top, height - window))
    return Box(0, top, width, top + window)


def zoom_window(
    size: tuple[int, int], ratio: float, focus: Box, *, fraction: float, min_width: int
) -> Box:
    """A window closer than the whole screen, around `focus`, in the thumbnail's proportions.

    At least `fraction` of the screen's width and `min_width` pixels (a thumbnail is never
    blown up); it keeps the top of the page in view when the focus fits below it.
    """
    width, height = size
    win_w = max(width * fraction, min_width, focus.width * 2 + 80, (focus.height * 2 + 60) / ratio)
    win_w = min(win_w, width, height / ratio)
    win_h = win_w * ratio
    cx, cy = (focus.left + focus.right) / 2, (focus.top + focus.bottom) / 2
    left = max(0.0, min(cx - win_w / 2, width - win_w))
    if focus.bottom + win_h * 0.1 <= win_h:
        top = 0.0
    else:
        top = max(0.0, min(cy - win_h / 2, height - win_h))
    return Box(round(left), round(top), round(left + win_w), round(top + win_h))


def thumbnail(image: Image.Image, window: Box, width: int, ratio: float) -> Image.Image:
    """The window of the image, scaled to `width` wide and padded to exactly width × ratio."""
    height = max(1, round(width * ratio))
    scale = width / max(window.width, 1)
    crop = image.crop((window.left, window.top, window.right, window.bottom))
    scaled_h = max(1, min(height, round(window.height * scale)))
    # reducing_gap: a box filter halves a large window first, then Lanczos: a third of the
    # time, and no difference to see at a card's size.
    if crop.mode != "RGB":
        crop = crop.convert("RGB")
    crop = crop.resize((width, scaled_h), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    if scaled_h == height:
        return crop
    # A page shorter than the window: fill below it with the colour its bottom ends in.
    fill = crop.getpixel((0, scaled_h - 1))
    canvas = Image.new("RGB", (width, height), fill if isinstance(fill, tuple) else PAPER)
    canvas.paste(crop, (0, 0))
    return canvas


# ---------------------------------------------------------------- the contact sheet

SHEET_TILE_W = 200
SHEET_COLUMNS = 6
SHEET_GAP = 14
SHEET_PAD = 18
SHEET_TITLE_H = 34
SHEET_BAR_H = 6
SHEET_CAPTION_H = 26


def sheet_size(count: int, ratio: float) -> tuple[int, int]:
    """The pixel size of a contact sheet of `count` tiles (wrapping after six)."""
    columns = max(1, min(count, SHEET_COLUMNS))
    rows = max(1, math.ceil(count / SHEET_COLUMNS))
    tile_h = SHEET_BAR_H + round(SHEET_TILE_W * ratio) + SHEET_CAPTION_H
    width = 2 * SHEET_PAD + columns * SHEET_TILE_W + (columns - 1) * SHEET_GAP
    height = 2 * SHEET_PAD + SHEET_TITLE_H + rows * tile_h + (rows - 1) * SHEET_GAP
    return width, height


def contact_sheet(title: str, tiles: Sequence[Tile], ratio: float) -> Image.Image:
    """A scenario's steps side by side: thumbnail, outcome bar, number and caption."""
    sheet = Image.new("RGB", sheet_size(len(tiles), ratio), WHITE)
    top = 0
    for band in contact_sheet_bands(title, tiles, ratio):
        sheet.paste(band, (0, top))
        top += band.height
    return sheet


def contact_sheet_bands(title: str, tiles: Sequence[Tile], ratio: float) -> Iterator[Image.Image]:
    """The contact sheet in bands from top to bottom: the title, then one row of tiles at a
    time. Stacked they are `contact_sheet`; written out one after the other, the sheet of a
    200-step scenario is never in memory whole."""
    width, _ = sheet_size(len(tiles), ratio)
    head = Image.new("RGB", (width, SHEET_PAD + SHEET_TITLE_H), WHITE)
    draw = ImageDraw.Draw(head)
    title_face = font(17)
    fitted = _fit(draw, title, title_face, width - 2 * SHEET_PAD)
    draw.text((SHEET_PAD, SHEET_PAD), fitted, font=title_face, fill=INK)
    yield head
    tile_h = SHEET_BAR_H + round(SHEET_TILE_W * ratio) + SHEET_CAPTION_H
    rows = [tiles[i : i + SHEET_COLUMNS] for i in range(0, len(tiles), SHEET_COLUMNS)] or [[]]
    for number, row in enumerate(rows):
        below = SHEET_PAD if number == len(rows) - 1 else SHEET_GAP
        band = Image.new("RGB", (width, tile_h + below), WHITE)
        for column, tile in enumerate(row):
            _draw_tile(band, SHEET_PAD + column * (SHEET_TILE_W + SHEET_GAP), tile, ratio)
        yield band


def _draw_tile(sheet: Image.Image, x: int, tile: Tile, ratio: float) -> None:
    """One tile at the top of its band, `x` from the left."""
    draw = ImageDraw.Draw(sheet)
    number_face, caption_face = font(13), font(12)
    y = 0
    shot_h = round(SHEET_TILE_W * ratio)
    colour = step_row(tile.outcome).rgb
    draw.rectangle((x, y, x + SHEET_TILE_W - 1, y + SHEET_BAR_H - 1), fill=colour)
    shot_box = (x, y + SHEET_BAR_H, x + SHEET_TILE_W - 1, y + SHEET_BAR_H + shot_h - 1)
    picture = tile.image() if callable(tile.image) else tile.image
    if picture is not None:
        frame = picture.convert("RGB").resize((SHEET_TILE_W, shot_h), Image.Resampling.LANCZOS)
        if tile.outcome == record.SKIPPED:
            frame = Image.blend(frame, Image.new("RGB", frame.size, WHITE), 0.6)
        sheet.paste(frame, shot_box[:2])
    else:
        draw.rectangle(shot_box, fill=PAPER)
        face = font(12)
        label = "no screenshot"
        draw.text(
            (x + (SHEET_TILE_W - _text_width(draw, label, face)) / 2, y + shot_h / 2),
            label,
            font=face,
            fill=MUTED,
        )
    stuck = tile.outcome == record.DEAD_END
    draw.rectangle(shot_box, outline=DEAD_END if stuck else LINE, width=2 if stuck else 1)
    cap_y = y + SHEET_BAR_H + shot_h + 6
    number = str(tile.number)
    draw.text((x, cap_y), number, font=number_face, fill=INK)
    offset = _text_width(draw, number, number_face) + 7
    draw.text(
        (x + offset, cap_y + 1),
        _fit(draw, tile.caption, caption_face, SHEET_TILE_W - offset),
        font=caption_face,
        fill=DEAD_END if stuck else MUTED,
    )
