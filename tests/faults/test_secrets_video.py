"""A secret field is painted over on screen, so the video (and the trace's screencast) never
shows it: every recorded frame is decoded and the field's pixels are read.

The page places its fields where the frames can be read (tests/fixtures/pages/
secrets-form.html): "API key" (a text field) and "Password" filled with a secret, and
"Nickname" filled with a plain value, whose dark glyphs show what an unmasked field looks
like in the same video. After "Check" the page turns green, with the fields still there.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.browser.actions import MASK_COLOUR
from harness.browser.launch import BrowserChoice, ffmpeg_path, has_ffmpeg
from harness.record.model import read_record
from harness.run.conditions import Conditions
from harness.run.config import RunConfig
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario
from tests.faults.secrets_support import SECRET, secrets_product

pytestmark = pytest.mark.browser

FILLED = f"""
name: Check a key
start: /secrets-form.html
patience: 8
steps:
  - intent: Check the key
    fill:
      API key: {{ value: '{SECRET}', secret: true }}
      Password: {{ value: '{SECRET}', secret: true }}
      Nickname: WWWW WWWW
    click: Check
    expect: Key checked
"""
WIDTH, HEIGHT = 1280, 800  # the run's default viewport: one video pixel per CSS pixel
# Inside each field's border (CSS pixels, as the page places them): x, y, width, height.
INSIDE = {
    "API key": (48, 104, 464, 40),
    "Password": (48, 204, 464, 40),
    "Nickname": (48, 304, 464, 40),
}
BACKGROUND = (700, 500, 200, 100)
CHECKED = (200, 240, 200)  # the page's background once "Check" answered
MASK = tuple(int(MASK_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
Pixels = list[tuple[int, int, int]]
RAW_RGB = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]  # every frame, to stdout


def _decoder() -> str | None:
    """An ffmpeg that decodes VP8 (the system's; Playwright's own is linked to it by set-up)."""
    return shutil.which("ffmpeg") or (str(ffmpeg_path()) if has_ffmpeg() else None)


@pytest.fixture(scope="module")
def recorded(
    browser_choice: BrowserChoice, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict[str, Any]]]:
    if not has_ffmpeg() or _decoder() is None:
        pytest.skip("make setup installs ffmpeg, which --video needs")
    tmp = tmp_path_factory.mktemp("secrets-video")
    with secrets_product() as (url, _):
        scenario = load_scenario(write_scenario(tmp, FILLED))
        conditions = Conditions(video="on", tracing="on")
        config = RunConfig(
            base_url=url, out_dir=tmp / "out", browser=browser_choice, conditions=conditions
        )
        record = run_scenarios([scenario], config, [RecordWriter()])
    run_dir = tmp / "out" / record.run_id
    data = read_record(run_dir)
    assert data["results"][0]["outcome"] == "completed", data["results"][0]["steps"]
    yield run_dir, data["results"][0]


def _frames(video: Path, box: tuple[int, int, int, int]) -> list[Pixels]:
    """Every frame of `video`, cropped to `box`, as RGB pixels."""
    x, y, w, h = box
    decoder = _decoder()
    assert decoder is not None
    raw = subprocess.run(
        [decoder, "-v", "error", "-i", str(video), "-vf", f"crop={w}:{h}:{x}:{y}", *RAW_RGB],
        capture_output=True,
        check=True,
    ).stdout
    size = w * h * 3
    assert raw and len(raw) % size == 0
    return [_pixels(raw[i : i + size]) for i in range(0, len(raw), size)]


def _pixels(data: bytes) -> Pixels:
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def _dark(pixels: Pixels) -> int:
    """Pixels of a glyph: the fields draw their text black, 32 px tall."""
    return sum(1 for p in pixels if max(p) < 100)


def _share_near(pixels: Pixels, colour: tuple[int, ...], tolerance: int = 40) -> float:
    near = sum(
        1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True))
    )
    return near / len(pixels)


def test_no_video_frame_shows_a_secret_field_unmasked(
    recorded: tuple[Path, dict[str, Any]],
) -> None:
    run_dir, result = recorded
    video = run_dir / result["video"]
    frames = {name: _frames(video, box) for name, box in INSIDE.items()}
    background = _frames(video, BACKGROUND)
    count = len(background)
    assert count > 10 and all(len(f) == count for f in frames.values())
    for name in ("API key", "Password"):
        drawn = [i for i, frame in enumerate(frames[name]) if _dark(frame)]
        assert not drawn, f"“{name}” shows glyphs in frames {drawn[:10]} of {count}"
    # The last frame comes after the fill (the page answered "Check"): the secret fields
    # are the mask's colour, and the plain field beside them shows its glyphs.
    assert _share_near(background[-1], CHECKED) > 0.95
    assert _share_near(frames["API key"][-1], MASK) > 0.95
    assert _share_near(frames["Password"][-1], MASK) > 0.95
    assert _dark(frames["Nickname"][-1]) > 50, "the video does not show typed glyphs at all"


def test_no_trace_screencast_frame_shows_a_secret_field_unmasked(
    recorded: tuple[Path, dict[str, Any]],
) -> None:
    from PIL import Image

    run_dir, result = recorded
    with zipfile.ZipFile(run_dir / result["trace"]) as archive:
        names = sorted(
            (n for n in archive.namelist() if n.startswith("screencast/")),
            key=lambda n: int(n.rsplit("-", 1)[1].split(".")[0]),
        )
        shots = [Image.open(io.BytesIO(archive.read(n))).convert("RGB") for n in names]
    assert len(shots) > 2

    def inside(shot: Any, box: tuple[int, int, int, int]) -> Pixels:
        scale = shot.width / WIDTH  # the screencast is scaled down
        x, y, w, h = (round(v * scale) for v in box)
        return _pixels(shot.crop((x, y, x + w, y + h)).tobytes())

    for number, shot in enumerate(shots):
        for name in ("API key", "Password"):
            assert not _dark(inside(shot, INSIDE[name])), f"“{name}” in screencast {number}"
    last = shots[-1]
    assert _share_near(inside(last, BACKGROUND), CHECKED) > 0.95
    assert _share_near(inside(last, INSIDE["API key"]), MASK) > 0.95
    assert _dark(inside(last, INSIDE["Nickname"])) > 20
