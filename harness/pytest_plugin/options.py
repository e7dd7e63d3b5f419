"""The plugin's command-line options, and the run configuration built from them."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from harness.errors import ShoshinError
from harness.run.conditions import Conditions, parse_viewport, validate

# The CLI's names for the newcomer's conditions; here each is `--shoshin-<name>`.
CONDITIONS = ("device", "viewport", "locale", "timezone", "network", "tracing", "video", "input")
_CLI_NAME = re.compile(r"--(" + "|".join(CONDITIONS) + r")\b")
_HELP = {
    "device": 'A Playwright device to emulate, e.g. "iPhone 13".',
    "viewport": "Browser window size, WIDTHxHEIGHT (default 1280x800).",
    "locale": "Browser language, e.g. de-DE.",
    "timezone": "Time zone, e.g. Europe/Berlin.",
    "network": "Throttle: slow-3g, fast-3g, slow-4g, offline-after-load.",
    "tracing": "Playwright trace per scenario: off, on, retain-on-failure.",
    "video": "Video per scenario: off, on, retain-on-failure.",
    "input": "How the newcomer acts: mouse, or keyboard (Tab, Enter, Space, typing).",
}
_DEFAULTS = {"viewport": "1280x800", "tracing": "off", "video": "off", "input": "mouse"}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("shoshin", "shoshin: first-run scenarios")
    group.addoption(
        "--shoshin-out",
        action="store",
        default="reports",
        help="Where shoshin writes run directories (default: reports).",
    )
    group.addoption(
        "--shoshin-demo",
        action="store_true",
        default=False,
        help="Serve the bundled demo product and use it as the base URL.",
    )
    group.addoption(
        "--shoshin-before-each",
        action="store",
        default=None,
        metavar="COMMAND",
        help="A shell command that puts the product back in first-run state before each "
        "scenario (as shoshin run --before-each).",
    )
    group.addoption(
        "--shoshin-browser-endpoint",
        action="store",
        default=os.environ.get("SHOSHIN_BROWSER_ENDPOINT"),
        metavar="URL",
        help="Walk in a browser that runs elsewhere (as shoshin run --browser-endpoint): "
        "a Playwright browser server (ws://) or a Chrome DevTools endpoint (http://).",
    )
    group.addoption(
        "--shoshin-a11y",
        action="store",
        default="on",
        choices=("on", "off"),
        help="Audit each step's screen with axe-core (as shoshin run --a11y): on or off.",
    )
    for name in CONDITIONS:
        group.addoption(
            f"--shoshin-{name}", action="store", default=_DEFAULTS.get(name), help=_HELP[name]
        )
    parser.addini("shoshin_collect", "Collect YAML scenarios as tests (true/false)", default="true")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, None, None]:
    """Add the options pytest-playwright shares, after it had its chance to add them.

    pytest-playwright adds `--base-url` here too, after every plugin is registered; being
    the outer wrapper, this runs after it, so whoever owns an option keeps it.
    """
    yield
    group = parser.getgroup("shoshin", "shoshin: first-run scenarios")
    for names, kwargs in (
        (("--base-url",), {"default": os.getenv("PYTEST_BASE_URL"), "help": "The product."}),
        (("--headed",), {"action": "store_true", "default": False, "help": "Show the browser."}),
        (("--slowmo",), {"type": float, "default": 0, "help": "Slow each action (ms)."}),
    ):
        with contextlib.suppress(ValueError):  # another plugin has it: share its value
            group.addoption(*names, **kwargs)


def conditions_from(config: pytest.Config) -> Conditions:
    """The newcomer's conditions, checked as the CLI checks them (one sentence on a typo)."""
    value = {name: config.getoption(f"shoshin_{name}") for name in CONDITIONS}
    try:
        conditions = validate(
            Conditions(
                viewport=parse_viewport(str(value["viewport"])),
                device=value["device"],
                locale=value["locale"],
                timezone=value["timezone"],
                network=value["network"],
                tracing=str(value["tracing"]),
                video=str(value["video"]),
                input=str(value["input"]),
            )
        )
        if conditions.video != "off":
            from harness.browser.launch import need_ffmpeg

            need_ffmpeg(lambda line: sys.stderr.write(f"{line}\n"))  # installed on first use
        return conditions
    except ShoshinError as error:
        raise pytest.UsageError(pytest_words(error)) from None


def pytest_words(error: ShoshinError) -> str:
    """The CLI's sentence, naming the option as pytest spells it."""
    words = _CLI_NAME.sub(r"--shoshin-\1", str(error))
    return "shoshin: " + words.replace("--browser-endpoint", "--shoshin-browser-endpoint")


def base_url(config: pytest.Config) -> str | None:
    url = config.getoption("base_url", None)
    if not url:
        with contextlib.suppress(ValueError):  # the `base_url` ini, where a plugin added it
            url = config.getini("base_url")
    return str(url) if url else None


def before_each(config: pytest.Config) -> str | None:
    value = config.getoption("shoshin_before_each", None)
    return str(value) if value and str(value).strip() else None


def browser_endpoint(config: pytest.Config) -> str | None:
    """The remote browser's address, checked (a usage error in one sentence when wrong)."""
    value = config.getoption("shoshin_browser_endpoint", None)
    if not value:
        return None
    from harness.browser.remote import check_endpoint

    try:
        return check_endpoint(str(value))
    except ShoshinError as error:
        raise pytest.UsageError(pytest_words(error)) from None


def a11y(config: pytest.Config) -> bool:
    return str(config.getoption("shoshin_a11y", "on")) != "off"


def out_dir(config: pytest.Config) -> Path:
    return Path(str(config.getoption("shoshin_out")))


def headed(config: pytest.Config) -> bool:
    return bool(config.getoption("headed", False))


def slowmo(config: pytest.Config) -> float:
    value: Any = config.getoption("slowmo", 0)
    return float(value or 0)
