"""What the harness keeps of a step, after (or outside) its clock: screenshots, the screen read.

Secrets typed in fields are masked in every screenshot, and in every text kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.analysis.dead_ends import classify
from harness.browser import page as pages
from harness.record.model import DeadEnd
from harness.run.config import StepPlace
from harness.run.step import Stuck

MAX_SCREENSHOT_HEIGHT = 4000


def screenshot(place: StepPlace, index: int) -> str | None:
    """The page after step `index`, relative to the run directory; None when it failed."""
    relative = f"{place.shots_dir}/step-{index:02d}.png"
    path = place.run_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    height = pages.screenshot(
        place.page,
        path,
        mask=place.secret_fields,
        max_height=MAX_SCREENSHOT_HEIGHT,
        width=place.config.viewport[0],
    )
    if height is None:
        return None
    if height > MAX_SCREENSHOT_HEIGHT:  # only the top of the page: the record says so
        place.log.page_height = height
    return relative


def action_screenshot(place: StepPlace, index: int, box: Mapping[str, float] | None) -> None:
    """The screen as the newcomer acts, before the step's last targeted action."""
    relative = f"{place.shots_dir}/step-{index:02d}-before.jpg"
    path = place.run_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    required = pages.screenshot_view(place.page, path, mask=place.secret_fields)
    if required is None:
        return
    place.log.action_screenshot = relative
    place.log.action_box = dict(box) if box else None
    place.log.cost.required_fields = required


def dead_end(place: StepPlace, stuck: Stuck, screen: dict[str, Any]) -> DeadEnd:
    """Where the newcomer got stuck, told from what the screen showed instead."""
    found = classify(
        stuck.kind,
        stuck.looked_for,
        stuck.message,
        screen,
        page_errors=place.log.page_errors,
        target_box=stuck.box,
        seen=stuck.seen,
    )
    return place.redact_dead_end(found)
