"""The floor for `versus_playwright.py`: the same flow as a plain Playwright script.

Run as its own process: `plain_playwright_flow.py FLOW.json OUT_DIR [--executable PATH]
[--arg FLAG ...]`. FLOW.json holds the base URL, the start path and the steps (label,
value, link, heading). Each step is timed from its first action to the next heading
visible; the full-page screenshot after it is not. Prints one JSON line on stdout.
"""

from __future__ import annotations

import time

BEGAN = time.time()  # before the imports, so the driver can tell start-up from the walk

import argparse  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urljoin  # noqa: E402

from playwright.sync_api import ViewportSize, expect, sync_playwright  # noqa: E402

VIEWPORT: ViewportSize = {"width": 1280, "height": 800}  # shoshin's default


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("flow", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--executable", default=None)
    parser.add_argument("--arg", action="append", default=[])
    options = parser.parse_args()
    flow = json.loads(options.flow.read_text())
    options.out.mkdir(parents=True, exist_ok=True)
    steps_ms: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=options.executable, headless=True, args=options.arg
        )
        version = browser.version
        walk_began = time.time()
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        opened = time.time()
        for index, step in enumerate(flow["steps"], start=1):
            began = time.monotonic()
            if index == 1:  # shoshin's first step opens the start page too
                page.goto(urljoin(flow["base_url"], flow["start"]), wait_until="domcontentloaded")
            page.get_by_label(step["label"], exact=True).fill(step["value"])
            page.get_by_role("link", name=step["link"], exact=True).click()
            expect(page.get_by_role("heading", name=step["heading"])).to_be_visible()
            steps_ms.append((time.monotonic() - began) * 1000)
            page.screenshot(path=str(options.out / f"step-{index:02d}.png"), full_page=True)
        context.close()
        walk_ended = time.time()
        browser.close()
    print(
        json.dumps(
            {
                "steps_ms": steps_ms,
                "browser_version": version,
                "opened": opened,
                "began": BEGAN,
                "walk_began": walk_began,
                "walk_ended": walk_ended,
            }
        )
    )


if __name__ == "__main__":
    main()
