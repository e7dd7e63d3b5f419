"""Lostness (Smith 1996), computed by hand, and the page identity it rests on."""

from __future__ import annotations

import math

import pytest

from harness.analysis.lostness import LOST_ABOVE, lostness, page_id, visits


def test_the_textbook_case_by_hand() -> None:
    # Tullis & Albert's example of Smith's measure: the target is product page C1, three
    # pages from home (R = 3); the person took 9 page visits (S) over 6 pages (N).
    path = ["home", "cat-a", "a1", "cat-a", "home", "cat-b", "home", "cat-c", "c1"]
    found = lostness(path, ["home", "cat-c", "c1"])
    assert (found.visits, found.distinct, found.needed) == (9, 6, 3)
    # sqrt((6/9 − 1)² + (3/6 − 1)²) = sqrt(1/9 + 1/4) = sqrt(13/36)
    assert found.value == pytest.approx(math.sqrt(13) / 6)
    assert found.value == pytest.approx(0.601, abs=1e-3)
    assert found.lost


def test_a_detour_and_back_by_hand() -> None:
    # /, /pricing, back to /, /signup: S = 4, N = 3, and the script needed / and /signup.
    found = lostness(["/", "/pricing", "/", "/signup"], ["/", "/signup"])
    # sqrt((3/4 − 1)² + (2/3 − 1)²) = sqrt(1/16 + 1/9) = sqrt(25/144) = 5/12
    assert found.value == pytest.approx(5 / 12)
    assert found.lost and LOST_ABOVE == 0.4


def test_the_scripts_own_path_is_not_lost() -> None:
    found = lostness(["/", "/signup", "/welcome"], ["/welcome", "/", "/signup"])
    assert found.value == 0.0 and not found.lost


def test_no_page_visited_or_no_script_pages_has_no_lostness() -> None:
    assert lostness([], ["/"]).value is None
    assert lostness(["/"], []).value is None
    assert not lostness([], []).lost


def test_fewer_pages_than_the_script_needed_counts_only_the_revisits() -> None:
    # Stopped after two of the three pages the script needed: R is taken as N = 2.
    assert lostness(["/", "/signup"], ["/", "/signup", "/welcome"]).value == 0.0
    found = lostness(["/", "/signup", "/", "/signup"], ["/", "/signup", "/welcome"])
    assert (found.needed, found.value) == (3, pytest.approx(0.5))


def test_a_page_followed_by_itself_is_one_visit() -> None:
    assert visits(["/", "/", "/a", "/a", "/"]) == ["/", "/a", "/"]
    assert lostness(["/", "/", "/signup"], ["/", "/signup"]).value == 0.0


def test_lostness_is_never_above_root_two() -> None:
    found = lostness(["/a", "/b"] * 50, ["/x"])
    assert found.value is not None and found.value < math.sqrt(2)


@pytest.mark.parametrize(
    ("url", "page"),
    [
        ("http://Shop.Example:8000/signup/?plan=team#pricing", "http://shop.example:8000/signup"),
        ("http://shop.example/", "http://shop.example/"),
        ("http://shop.example", "http://shop.example/"),
        ("https://app.example/#/settings/", "https://app.example/#/settings"),
        ("https://app.example/#!/users?page=2", "https://app.example/#!/users"),
        ("https://***@app.example/a", "https://app.example/a"),
        ("/relative/path/", "/relative/path"),
    ],
)
def test_a_page_is_scheme_host_and_path_and_a_route_fragment(url: str, page: str) -> None:
    assert page_id(url) == page
