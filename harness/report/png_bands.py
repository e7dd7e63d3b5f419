"""A PNG written band by band, so that a tall image is never in memory whole.

Pillow writes a PNG from a whole image only. A scenario's filmstrip of 200 steps is
1306 x 5870 pixels; drawn a row of tiles at a time (`drawing.contact_sheet_bands`) and
written here as the rows come, it takes the memory of one row. Scanlines are stored
unfiltered and deflated as they come; text chunks carry what the caller stamps on the file.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["write_png_bands"]

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def write_png_bands(
    fh: IO[bytes],
    bands: Iterable[Image.Image],
    size: tuple[int, int],
    text: Mapping[str, str] | None = None,
) -> None:
    """Write an 8-bit RGB PNG of `size` from `bands`, top to bottom, each as wide as it.

    Raises ValueError when the bands do not make up the size given.
    """
    width, height = size
    fh.write(SIGNATURE)
    _chunk(fh, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    for key, value in (text or {}).items():
        _chunk(fh, b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    deflate = zlib.compressobj(6)
    stride, rows = width * 3, 0
    for band in bands:
        if band.mode != "RGB" or band.width != width:
            raise ValueError(f"a band of {band.width} pixels ({band.mode}) in a PNG {width} wide")
        raw = band.tobytes()
        lines = b"".join(b"\0" + raw[i : i + stride] for i in range(0, len(raw), stride))
        rows += band.height
        if out := deflate.compress(lines):
            _chunk(fh, b"IDAT", out)
    if rows != height:
        raise ValueError(f"bands of {rows} rows in a PNG {height} high")
    _chunk(fh, b"IDAT", deflate.flush())
    _chunk(fh, b"IEND", b"")


def _chunk(fh: IO[bytes], kind: bytes, data: bytes) -> None:
    fh.write(struct.pack(">I", len(data)) + kind + data)
    fh.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
