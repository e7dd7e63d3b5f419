"""What the screen shows, through a whole walk into the run record: notices apart, masked."""

from __future__ import annotations

import pytest

from tests.conftest import Walker

pytestmark = pytest.mark.browser


def test_a_dead_end_in_the_record_keeps_notices_apart(pages_walker: Walker) -> None:
    _, _, data = pages_walker.yaml(
        """
        name: Notices
        start: /screen-notices.html
        steps:
          - intent: Sign up
            click: Create account
            expect: Check your inbox
            patience: 1
        """
    )
    dead_end = data["results"][0]["steps"][0]["dead_end"]  # type: ignore[index]
    assert "Upload failed, try again later." in dead_end["errors_on_screen"]
    assert dead_end["notices_on_screen"][:2] == [
        "Would you like to get notified about news? Allow",
        "3 people joined this week",
    ]


def test_a_secret_echoed_in_a_notice_is_masked(pages_walker: Walker) -> None:
    _, run_dir, data = pages_walker.yaml(
        """
        name: Echo
        start: /screen-echo.html
        steps:
          - intent: Preview my nickname
            fill:
              Nickname: { value: "nick-s3cr3t", secret: true }
            click: Preview
            expect: Profile saved
            patience: 1
        """
    )
    dead_end = data["results"][0]["steps"][0]["dead_end"]  # type: ignore[index]
    assert dead_end["notices_on_screen"] == ["Preview of ••••••"]
    assert "nick-s3cr3t" not in (run_dir / "run.json").read_text(encoding="utf-8")
