"""`shoshin observe --browser`, end to end: a real `shoshin observe` subprocess with notes piped
on its stdin, its Chromium reached over CDP by the test, which acts as the tester."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright, sync_playwright

from tests.cli.test_observe_cli import wait_for
from tests.conftest import ROOT, write_scenario

pytestmark = pytest.mark.browser  # every test here drives a real Chromium

SHOSHIN = str(Path(sys.executable).parent / "shoshin")
TYPED = "zebra-quokka-4711"  # what the tester types: in no file, ever
SCENARIO = """
name: Start brewing
start: /tester-start.html
steps:
  - intent: Find how to start
    click: Get started
    expect: Create your account
  - intent: Create an account
    fill:
      Work email: someone@example.com
    click: Create account
    expect: Check your inbox
  - intent: Brew a first pot
    click: Brew
    expect: Your tea is brewing
"""


class Observed:
    """One `shoshin observe --browser --headless` and the tester's page in it."""

    def __init__(self, tmp: Path, base_url: str, pw: Playwright) -> None:
        (tmp / "scenarios").mkdir()
        write_scenario(tmp / "scenarios", SCENARIO, "brew.yaml")
        self.sessions = tmp / "sessions"
        env = {**os.environ, "NO_COLOR": "1", "SHOSHIN_HESITATION_S": "0.5"}
        self.proc = subprocess.Popen(
            [
                *[SHOSHIN, "observe", "--scenario", "brew", "--tester", "p7", "--observer", "ana"],
                *["--browser", "--headless", "--devtools-port", "0", "--base-url", base_url],
                *["--scenarios", str(tmp / "scenarios"), "--sessions", str(self.sessions)],
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert self.proc.stderr is not None
        first = self.proc.stderr.readline()
        found = re.search(r"DevTools at (http://127\.0\.0\.1:\d+)", first)
        assert found, f"no DevTools address: {first!r}"
        self.browser = pw.chromium.connect_over_cdp(found.group(1))
        (self.page,) = [
            page
            for context in self.browser.contexts
            for page in context.pages
            if page.url.endswith("/tester-start.html")
        ]
        self.page.wait_for_load_state()

    def type_line(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def events(self) -> list[dict[str, Any]]:
        files = list(self.sessions.glob("*.jsonl"))
        if not files:
            return []
        return [json.loads(line) for line in files[0].read_text("utf-8").splitlines()]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events() if e["type"] == kind]

    def wait(self, kind: str, count: int = 1) -> None:
        wait_for(lambda: len(self.of(kind)) >= count, 20, f"{count} {kind} event(s)")

    def finish(self) -> tuple[str, str]:
        self.type_line("/done")
        self.type_line("5")
        out, err = self.proc.communicate(timeout=60)
        assert self.proc.returncode == 0, err
        return out, err


@pytest.fixture
def observed(tmp_path: Path, pages_server: str) -> Iterator[Callable[[], Observed]]:
    started: list[Observed] = []
    with sync_playwright() as pw:

        def start() -> Observed:
            started.append(Observed(tmp_path, pages_server, pw))
            return started[-1]

        yield start
        for one in started:
            if one.proc.poll() is None:
                one.proc.kill()
                one.proc.wait()


def test_what_the_tester_does_is_recorded_with_the_notes(
    observed: Callable[[], Observed],
) -> None:
    o = observed()
    page = o.page
    o.type_line("? reads the whole page first")
    page.click("#tips")  # a button that works
    page.mouse.click(300, 100)  # plain text: a misclick
    for _ in range(3):
        page.mouse.click(320, 105)  # and again, and again: rage
    page.click("#more")  # a button that does nothing
    o.wait("dead_click")
    page.click("#start")  # step 1's sign: "Create your account"
    o.wait("sign")
    page.go_back()
    page.go_forward()
    page.click("#email")
    page.keyboard.type(TYPED)
    page.click("text=Create account")  # no @: an error shows
    o.wait("form_error")
    page.fill("#email", f"{TYPED}@example.com")
    page.click("text=Create account")  # step 2's sign: "Check your inbox"
    o.wait("sign", 2)
    o.type_line("+ found it")
    _, err = o.finish()
    events = o.events()

    assert [e["n"] for e in events[1:]] == list(range(1, len(events)))
    assert [e["state"] for e in o.of("browser")] == ["opened", "closed"]
    opened = o.of("browser")[0]
    assert opened["url"].endswith("/tester-start.html") and opened["viewport"]["width"] > 0

    pages = [(p["via"], p["url"].rsplit("/", 1)[1], p["step"]) for p in o.of("page")]
    assert pages == [
        ("start", "tester-start.html", 1),
        ("link", "tester-form.html", 1),
        ("back", "tester-start.html", 2),
        ("forward", "tester-form.html", 2),
    ]
    clicks = [(c["target"]["role"], c["target"]["name"], c["interactive"]) for c in o.of("click")]
    assert clicks[:6] == [
        ("button", "Show tips", True),
        (None, None, False),
        (None, None, False),
        (None, None, False),
        (None, None, False),
        ("button", "Learn more", True),
    ]
    assert o.of("click")[1]["target"]["text"].startswith("Kettle brews your tea")
    (rage,) = o.of("rage")
    assert rage["clicks"] == 3 and rage["step"] == 1 and rage["target"]["role"] is None
    (dead,) = o.of("dead_click")
    assert dead["target"] == {"role": "button", "name": "Learn more", "text": "Learn more"}
    typed = o.of("typed")
    assert typed and all(t["field"]["name"] == "Work email" and t["step"] == 2 for t in typed)
    (error,) = o.of("form_error")
    assert error["text"] == "Enter an email address with an @ in it." and error["step"] == 2
    assert [s["step"] for s in o.of("sign")] == [1, 2]
    assert all(h["seconds"] >= 0.5 for h in o.of("hesitation")) and o.of("hesitation")
    notes = [(n["tag"], n["text"]) for n in o.of("note")]
    assert notes == [("confusion", "reads the whole page first"), ("delight", "found it")]

    folder = o.sessions / events[0]["session_id"]
    for event in [*o.of("sign"), rage, dead]:
        shot = o.sessions / event["shot"]
        assert shot.parent == folder and shot.name == f"{event['n']:04d}-{event['type']}.png"
        assert shot.read_bytes().startswith(b"\x89PNG")
    # Nothing the tester typed is in any file written, nor said on the terminal.
    written = [p for p in o.sessions.rglob("*") if p.is_file()]
    assert len(written) == 1 + 4
    assert not [p for p in written if TYPED.encode() in p.read_bytes()]
    assert TYPED not in err


def test_a_closed_window_ends_the_recording_and_the_notes_go_on(
    observed: Callable[[], Observed],
) -> None:
    o = observed()
    o.page.close()
    o.wait("browser", 2)
    o.type_line("! the window is gone")
    o.wait("note")
    _, err = o.finish()
    kinds = [e["type"] for e in o.events()[1:]]
    assert kinds[kinds.index("browser", 1) :] == ["browser", "note", "end", "seq"]
    assert "window closed" in err


def test_kill_9_loses_no_event_written_before_it(observed: Callable[[], Observed]) -> None:
    o = observed()
    o.page.click("#more")
    o.wait("dead_click")
    before = next(o.sessions.glob("*.jsonl")).read_bytes()
    o.proc.send_signal(signal.SIGKILL)
    o.proc.wait()
    after = next(o.sessions.glob("*.jsonl")).read_bytes()
    assert after.startswith(before) and after.endswith(b"\n")
    kinds = [json.loads(line)["type"] for line in after.splitlines()]
    assert kinds[:3] == ["session", "browser", "page"]
    assert {"click", "dead_click"} <= set(kinds)


def run_observe(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    (tmp_path / "scenarios").mkdir()
    write_scenario(tmp_path / "scenarios", SCENARIO, "brew.yaml")
    return subprocess.run(
        [
            *[SHOSHIN, "observe", "--scenario", "brew", "--tester", "p7", "--browser", *args],
            *["--scenarios", str(tmp_path / "scenarios"), "--sessions", str(tmp_path / "s")],
        ],
        input="/done\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        ((), {}, "--browser needs to know where the product runs: add --base-url URL"),
        (("--base-url", "http://127.0.0.1:9"), {}, "127.0.0.1:9"),
        (
            ("--base-url", "{pages}"),
            {"DISPLAY": "", "WAYLAND_DISPLAY": ""},
            "neither DISPLAY nor WAYLAND_DISPLAY is set",
        ),
    ],
    ids=["no-base-url", "product-unreachable", "no-display"],
)
def test_bad_input_is_one_sentence_and_no_session_file(
    tmp_path: Path, pages_server: str, args: tuple[str, ...], env: dict[str, str], said: str
) -> None:
    args = tuple(a.replace("{pages}", pages_server) for a in args)
    done = run_observe(tmp_path, *args, env=env)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("s/**/*.*"))


def test_a_kill_ends_both_the_notes_and_the_recording(observed: Callable[[], Observed]) -> None:
    o = observed()
    o.page.click("#tips")
    o.wait("click")
    o.proc.send_signal(signal.SIGTERM)
    o.proc.communicate(timeout=60)
    kinds = [e["type"] for e in o.events()]
    assert "end" in kinds and kinds[-1] == "browser"
    assert o.events()[-1]["state"] == "closed"
    assert [e["reason"] for e in o.of("end")] == ["interrupted"]


def test_the_recording_ends_with_the_session_not_after_the_questions(
    observed: Callable[[], Observed],
) -> None:
    o = observed()
    o.page.click("#tips")
    o.wait("click")
    o.type_line("/done")
    o.wait("browser", 2)  # closed while the SEQ question waits for its answer
    o.type_line("6")
    o.proc.communicate(timeout=60)
    events = o.events()
    kinds = [e["type"] for e in events]
    assert kinds.index("end") < kinds.index("browser", 2) < kinds.index("seq")
    (end,) = o.of("end")
    last = [h for h in o.of("hesitation") if h["n"] > end["n"]]
    assert all(h["since"] + h["seconds"] <= end["t"] + 0.1 for h in last)
