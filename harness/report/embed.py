"""Images as `data:` URIs, for a report that must stand alone (`--self-contained`)."""

from __future__ import annotations

import base64
import io
from pathlib import Path, PurePosixPath

from PIL import Image

from harness.report.image_files import FORMATS, MAX_PIXELS, UNREADABLE, inside
from harness.report.images import ImageSet

__all__ = ["embed_images"]

EMBED_MAX_WIDTH = 1024  # a full screenshot re-encoded for embedding is no wider
EMBED_KEEP_WIDTH = 1280  # an original up to this wide is embedded as is when smaller
EMBED_QUALITY = 72


def embed_images(run_dir: Path, images: ImageSet) -> dict[str, str]:
    """The images as `data:` URIs by path, for a report that must stand alone.

    Thumbnails and filmstrips go in as they are; a full screenshot (up to 1280 × 4000) as
    the smaller of its file and a narrower JPEG. Unreadable ones are left out.
    """
    root = Path(run_dir).resolve()
    inline: dict[str, str] = {}
    for rel in images.paths():
        path = inside(root, rel)
        if path is None:
            continue
        try:
            data = path.read_bytes()
            if rel.endswith(".jpg") or PurePosixPath(rel).name.startswith("filmstrip"):
                mime = "image/jpeg" if rel.endswith(".jpg") else "image/png"
            else:
                data, mime = _smaller(data)
        except UNREADABLE:
            continue
        inline[rel] = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return inline


def _smaller(data: bytes) -> tuple[bytes, str]:
    """A full screenshot for embedding: the smaller of the file and a narrower JPEG of it.

    Flat UI is often smaller as the original PNG; a long, busy page as a JPEG.
    """
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("too large to embed")
        mime = Image.MIME.get(image.format or "", "image/png")
        rgb = image.convert("RGB")
    if rgb.width > EMBED_MAX_WIDTH:
        height = round(rgb.height * EMBED_MAX_WIDTH / rgb.width)
        rgb = rgb.resize((EMBED_MAX_WIDTH, height), Image.Resampling.BICUBIC, reducing_gap=2.0)
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=EMBED_QUALITY, optimize=True)
    jpeg = out.getvalue()
    if len(data) <= len(jpeg) and image.width <= EMBED_KEEP_WIDTH:
        return data, mime
    return jpeg, "image/jpeg"
