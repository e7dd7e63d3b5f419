"""The files of derived images: reading a screenshot safely, and writing a derived image
atomically, stamped with the key of what it was made from (`images` decides what to draw)."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import IO, Any

from PIL import Image, PngImagePlugin

from harness.files import contained, write_atomic
from harness.report.fmt import safe_relative_href

__all__ = [
    "FORMATS",
    "KEY_FIELD",
    "MAX_PIXELS",
    "UNREADABLE",
    "image_key",
    "inside",
    "is_fresh",
    "open_image",
    "save_image",
]

THUMB_QUALITY = 80
FULL_QUALITY = 85  # an outlined action screenshot: a JPEG as it is (a PNG took 10x longer)
MAX_PIXELS = 40_000_000  # 1280 × 4000 is 5 M; anything far past it is not a screenshot
KEY_FIELD = "shoshin-key"
FORMATS = ("PNG", "JPEG", "WEBP")
# What a broken or hostile image file can raise while pillow reads it.
UNREADABLE = (
    OSError,
    ValueError,
    EOFError,
    SyntaxError,
    struct.error,
    Image.DecompressionBombError,
)


def inside(root: Path, raw: str) -> Path | None:
    """The file a recorded path names, if it is a safe relative path that stays in `root`."""
    return None if safe_relative_href(raw) is None else contained(raw, root)


def open_image(path: Path) -> Image.Image:
    image = Image.open(path, formats=FORMATS)
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        image.close()
        raise ValueError(f"{path.name}: {width} × {height} is no screenshot")
    return image


def image_key(*parts: Any) -> str:
    blob = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:32]


def is_fresh(target: Path, key: str) -> bool:
    """Whether `target` exists and was made from exactly these inputs."""
    if target.is_symlink() or not target.is_file():
        return False
    try:
        with Image.open(target, formats=FORMATS) as image:
            found = image.info.get(KEY_FIELD) or image.info.get("comment")
    except UNREADABLE:
        return False
    if isinstance(found, bytes):
        found = found.decode("ascii", "replace")
    return found == key


def save_image(image: Image.Image, target: Path, key: str) -> None:
    """Write the image atomically, stamped with its key; JPEG for thumbnails, else PNG."""

    def write(fh: IO[bytes]) -> None:
        if target.name.endswith(".thumb.jpg"):
            image.save(fh, "JPEG", quality=THUMB_QUALITY, optimize=True, comment=key)
        elif target.suffix == ".jpg":
            image.save(fh, "JPEG", quality=FULL_QUALITY, comment=key)
        else:
            info = PngImagePlugin.PngInfo()
            info.add_text(KEY_FIELD, key)
            image.save(fh, "PNG", pnginfo=info, compress_level=6)

    write_atomic(target, write, sync=False)
