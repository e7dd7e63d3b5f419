"""Beginner's-mind signals computed from screen text, without a browser."""

from __future__ import annotations

from typing import Any

import pytest

from harness.analysis.dead_ends import Seen, rank_seen
from harness.analysis.signals import (
    GRADE_MIN_WORDS,
    THRESHOLDS,
    count_syllables,
    describe_thresholds,
    find_jargon,
    measure,
    over_thresholds,
    rare_words,
    reading_grade,
    unexplained_acronyms,
    vague_labels,
)
from harness.record.model import InteractionCost


def test_reading_time_uses_238_words_a_minute() -> None:
    metrics = measure({"text": "word " * 238})
    assert metrics.words == 238
    assert metrics.reading_seconds == 60.0


def test_grade_is_low_for_plain_words_and_high_for_dense_ones() -> None:
    plain = "We sent you a mail. Click the link in it. Then come back here."
    dense = (
        "Provisioning an isolated multi-tenant namespace necessitates configuring "
        "authentication federation, role-based authorization policies and automated "
        "identity synchronisation infrastructure."
    )
    assert reading_grade(plain) < 4
    assert reading_grade(dense) > 14
    assert reading_grade("") == 0.0


def test_syllables() -> None:
    assert [count_syllables(w) for w in ("cat", "table", "provision", "make")] == [1, 2, 3, 1]


def test_jargon_is_found_as_whole_words_in_any_case() -> None:
    text = "Provision your Tenant. Contenting is not a tenant."
    assert find_jargon(text, ["tenant", "provision", "slug"]) == ["tenant", "provision"]
    assert find_jargon("contention", ["tent"]) == []


def test_acronyms_spelled_out_on_the_page_are_not_flagged() -> None:
    text = "Use Single Sign-On (SSO) or SAML. Configure RBAC and SCIM. OK."
    assert unexplained_acronyms(text) == ["SAML", "RBAC", "SCIM"]
    assert unexplained_acronyms("The FQDN of the fully qualified domain name") == []
    assert unexplained_acronyms("Turn on single sign-on (SSO).") == []
    assert unexplained_acronyms("Bureau of Labor Statistics (BLS) data") == []
    assert unexplained_acronyms("Ask the BLS about labor, then statistics") == ["BLS"]


def test_plural_acronyms_count_once() -> None:
    assert unexplained_acronyms("Add SDKs. The SDK is fast.") == ["SDK"]


def test_seen_is_ranked_nearest_first_and_keeps_page_order_for_ties() -> None:
    seen = [
        Seen("link", "Sign in"),
        Seen("link", "Pricing"),
        Seen("button", "Get started free"),
        Seen("link", "Start"),
        Seen("link", "Sign in"),
    ]
    ranked = [s.name for s in rank_seen("Get started", seen)]
    assert ranked[0] == "Get started free"
    assert ranked.count("Sign in") == 1
    assert set(ranked) == {"Sign in", "Pricing", "Get started free", "Start"}


def test_capitalised_everyday_words_are_not_acronyms() -> None:
    # CSS text-transform puts eyebrows in capitals; innerText returns them so.
    assert unexplained_acronyms("THE PROJECT TRACKER FOR SMALL TEAMS\nPlan work") == []
    assert unexplained_acronyms("Start your FREE trial with DKIM tips") == ["DKIM"]
    # Acronyms as common as everyday words read as known: "PDF" (3.8), and so "API" (3.7).
    assert unexplained_acronyms("Download the PDF or call the API") == []
    # "HR" (4.2) in a shouting line reads as an everyday word; "IT" stands in a sentence.
    assert unexplained_acronyms("Ask your IT team\nTALK TO HR") == ["IT"]


# --- rare words ---------------------------------------------------------------------------


def test_rare_words_are_found_by_frequency_first_seen_first() -> None:
    text = "Each tenant is an isolated namespace. Enable provisioning, then the namespace."
    assert rare_words(text) == ["namespace", "provisioning"]


def test_everyday_words_are_not_rare() -> None:
    text = (
        "Plan work with your team, calmly. Create your first project and invite people "
        "to your board whenever you're ready."
    )
    assert rare_words(text) == []
    # UI words under the calibrated cut-off are its known false alarms (README, thresholds).
    assert rare_words("Open the workspace sidebar") == ["workspace", "sidebar"]


def test_rare_words_skip_names_acronyms_numbers_addresses_and_known_words() -> None:
    text = (
        "Import from Trello or GitHub. SAML and OIDC work.\n"
        "Mail newcomer@pebble.example or see https://pebble.example/namespace.\n"
        "Slug team-20250101-qzxw and v2 and acme_prod.\n"
        "Our Pebblish namespaces are neat."
    )
    assert rare_words(text) == ["namespaces"]
    assert rare_words("Pebblish namespaces are neat.") == ["pebblish", "namespaces"]
    assert rare_words("Pebblish namespaces are neat.", known=["Pebblish"]) == ["namespaces"]
    assert rare_words("Namespaces are neat.", known=["namespaces"]) == []


