"""Screenshots that point: outlines, thumbnails and filmstrips made from real PNGs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from harness import files as files_module
from harness.record.outcomes import STEP_ROWS
from harness.report import drawing
from harness.report.drawing import Box, parse_box, sheet_size
from harness.report.embed import embed_images
from harness.report.images import THUMB_WIDTH, ImageSet, make_images

PAGE = (250, 250, 252)
BOX = {"x": 300, "y": 200, "width": 200, "height": 40}
SHOT = "screenshots/01-signup/step-01.png"


def screen(path: Path, size: tuple[int, int] = (1280, 800), colour: Any = PAGE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def step(n: int = 1, outcome: str = "passed", **fields: Any) -> dict[str, Any]:
    return {
        "index": n,
        "intent": f"Step {n}",
        "outcome": outcome,
        "duration_ms": 1200,
        "patience_s": 10,
        "screenshot": f"screenshots/01-signup/step-{n:02}.png",
        "actions": [{"kind": "click", "target": "Continue", "value": None}],
        **fields,
    }


def record(*steps: dict[str, Any], viewport: tuple[int, int] = (1280, 800)) -> dict[str, Any]:
    return {
        "run_id": "r1",
        "viewport": {"width": viewport[0], "height": viewport[1]},
        "results": [{"scenario": "Sign up", "outcome": "dead_end", "steps": list(steps)}],
    }


def dead_end(box: Any = BOX, label: str | None = "looked for “Continue”") -> dict[str, Any]:
    return {
        "kind": "missing-target",
        "looked_for": "Continue",
        "message": "m",
        "seen": ["Skip"],
        "errors_on_screen": [],
        "box": box,
        "box_label": label,
    }


def close(pixel: Any, colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(int(a) - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_dead_end_is_outlined_in_red_on_a_copy_and_the_original_is_untouched(
    tmp_path: Path,
) -> None:
    original = screen(tmp_path / SHOT)
    before = digest(original)

    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end())))

    made = images.shots[SHOT]
    assert made.marked and made.full == "screenshots/01-signup/step-01.annotated.png"
    assert made.labels == ("looked for “Continue”",)
    with Image.open(tmp_path / made.full) as annotated:
        assert annotated.size == (1280, 800)
        # The outline runs a few pixels outside the box, all around it.
        for x, y in ((297, 220), (503, 220), (400, 197), (400, 243)):
            assert close(annotated.getpixel((x, y)), drawing.DEAD_END), (x, y)
        # The red tag sits beside the outline, where the page is blank.
        tag_row = [annotated.getpixel((x, 220)) for x in range(510, 640)]
        assert sum(close(p, drawing.DEAD_END) for p in tag_row) > 40
        # Far away, nothing changed.
        for x, y in ((20, 20), (1200, 700), (700, 500)):
            assert annotated.getpixel((x, y)) == PAGE
    assert digest(original) == before


def test_the_acted_on_element_is_outlined_on_the_action_screenshot(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    before = screen(tmp_path / "screenshots/01-signup/step-01.before.png")
    shot = step(
        action_screenshot="screenshots/01-signup/step-01.before.png",
        action_box={"x": 600, "y": 500, "width": 180, "height": 44},
    )

    images = make_images(tmp_path, record(shot))

    made = images.actions["screenshots/01-signup/step-01.before.png"]
    assert made.full == "screenshots/01-signup/step-01.before.action.jpg"
    assert made.thumb == "screenshots/01-signup/step-01.before.action.thumb.jpg"
    with Image.open(tmp_path / made.full) as outlined:
        assert close(outlined.getpixel((597, 520)), drawing.ACTION)
        assert close(outlined.getpixel((690, 546)), drawing.ACTION)
        assert outlined.getpixel((100, 100)) == PAGE
    assert (
        before.stat().st_size
        == (tmp_path / "screenshots/01-signup/step-01.before.png").stat().st_size
    )
    # A step without an outline has no annotated copy: its full image is the original.
    assert images.shots[SHOT].full == SHOT and not images.shots[SHOT].marked


def test_thumbnails_keep_the_viewport_proportions_and_show_the_top_of_a_long_page(
    tmp_path: Path,
) -> None:
    page = Image.new("RGB", (1280, 4000), (40, 90, 200))
    page.paste((30, 160, 90), (0, 800, 1280, 4000))
    (tmp_path / SHOT).parent.mkdir(parents=True)
    page.save(tmp_path / SHOT)

    images = make_images(tmp_path, record(step()))

    thumb = images.shots[SHOT].thumb
    assert thumb is not None and thumb.endswith(".thumb.jpg")
    with Image.open(tmp_path / thumb) as small:
        assert small.size == (THUMB_WIDTH, 250)
        assert close(small.getpixel((200, 125)), (40, 90, 200))


def test_a_dead_end_far_down_the_page_is_in_its_thumbnail(tmp_path: Path) -> None:
    screen(tmp_path / SHOT, (1280, 4000))
    box = {"x": 500, "y": 3300, "width": 200, "height": 40}

    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end(box))))

    with Image.open(tmp_path / str(images.shots[SHOT].thumb)) as small:
        assert small.size == (THUMB_WIDTH, 250)
        pixels = [small.getpixel((x, y)) for x in range(0, 400, 2) for y in range(0, 250, 2)]
        assert sum(close(p, drawing.DEAD_END, 60) for p in pixels) > 50


def test_a_thumbnail_of_a_short_page_is_padded_to_the_same_size(tmp_path: Path) -> None:
    screen(tmp_path / SHOT, (1280, 300))

    images = make_images(tmp_path, record(step()))

    with Image.open(tmp_path / str(images.shots[SHOT].thumb)) as small:
        assert small.size == (THUMB_WIDTH, 250)


@pytest.mark.parametrize(("count", "rows"), [(1, 1), (4, 1), (6, 1), (7, 2), (13, 3)])
def test_the_filmstrip_is_a_contact_sheet_wrapping_after_six(
    tmp_path: Path, count: int, rows: int
) -> None:
    steps = []
    for n in range(1, count + 1):
        screen(tmp_path / f"screenshots/01-signup/step-{n:02}.png", (640, 400))
        steps.append(step(n))

    images = make_images(tmp_path, record(*steps))

    assert images.filmstrips == {1: "screenshots/01-signup/filmstrip.png"}
    with Image.open(tmp_path / images.filmstrips[1]) as sheet:
        assert sheet.size == sheet_size(count, 0.625)
    columns = min(count, 6)
    width, height = sheet_size(count, 0.625)
    assert width == 2 * 18 + columns * 200 + (columns - 1) * 14
    assert height == sheet_size(1, 0.625)[1] + (rows - 1) * (
        sheet_size(1, 0.625)[1] - 2 * 18 - 34 + 14
    )


def test_the_filmstrip_colours_each_step_by_its_outcome(tmp_path: Path) -> None:
    outcomes = ["passed", "slow", "dead_end", "skipped"]
    steps = []
    for n, outcome in enumerate(outcomes, start=1):
        screen(tmp_path / f"screenshots/01-signup/step-{n:02}.png", (640, 400))
        steps.append(step(n, outcome))

    images = make_images(tmp_path, record(*steps))

    with Image.open(tmp_path / images.filmstrips[1]) as sheet:
        bar_y = 18 + 34 + 2
        for n, outcome in enumerate(outcomes):
            x = 18 + n * (200 + 14) + 100
            assert close(sheet.getpixel((x, bar_y)), STEP_ROWS[outcome].rgb, 8)


def test_a_step_without_a_screenshot_is_a_blank_frame(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    missing = step(2, "skipped", screenshot=None)

    images = make_images(tmp_path, record(step(1), missing))

    with Image.open(tmp_path / images.filmstrips[1]) as sheet:
        assert sheet.size == sheet_size(2, 0.625)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a png at all",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "truncated",
        "gif",
    ],
)
def test_a_corrupt_screenshot_is_skipped_and_the_others_still_made(
    tmp_path: Path, content: bytes | str
) -> None:
    good = screen(tmp_path / "screenshots/01-signup/step-02.png")
    bad = tmp_path / SHOT
    if content == "truncated":
        screen(bad)
        bad.write_bytes(bad.read_bytes()[:200])
    elif content == "gif":  # a real image, but no format a screenshot comes in
        Image.new("RGB", (64, 64)).save(bad, "GIF")
    else:
        assert isinstance(content, bytes)
        bad.write_bytes(content)

    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end()), step(2)))

    assert SHOT not in images.shots
    assert "screenshots/01-signup/step-02.png" in images.shots
    assert good.exists() and 1 in images.filmstrips


def test_missing_screenshots_make_nothing(tmp_path: Path) -> None:
    images = make_images(tmp_path, record(step(1), step(2, action_screenshot="nope.png")))

    assert images == ImageSet()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "box",
    [
        None,
        "x=1",
        [1, 2, 3, 4],
        {},
        {"x": "300", "y": 200, "width": 200, "height": 40},
        {"x": 300, "y": 200, "width": -200, "height": 40},
        {"x": 300, "y": 200, "width": 0, "height": 40},
        {"x": 300, "y": 200, "width": 200, "height": True},
        {"x": float("nan"), "y": 200, "width": 200, "height": 40},
        {"x": float("inf"), "y": 200, "width": 200, "height": 40},
        {"x": 5000, "y": 200, "width": 200, "height": 40},
        {"x": -500, "y": -500, "width": 100, "height": 100},
    ],
)
def test_an_unusable_box_costs_its_outline_only(tmp_path: Path, box: Any) -> None:
    screen(tmp_path / SHOT)

    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end(box))))

    made = images.shots[SHOT]
    assert not made.marked and made.full == SHOT and made.thumb


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        ({"x": -50, "y": 10, "width": 100, "height": 20}, Box(0, 10, 50, 30)),
        ({"x": 1200, "y": 790, "width": 500, "height": 500}, Box(1200, 790, 1280, 800)),
        ({"x": 0, "y": 0, "width": 1e308, "height": 1e308}, Box(0, 0, 1280, 800)),
        ({"x": 10.4, "y": 10.6, "width": 0.5, "height": 20}, Box(10, 10, 11, 31)),
    ],
)
def test_boxes_are_clamped_to_the_image(box: dict[str, float], expected: Box) -> None:
    assert parse_box(box, (1280, 800)) == expected


def test_a_tag_that_does_not_fit_beside_goes_above(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    wide = {"x": 200, "y": 300, "width": 900, "height": 40}

    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end(wide))))

    with Image.open(tmp_path / images.shots[SHOT].full) as annotated:
        above = [annotated.getpixel((x, 280)) for x in range(200, 330)]
        assert sum(close(p, drawing.DEAD_END) for p in above) > 40


def test_huge_boxes_still_outline_inside_the_image(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    huge = {"x": -1e9, "y": -1e9, "width": 1e12, "height": 1e12}

    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end(huge, "x" * 500))))

    with Image.open(tmp_path / images.shots[SHOT].full) as annotated:
        assert close(annotated.getpixel((1, 400)), drawing.DEAD_END)


def test_only_paths_inside_the_run_directory_are_read_or_written(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    outside = screen(tmp_path / "outside.png")
    screen(run_dir / "screenshots/ok.png")
    (run_dir / "screenshots/escape").symlink_to(tmp_path, target_is_directory=True)
    (run_dir / "screenshots/link.png").symlink_to(outside)
    steps = [
        step(1, screenshot="../outside.png"),
        step(2, screenshot=str(outside)),
        step(3, screenshot="screenshots/escape/outside.png"),
        step(4, screenshot="screenshots/link.png"),
        step(5, screenshot="screenshots/../../outside.png"),
        step(6, screenshot="screenshots/ok.png", action_screenshot="javascript:alert(1)"),
    ]

    images = make_images(run_dir, record(*steps))

    assert set(images.shots) == {"screenshots/ok.png"}
    assert not images.actions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.png", "run"]


def test_images_are_made_once_and_remade_when_what_they_show_changes(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    run = record(step(1, "dead_end", dead_end=dead_end()))
    images = make_images(tmp_path, run)
    made = [tmp_path / p for p in images.paths()]
    stamps = {p: p.stat().st_mtime_ns for p in made}

    assert make_images(tmp_path, run) == images
    assert {p: p.stat().st_mtime_ns for p in made} == stamps

    moved = record(step(1, "dead_end", dead_end=dead_end({**BOX, "y": 600})))
    make_images(tmp_path, moved)
    annotated = tmp_path / images.shots[SHOT].full
    assert annotated.stat().st_mtime_ns != stamps[annotated]
    with Image.open(annotated) as image:
        assert close(image.getpixel((297, 620)), drawing.DEAD_END)
        assert image.getpixel((297, 220)) == PAGE


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end())))

    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".")]
    assert leftovers == []


def test_a_run_directory_that_cannot_be_written_costs_the_derived_images_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen(tmp_path / SHOT)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(files_module, "tempfile", SimpleNamespace(mkstemp=refuse))
    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end())))

    assert images.shots == {} and images.filmstrips == {}
    assert sorted(p.name for p in (tmp_path / SHOT).parent.iterdir()) == ["step-01.png"]


def test_embedding_gives_data_uris_for_every_image_made(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    screen(tmp_path / "screenshots/01-signup/step-02.png", (1280, 4000))
    images = make_images(tmp_path, record(step(1, "dead_end", dead_end=dead_end()), step(2)))

    inline = embed_images(tmp_path, images)

    assert set(inline) == set(images.paths())
    assert all(
        uri.startswith(("data:image/png;base64,", "data:image/jpeg;base64,"))
        for uri in inline.values()
    )
    assert inline[images.filmstrips[1]].startswith("data:image/png;base64,")


def test_a_partial_record_makes_what_it_can(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    loose = json.loads(json.dumps(record(step(1))))
    loose["results"].append("not a result")
    loose["results"][0]["steps"].append(42)
    loose["viewport"] = "wide"

    images = make_images(tmp_path, loose)

    assert set(images.shots) == {SHOT}


def test_a_derived_name_never_overwrites_a_recorded_screenshot(tmp_path: Path) -> None:
    screen(tmp_path / SHOT)
    clash = screen(tmp_path / "screenshots/01-signup/step-01.thumb.jpg", colour=(1, 2, 3))
    before = digest(clash)
    steps = [step(1), step(2, screenshot="screenshots/01-signup/step-01.thumb.jpg")]

    images = make_images(tmp_path, record(*steps))

    assert SHOT not in images.shots
    assert digest(clash) == before


def test_scenarios_sharing_a_folder_get_a_filmstrip_each(tmp_path: Path) -> None:
    screen(tmp_path / "screenshots/a.png")
    screen(tmp_path / "screenshots/b.png")
    run = record(step(1, screenshot="screenshots/a.png"))
    run["results"].append({"scenario": "Two", "steps": [step(1, screenshot="screenshots/b.png")]})

    images = make_images(tmp_path, run)

    assert images.filmstrips == {1: "screenshots/filmstrip-1.png", 2: "screenshots/filmstrip-2.png"}
