"""The HTML report of one run: `index.html` beside its `run.json`.

The template only lays out the view models of `views`. Everything that came from the product
under test reaches the page through jinja2's autoescaping (never `|safe`), and screenshot
paths are emitted only when they stay inside the run directory.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from harness.report.views import report_view

__all__ = ["render_html", "write_html_report"]


def render_html(record: Mapping[str, Any]) -> str:
    """The report page of a run record; the same record always gives the same page."""
    template = _env().get_template("run.html.j2")
    return template.render(report=report_view(record))


def write_html_report(run_dir: Path, record: Mapping[str, Any]) -> Path:
    """Write `run_dir/index.html` atomically and return its path."""
    target = Path(run_dir) / "index.html"
    page = render_html(record)
    fd, tmp_name = tempfile.mkstemp(prefix=".index.html.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as tmp:
            tmp.write(page)
            tmp.flush()
            os.fsync(tmp.fileno())
        # mkstemp creates the file private; a report is meant to be read and served.
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


@functools.cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("harness", "report/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
