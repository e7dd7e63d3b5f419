"""The screen script in a real Chromium: primary actions, required fields, label context,
and the signals of the demo product's calm and jargon-heavy pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from harness.analysis.signals import measure, vague_labels
from harness.browser.launch import BrowserChoice, launch
from harness.browser.screen import SCREEN_SCRIPT
from harness.demo import DemoServer
from harness.scenario.load import load_scenario
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "signals"
CALM_PAGES = ["/", "/signup", "/invite", "/project"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser_choice: BrowserChoice) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = launch(pw, browser_choice)
        page = browser.new_page(viewport={"width": 800, "height": 600})
        yield page
        browser.close()


def screen_of(page: Page, fixture: str) -> dict[str, Any]:
    page.set_content((FIXTURES / fixture).read_text(encoding="utf-8"))
    data: dict[str, Any] = page.evaluate(SCREEN_SCRIPT)
    return data


def test_the_screen_keeps_what_the_runner_reads(page: Page) -> None:
    screen = screen_of(page, "vague.html")
    assert set(screen) >= {"actions", "errors", "text", "primary", "required_fields"}
    first = screen["actions"][0]
    assert set(first) == {"role", "name", "disabled", "box", "context"}
    assert "Hidden words" not in screen["text"]  # visible text only


def test_primary_actions_are_filled_or_default_or_classed_and_in_view(page: Page) -> None:
    screen = screen_of(page, "primary.html")
    assert screen["primary"] == [
        "Filled",
        "Filled link",
        "Class primary",
        "Class cta",
        "Oklch",
        "Gradient",
        "Default submit",
    ]
    # Never primary: a faint tint, a fill like its backdrop, a plain or "text-primary" link,
    # a disabled or hidden button, a form's second submit button, anything below the fold.
    names = {a["name"] for a in screen["actions"]}
    assert {"Tinted", "Same as backdrop", "Second submit", "Filled below the fold"} <= names


def test_primary_actions_scrolled_into_view_count(page: Page) -> None:
    screen_of(page, "primary.html")
    page.evaluate("window.scrollTo(0, 1300)")
    assert page.evaluate(SCREEN_SCRIPT)["primary"] == ["Filled below the fold"]


def test_required_fields_are_visible_enabled_and_radio_groups_count_once(page: Page) -> None:
    # Email, the aria-required textbox, the plan radio group, the terms checkbox.
    assert screen_of(page, "required.html")["required_fields"] == 4


def test_actions_carry_the_context_that_explains_them(page: Page) -> None:
    screen = screen_of(page, "vague.html")
    context = {a["name"]: a["context"] for a in screen["actions"]}
    assert context["Continue"] == ""  # before any heading
    assert context["OK"] == "Pays the invoice now"  # aria-describedby
    assert context["Next"] == "Choose a plan"  # the heading before it
    assert context["Done"] == "Notifications"  # its fieldset's legend
    assert context["Proceed"] == "Unsaved changes"  # its dialog's name
    assert context["Go"] == ""  # a dialog with no heading: the page's heading does not count
    assert "Submit" not in context  # hidden


def test_vague_labels_are_those_without_context(page: Page) -> None:
    screen = screen_of(page, "vague.html")
    assert vague_labels(screen["actions"]) == ["Continue", "Click here", "Go"]
    assert measure(screen).flags == ["vague-labels"]


# --- the demo product --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_page(page: Page) -> Iterator[tuple[Page, str]]:
    with DemoServer(slow_seconds=0) as server:
        page.context.add_cookies(
            [{"name": "pebble_workspace", "value": "team-20250101-ab12", "url": server.base_url}]
        )
        yield page, server.base_url


def demo_screen(demo_page: tuple[Page, str], path: str) -> dict[str, Any]:
    page, base_url = demo_page
    page.goto(base_url + path)
    data: dict[str, Any] = page.evaluate(SCREEN_SCRIPT)
    return data


def scenario_jargon() -> tuple[str, ...]:
    return load_scenario(ROOT / "scenarios" / "01-first-project.yaml").jargon


def test_the_demo_jargon_step_is_flagged(demo_page: tuple[Page, str]) -> None:
    screen = demo_screen(demo_page, "/workspace")
    metrics = measure(screen, scenario_jargon(), known_words=["Pebble"])
    assert {"jargon", "rare-words", "acronyms"} <= set(metrics.flags)
    assert {"namespace", "provisioning"} <= set(metrics.rare_words)
    assert {"tenant", "provision", "slug"} <= set(metrics.jargon)
    assert {"SSO", "SAML", "RBAC", "SCIM", "FQDN"} <= set(metrics.acronyms)
    # Rare words alone, with no list from the scenario, still find the jargon.
    assert {"rare-words", "acronyms"} <= set(measure(screen, known_words=["Pebble"]).flags)


def test_the_demo_done_page_shows_two_rare_words(demo_page: tuple[Page, str]) -> None:
    # Under the calibrated RARE_ZIPF (README): the product's word and the name the user typed.
    screen = demo_screen(demo_page, "/done?project=Website+relaunch")
    metrics = measure(screen, scenario_jargon(), known_words=["Pebble"])
    assert metrics.rare_words == ["relaunch", "workspace"] and metrics.acronyms == []
    assert metrics.flags == ["rare-words"]


@pytest.mark.parametrize("path", CALM_PAGES)
def test_the_demo_calm_steps_are_not_flagged(demo_page: tuple[Page, str], path: str) -> None:
    metrics = measure(demo_screen(demo_page, path), scenario_jargon(), known_words=["Pebble"])
    assert metrics.jargon == [] and metrics.rare_words == [] and metrics.acronyms == []
    assert metrics.vague_labels == []
    assert metrics.primary_actions == 1
    assert metrics.flags == []
