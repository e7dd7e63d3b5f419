"""The addresses a tester's session records: keys masked, a single-page app's route kept."""

from __future__ import annotations

import pytest

from harness.watch.telling import page_url


@pytest.mark.parametrize(
    ("seen", "recorded"),
    [
        ("http://app.test/settings?tab=billing", "http://app.test/settings?tab=***"),
        ("http://app.test/#/settings", "http://app.test/#/settings"),
        ("http://app.test/#!/projects/new", "http://app.test/#!/projects/new"),
        ("http://app.test/#/invite?token=s3cr3t", "http://app.test/#/invite"),
        ("http://app.test/help#pricing", "http://app.test/help"),
        ("http://u:pw@app.test/", "http://***@app.test/"),
    ],
)
def test_a_page_is_recorded_with_its_route_and_without_its_keys(seen: str, recorded: str) -> None:
    assert page_url(seen) == recorded
