"""The pytest plugin walks YAML scenarios in a browser elsewhere: `--shoshin-browser-endpoint`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.remote.conftest import TOUR
from tests.remote.servers import Remote, pages

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.browser


def test_yaml_items_walk_over_a_devtools_endpoint(
    pytester: pytest.Pytester, devtools: Remote, pages_server: str, tmp_path: Path
) -> None:
    folder = pytester.mkdir("scenarios")
    (folder / "me.png").write_bytes(b"hello avatar\n")
    (folder / "01-tour.yaml").write_text(TOUR.lstrip())
    before = pages(devtools.endpoint)
    result = pytester.runpytest(
        str(folder),
        "-p",
        "no:playwright",
        "--base-url",
        pages_server,
        "--shoshin-out",
        str(tmp_path / "out"),
        "--shoshin-browser-endpoint",
        devtools.endpoint,
    )
    result.assert_outcomes(passed=1)
    (run_json,) = [p for p in (tmp_path / "out").glob("*/run.json") if p.parent.name != "latest"]
    assert json.loads(run_json.read_text())["browser"]["endpoint"] == devtools.endpoint
    assert devtools.alive() and pages(devtools.endpoint) == before


def test_a_wrong_endpoint_is_a_usage_error(pytester: pytest.Pytester, pages_server: str) -> None:
    folder = pytester.mkdir("scenarios")
    (folder / "01-tour.yaml").write_text(TOUR.lstrip())
    result = pytester.runpytest(
        str(folder),
        "-p",
        "no:playwright",
        "--base-url",
        pages_server,
        "--shoshin-browser-endpoint",
        "ftp://grid",
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*shoshin: --shoshin-browser-endpoint 'ftp://grid' is not a browser's address*"]
    )
