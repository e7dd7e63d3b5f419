"""Screenshot differences: the share of pixels that changed, and an image that shows where."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

THRESHOLD = 24  # per-channel difference below this is antialiasing noise, not change
CELL = 16  # changed regions are outlined on a grid of this many pixels


def pixel_difference(before: Path, after: Path, out: Path | None = None) -> float | None:
    """Share (0..1) of pixels that differ; writes a highlighted diff image to `out`.

    Returns None when either image is missing or unreadable.
    """
    try:
        with Image.open(before) as a_file, Image.open(after) as b_file:
            a, b = a_file.convert("RGB"), b_file.convert("RGB")
    except (OSError, ValueError):
        return None
    width, height = max(a.width, b.width), max(a.height, b.height)
    a, b = _pad(a, width, height), _pad(b, width, height)
    diff = ImageChops.difference(a, b).convert("L")
    mask = diff.point(lambda v: 255 if v > THRESHOLD else 0)
    changed = mask.histogram()[255]
    share = changed / (width * height) if width and height else 0.0
    if out is not None:
        _draw(b, mask, out)
    return share


def _pad(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    canvas.paste(image, (0, 0))
    return canvas


def _draw(current: Image.Image, mask: Image.Image, out: Path) -> None:
    """The current screen faded, changed pixels in red, changed regions boxed."""
    faded = Image.blend(current, Image.new("RGB", current.size, (255, 255, 255)), 0.6)
    red = Image.new("RGB", current.size, (220, 38, 38))
    faded.paste(red, (0, 0), mask)
    draw = ImageDraw.Draw(faded)
    small = mask.resize(
        (max(1, mask.width // CELL), max(1, mask.height // CELL)), Image.Resampling.BOX
    )
    for box in _regions(small):
        x0, y0, x1, y1 = (v * CELL for v in box)
        draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(220, 38, 38), width=3)
    out.parent.mkdir(parents=True, exist_ok=True)
    faded.save(out, optimize=True)


def _regions(grid: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (in grid cells) of connected changed cells."""
    width, height = grid.size
    data = grid.load()
    assert data is not None
    seen: set[tuple[int, int]] = set()
    boxes = []
    for y in range(height):
        for x in range(width):
            if (x, y) in seen or not data[x, y]:
                continue
            stack, box = [(x, y)], [x, y, x + 1, y + 1]
            seen.add((x, y))
            while stack:
                cx, cy = stack.pop()
                box = [min(box[0], cx), min(box[1], cy), max(box[2], cx + 1), max(box[3], cy + 1)]
                for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                    inside = 0 <= nx < width and 0 <= ny < height
                    if inside and (nx, ny) not in seen and data[nx, ny]:
                        seen.add((nx, ny))
                        stack.append((nx, ny))
            boxes.append((box[0], box[1], box[2], box[3]))
    return boxes
