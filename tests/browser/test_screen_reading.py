"""The screen as the newcomer reads it, in a real Chromium: errors apart from notices, the
text without a closed list's options or CSS-made capitals, prose apart from tables and code,
and answers beside the question they answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from harness.analysis.dead_ends import classify
from harness.analysis.signals import measure, vague_labels
from harness.browser.launch import BrowserChoice, launch
from harness.browser.screen import SCREEN_SCRIPT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser_choice: BrowserChoice) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = launch(pw, browser_choice)
        page = browser.new_page(viewport={"width": 900, "height": 700})
        yield page
        browser.close()


def screen_at(page: Page, pages_server: str, name: str) -> dict[str, Any]:
    page.goto(f"{pages_server}/{name}")
    data: dict[str, Any] = page.evaluate(SCREEN_SCRIPT)
    return data


def test_a_toast_is_a_notice_and_a_form_error_is_an_error(page: Page, pages_server: str) -> None:
    screen = screen_at(page, pages_server, "screen-notices.html")
    assert screen["errors"] == [
        "Please check the form below.",
        "Work email: Enter an email address such as you@example.com.",
    ]
    assert "Would you like to get notified about news? Allow" in screen["notices"]
    assert "3 people joined this week" in screen["notices"]

    dead_end = classify("expectation-unmet", "Check your inbox", "Not there.", screen)
    assert dead_end.errors_on_screen == [
        "Please check the form below.",
        "Work email: Enter an email address such as you@example.com.",
        "Upload failed, try again later.",  # a notice that says it failed is an error
    ]
    assert dead_end.notices_on_screen[:2] == [
        "Would you like to get notified about news? Allow",
        "3 people joined this week",
    ]
    chat = dead_end.notices_on_screen[2]  # a long log is cut, not copied whole
    assert chat.startswith("Message 1 from the team") and chat.endswith("…") and len(chat) == 300
    assert len(dead_end.notices_on_screen) == 3


def test_a_closed_lists_options_are_not_read(page: Page, pages_server: str) -> None:
    screen = screen_at(page, pages_server, "screen-text.html")
    text = screen["text"]
    assert "Europe" in text  # the option shown
    assert "Kubernetes" not in text and "middleware" not in text
    assert "Recipes" in text  # an open list (multiple, size 3) shows its options
    metrics = measure(screen, jargon=["namespace"])
    assert "namespace" not in metrics.jargon
    assert not {"idempotent", "containerized", "microservices"} & set(metrics.rare_words)


def test_css_capitals_read_as_written(page: Page, pages_server: str) -> None:
    screen = screen_at(page, pages_server, "screen-text.html")
    assert page.locator("h2").inner_text() == "OPEN TABS"  # what Chromium's innerText says
    assert screen["text"].startswith("Open tabs\n")
    assert "keep notes tidy" in screen["text"]  # text-transform: capitalize, as written
    assert "Sync: on" in screen["text"]
    assert measure(screen).acronyms == []  # "Sync: ON" would read as an acronym
    assert measure({"text": screen["text"].replace("Sync: on", "Sync: ON")}).acronyms == ["ON"]


def test_tables_and_code_are_not_prose(page: Page, pages_server: str) -> None:
    screen = screen_at(page, pages_server, "screen-text.html")
    assert "Uninterruptible" in screen["text"] and "initializeApplication" in screen["text"]
    assert "Uninterruptible" not in screen["prose"] and "initialize" not in screen["prose"]
    assert "Extraordinarily" not in screen["text"]  # a textarea's contents are a field's value
    metrics = measure(screen)
    assert metrics.words == 32  # every visible word
    assert metrics.reading_seconds == round(20 / 238 * 60, 1)  # the 20 words of prose


def test_yes_and_no_under_their_question_are_not_vague(page: Page, pages_server: str) -> None:
    screen = screen_at(page, pages_server, "screen-question.html")
    contexts = {a["name"]: a["context"] for a in screen["actions"]}
    assert contexts["Yes"] == contexts["No"] == "Do you already use a password manager?"
    assert vague_labels(screen["actions"]) == ["Learn more"]  # no question before it
