"""Network conditions over the DevTools protocol: throttled presets, going offline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.browser.errors import browser_errors

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Page


@dataclass(frozen=True)
class Network:
    """A throttled connection, as Chrome DevTools emulates it (kbit/s and milliseconds)."""

    latency_ms: float
    down_kbps: float
    up_kbps: float
    description: str


# Round figures of the usual DevTools / Lighthouse presets, documented in the README.
NETWORKS: dict[str, Network] = {
    "slow-3g": Network(2000, 400, 400, "2 s latency, 400 kbit/s each way"),
    "fast-3g": Network(563, 1440, 675, "563 ms latency, 1.4 Mbit/s down, 675 kbit/s up"),
    "slow-4g": Network(150, 1600, 750, "150 ms latency, 1.6 Mbit/s down, 750 kbit/s up"),
}


def throttle(context: BrowserContext, page: Page, preset: Network | None) -> CDPSession:
    """A DevTools session on the page's network, throttled to `preset` when there is one."""
    with browser_errors():
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        if preset is not None:
            session.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": preset.latency_ms,
                    "downloadThroughput": preset.down_kbps * 1000 / 8,
                    "uploadThroughput": preset.up_kbps * 1000 / 8,
                },
            )
    return session


def go_offline(session: CDPSession) -> None:
    with browser_errors():
        session.send(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
