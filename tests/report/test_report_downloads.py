"""The report lists what a step downloaded, linked in the run folder, escaped like product text."""

from __future__ import annotations

import json
from typing import Any

from harness.report.html import render_html
from harness.report.step_views import file_size
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "sample_run" / "run.json"
NAME = "export <b>now</b>.csv"


def record_with_a_download(file: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    step = record["results"][0]["steps"][0]
    step["downloads"] = [{"name": NAME, "file": file, "size": 14_200}]
    return record


def test_a_download_is_listed_with_its_size_and_a_link() -> None:
    html = render_html(record_with_a_download("downloads/01-x/step-01/export.csv"))
    assert "Downloaded" in html
    link = '<a href="downloads/01-x/step-01/export.csv">export &lt;b&gt;now&lt;/b&gt;.csv</a>'
    assert link in html
    assert "14 KB" in html
    assert "<b>now</b>" not in html


def test_a_download_outside_the_run_folder_is_not_linked() -> None:
    html = render_html(record_with_a_download("../../etc/passwd"))
    assert "export &lt;b&gt;now&lt;/b&gt;.csv" in html
    assert 'href="../../etc/passwd"' not in html


def test_a_standalone_page_names_the_file_without_a_link() -> None:
    html = render_html(record_with_a_download("downloads/a.csv"), inline={})
    assert "export &lt;b&gt;now&lt;/b&gt;.csv" in html
    assert 'href="downloads/a.csv"' not in html


def test_sizes_read_as_a_person_reads_them() -> None:
    assert [file_size(n) for n in (1, 912, 14_200, 3_200_000)] == [
        "1 byte",
        "912 bytes",
        "14 KB",
        "3.2 MB",
    ]


def test_a_step_without_downloads_shows_none() -> None:
    assert "Downloaded" not in render_html(json.loads(FIXTURE.read_text("utf-8")))
