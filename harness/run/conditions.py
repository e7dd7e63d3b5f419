"""The conditions a newcomer meets the product in: device, window, language, network.

Also which of Playwright's own artefacts (trace, video) a run keeps. Validated once at
the edge, so a typo is one sentence before any browser starts. Applying them to a
browser is `harness.browser.tab` and `harness.browser.network`.
"""

from __future__ import annotations

import difflib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.browser.network import NETWORKS as NETWORKS
from harness.errors import ShoshinError

ARTEFACT_MODES = ("off", "on", "retain-on-failure")
INPUT_MODES = ("mouse", "keyboard")
OFFLINE_AFTER_LOAD = "offline-after-load"
NETWORK_CHOICES = (*NETWORKS, OFFLINE_AFTER_LOAD)


@dataclass(frozen=True)
class Conditions:
    viewport: tuple[int, int] = (1280, 800)
    device: str | None = None
    locale: str | None = None
    timezone: str | None = None
    network: str | None = None
    tracing: str = "off"
    video: str = "off"
    repeat: int = 1
    input: str = "mouse"  # how the newcomer acts: "mouse", or "keyboard" (Tab, Enter, Space)

    def describe(self) -> dict[str, Any]:
        """For the run record and the report: what this run's newcomer had."""
        return {
            "device": self.device,
            "viewport": {"width": self.viewport[0], "height": self.viewport[1]},
            "locale": self.locale,
            "timezone": self.timezone,
            "network": self.network,
            "network_detail": (
                NETWORKS[self.network].description
                if self.network in NETWORKS
                else "online for the first page, then offline"
                if self.network == OFFLINE_AFTER_LOAD
                else None
            ),
            "tracing": self.tracing,
            "video": self.video,
            "repeat": self.repeat,
            "input": self.input,
        }


def in_words(conditions: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each condition that differs from a plain desktop run."""
    out = []
    for key, label in (("device", "Device"), ("locale", "Language"), ("timezone", "Time zone")):
        if conditions.get(key):
            out.append((label, str(conditions[key])))
    network = conditions.get("network")
    if network:
        detail = conditions.get("network_detail")
        out.append(("Network", f"{network} ({detail})" if detail else str(network)))
    repeat = conditions.get("repeat")
    if isinstance(repeat, int) and repeat > 1:
        out.append(("Walks", f"each scenario {repeat} times"))
    if conditions.get("input") == "keyboard":
        out.append(("Input", "keyboard only"))
    for key, label in (("tracing", "Trace"), ("video", "Video")):
        if conditions.get(key) not in (None, "off"):
            out.append((label, str(conditions[key])))
    return out


def parse_viewport(value: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise ShoshinError(
            f"--viewport {value!r} is not WIDTHxHEIGHT; write it like 1280x800."
        ) from None
    if width < 200 or height < 200:
        raise ShoshinError(f"--viewport {value!r} is too small; use at least 200x200.")
    return width, height


def check_choice(option: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        close = difflib.get_close_matches(value, choices, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ShoshinError(f"{option} {value!r} is not one of {', '.join(choices)}.{hint}")


def validate(conditions: Conditions) -> Conditions:
    check_choice("--network", conditions.network, NETWORK_CHOICES)
    check_choice("--tracing", conditions.tracing, ARTEFACT_MODES)
    check_choice("--video", conditions.video, ARTEFACT_MODES)
    check_choice("--input", conditions.input, INPUT_MODES)
    if conditions.repeat < 1:
        raise ShoshinError("--repeat must be 1 or more.")
    if conditions.timezone:
        try:
            zoneinfo.ZoneInfo(conditions.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ShoshinError(
                f"--timezone {conditions.timezone!r} is not a time zone; "
                "write it like Europe/Berlin."
            ) from None
    return conditions
