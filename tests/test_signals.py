"""Beginner's-mind signals computed from screen text, without a browser."""

from __future__ import annotations

from harness.signals import (
    Seen,
    count_syllables,
    find_jargon,
    rank_seen,
    reading_grade,
    text_metrics,
    unexplained_acronyms,
)


def test_reading_time_uses_238_words_a_minute() -> None:
    metrics = text_metrics("word " * 238)
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


def test_plural_acronyms_count_once() -> None:
    assert unexplained_acronyms("Add APIs. The API is fast.") == ["API"]


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