def test_a_capitalised_word_starting_a_sentence_or_line_is_still_checked() -> None:
    assert rare_words("Namespaces matter. Provisioning too!\nDropdown") == [
        "namespaces",
        "provisioning",
        "dropdown",
    ]
    # Long words in capitals are shouting, not acronyms: checked in lower case.
    assert rare_words("PROVISIONING YOUR TENANT") == ["provisioning"]


def test_rare_words_are_capped() -> None:
    text = " ".join(["namespace", "provisioning", "dropdown", "onboarding"] * 3)
    assert rare_words(text, limit=3) == ["namespace", "provisioning", "dropdown"]


# --- vague labels -------------------------------------------------------------------------


def action(name: str, context: str = "", role: str = "button") -> dict[str, Any]:
    return {"role": role, "name": name, "disabled": False, "context": context}


def test_vague_labels_need_context_and_some_are_vague_anyway() -> None:
    actions = [
        action("Continue"),
        action("Continue →", context="Choose a plan"),
        action("Continue to payment"),
        action("OK!"),
        action("Click here", context="Pricing", role="link"),
        action("Learn more", role="link"),
        action("Yes", role="radio"),
        action("Continue"),
    ]
    assert vague_labels(actions) == ["Continue", "OK!", "Click here", "Learn more"]


# --- thresholds and measure ---------------------------------------------------------------


def test_every_flag_has_a_sentence_in_a_stable_order() -> None:
    assert [name for name, _ in describe_thresholds()] == list(THRESHOLDS)
    assert list(THRESHOLDS) == [
        "reading-load",
        "grade",
        "jargon",
        "rare-words",
        "acronyms",
        "vague-labels",
        "competing-actions",
        "interaction-cost",
    ]
    assert all(sentence for _, sentence in describe_thresholds())


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_a_flag_is_raised_just_above_its_limit_and_not_at_it(name: str) -> None:
    limit = THRESHOLDS[name].limit
    assert over_thresholds({name: limit}) == []
    assert over_thresholds({name: limit + 0.1}) == [name]
    assert over_thresholds({name: None}) == []


def test_reading_load_flags_past_30_seconds() -> None:
    assert "reading-load" not in measure({"text": "word " * 119}).flags  # 30.0 s
    assert "reading-load" in measure({"text": "word " * 120}).flags  # 30.3 s


def test_grade_is_flagged_only_on_enough_words() -> None:
    dense = (
        "Provisioning an isolated multi-tenant namespace necessitates configuring "
        "authentication federation, role-based authorization policies and automated "
        "identity synchronisation infrastructure."
    )
    assert len(dense.split()) >= GRADE_MIN_WORDS - 5
    assert "grade" in measure({"text": dense + " " + dense}).flags
    assert "grade" not in measure({"text": "Authentication required"}).flags
    assert "grade" not in measure({"text": "We sent you a mail. Click the link in it. " * 4}).flags


def test_jargon_merges_the_scenario_list_and_rare_words_and_flags_each() -> None:
    text = "Name your tenant. Each tenant gets a namespace."
    metrics = measure({"text": text}, ["tenant", "Namespace"])
    assert metrics.jargon == ["tenant", "Namespace"]
    assert metrics.rare_words == ["namespace"]
    assert metrics.flags == ["jargon"]  # one rare word is not yet a foreign vocabulary
    metrics = measure({"text": text + " Provisioning follows."})
    assert metrics.jargon == metrics.rare_words == ["namespace", "provisioning"]
    assert metrics.flags == ["rare-words"]


def test_acronyms_and_vague_labels_flag_from_one() -> None:
    assert measure({"text": "Turn on SSO."}).flags == ["acronyms"]
    assert measure({"text": "Turn on single sign-on (SSO)."}).flags == []
    screen = {"text": "Hello", "actions": [action("Submit")]}
    assert measure(screen).flags == ["vague-labels"]
    assert measure({"text": "Hello", "actions": [action("Submit", "Sign up")]}).flags == []


def test_competing_actions_flag_past_two_primary_actions() -> None:
    assert measure({"text": "", "primary": ["Buy", "Try"]}).flags == []
    metrics = measure({"text": "", "primary": ["Buy", "Try", "Book a demo"]})
    assert metrics.primary_actions == 3
    assert metrics.flags == ["competing-actions"]


def test_interaction_cost_counts_clicks_and_fields_past_six() -> None:
    def flags(cost: InteractionCost | None) -> list[str]:
        return measure({"text": ""}, cost=cost).flags

    assert flags(None) == []
    assert flags(InteractionCost(clicks=2, fields_filled=4, pages_visited=3)) == []
    assert flags(InteractionCost(clicks=3, fields_filled=4)) == ["interaction-cost"]
    # Required fields the step left empty are work all the same.
    assert flags(InteractionCost(clicks=1, fields_filled=2, required_fields=6)) == [
        "interaction-cost"
    ]


def test_measure_accepts_a_failed_screen_read() -> None:
    metrics = measure({"actions": [], "errors": [], "text": ""})
    assert (metrics.words, metrics.grade, metrics.flags, metrics.primary_actions) == (0, 0, [], 0)


def test_the_readme_documents_every_threshold() -> None:
    from harness.analysis.signals import describe_thresholds
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, sentence in describe_thresholds():
        assert f"| `{name}` | {sentence} |" in readme
