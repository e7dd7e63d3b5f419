"""Newcomer conditions (device, language, time zone, network) and Playwright's artefacts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from harness.browser.launch import BrowserChoice, has_ffmpeg
from harness.errors import ShoshinError
from harness.record.model import read_record
from harness.run.conditions import Conditions, parse_viewport, validate
from harness.run.config import RunConfig, options_for
from harness.run.handlers import RecordWriter
from harness.run.runner import run_scenarios
from harness.scenario.load import load_scenario
from tests.conftest import write_scenario

WHERE = """
name: Where am I
start: /locale.html
patience: 30  # passes even on a loaded machine
steps:
  - intent: Arrive
    expect: Hello
  - intent: Look around
    expect: language
"""


def run_with(
    pages_server: str, choice: BrowserChoice, tmp_path: Path, conditions: Conditions, text: str
) -> dict[str, Any]:
    scenario = load_scenario(write_scenario(tmp_path, text))
    config = RunConfig(
        base_url=pages_server, out_dir=tmp_path / "out", browser=choice, conditions=conditions
    )
    record = run_scenarios([scenario], config, [RecordWriter()])
    data: dict[str, Any] = read_record(tmp_path / "out" / record.run_id)
    data["_dir"] = tmp_path / "out" / record.run_id
    return data


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        (Conditions(network="slow-3gg"), "--network 'slow-3gg' is not one of"),
        (Conditions(tracing="always"), "--tracing 'always' is not one of off, on"),
        (Conditions(timezone="Mars/Olympus"), "--timezone 'Mars/Olympus' is not a time zone"),
        (Conditions(repeat=0), "--repeat must be 1 or more."),
    ],
)
def test_bad_conditions_are_one_sentence(conditions: Conditions, message: str) -> None:
    with pytest.raises(ShoshinError, match=message.replace("(", r"\(")):
        validate(conditions)


def test_a_network_typo_suggests_the_preset() -> None:
    with pytest.raises(ShoshinError, match="Did you mean 'slow-3g'"):
        validate(Conditions(network="slow3g"))


def test_viewports_and_devices() -> None:
    assert parse_viewport("390x844") == (390, 844)
    with pytest.raises(ShoshinError, match="WIDTHxHEIGHT"):
        parse_viewport("wide")
    devices = {"Phone": {"viewport": {"width": 390, "height": 664}, "default_browser_type": "x"}}
    assert options_for(Conditions(device="Phone"), devices) == {
        "viewport": {"width": 390, "height": 664}
    }
    with pytest.raises(ShoshinError, match="Did you mean 'Phone'"):
        options_for(Conditions(device="Phon"), devices)


@pytest.mark.browser
def test_device_locale_and_timezone_reach_the_page(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    conditions = Conditions(device="iPhone 13", locale="de-DE", timezone="Europe/Berlin")
    data = run_with(pages_server, browser_choice, tmp_path, conditions, WHERE)
    assert data["conditions"]["device"] == "iPhone 13"
    assert data["viewport"]["width"] == 390
    result = data["results"][0]
    assert result["outcome"] == "completed"
    # The screenshot is in CSS pixels, so recorded boxes line up with it.
    from PIL import Image

    with Image.open(data["_dir"] / result["steps"][0]["screenshot"]) as image:
        assert image.width == 390


@pytest.mark.browser
def test_locale_text_on_the_page(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    text = WHERE.replace("expect: language", "expect: language de-DE zone Europe/Berlin")
    conditions = Conditions(locale="de-DE", timezone="Europe/Berlin")
    data = run_with(pages_server, browser_choice, tmp_path, conditions, text)
    assert data["results"][0]["outcome"] == "completed", data["results"][0]["steps"][1]


@pytest.mark.browser
def test_a_slow_network_is_slower(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    data = run_with(pages_server, browser_choice, tmp_path, Conditions(network="slow-3g"), WHERE)
    first = data["results"][0]["steps"][0]
    assert first["outcome"] == "passed"
    assert first["duration_ms"] >= 2000  # 2 s of latency before the first byte
    assert data["conditions"]["network_detail"].startswith("2 s latency")


@pytest.mark.browser
def test_offline_after_load_strands_the_newcomer(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    text = """
    name: Offline
    start: /next.html
    patience: 2
    steps:
      - expect: Next page
        patience: 30  # passes even on a loaded machine; the dead end keeps 2 s
      - click: Back
        expect: Welcome aboard
    """
    data = run_with(
        pages_server, browser_choice, tmp_path, Conditions(network="offline-after-load"), text
    )
    first, second = data["results"][0]["steps"]
    assert first["outcome"] == "passed" and second["outcome"] == "dead_end"
    assert any("INTERNET_DISCONNECTED" in f for f in second["failed_requests"])


@pytest.mark.browser
def test_repeat_keeps_every_walks_timings(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    data = run_with(pages_server, browser_choice, tmp_path, Conditions(repeat=3), WHERE)
    (result,) = data["results"]
    assert [r["repeat"] for r in result["repeats"]] == [1, 2, 3]
    assert all(len(r["steps"]) == 2 and r["outcome"] == "completed" for r in result["repeats"])


@pytest.mark.browser
def test_a_trace_with_one_group_per_step(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    data = run_with(pages_server, browser_choice, tmp_path, Conditions(tracing="on"), WHERE)
    trace = data["_dir"] / data["results"][0]["trace"]
    with zipfile.ZipFile(trace) as archive:
        names = archive.namelist()
        assert "trace.trace" in names and "trace.network" in names
        events = archive.read("trace.trace").decode()
    groups = [
        event["title"]
        for event in map(json.loads, events.splitlines())
        if event.get("method") == "tracingGroup"
    ]
    assert groups == ["Step 1: Arrive", "Step 2: Look around"]


@pytest.mark.browser
def test_retain_on_failure_drops_the_trace_of_a_completed_scenario(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    data = run_with(
        pages_server, browser_choice, tmp_path, Conditions(tracing="retain-on-failure"), WHERE
    )
    assert data["results"][0]["trace"] is None
    assert not (data["_dir"] / "traces").exists() or not any((data["_dir"] / "traces").iterdir())


@pytest.mark.browser
@pytest.mark.skipif(not has_ffmpeg(), reason="make setup installs ffmpeg for videos")
def test_video_on_records_a_webm(
    pages_server: str, browser_choice: BrowserChoice, tmp_path: Path
) -> None:
    data = run_with(pages_server, browser_choice, tmp_path, Conditions(video="on"), WHERE)
    video = data["_dir"] / data["results"][0]["video"]
    assert video.suffix == ".webm" and video.read_bytes()[:4] == b"\x1a\x45\xdf\xa3"
