"""The HTML report of one run: `index.html` beside its `run.json`, and a standalone copy.

The template only lays out the view models of `views`. Everything that came from the product
under test reaches the page through jinja2's autoescaping (never `|safe`), and image paths
are emitted only when they stay inside the run directory, or as `data:` URIs.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from harness.files import write_text_atomic
from harness.record.model import RunRecord
from harness.record.read import as_record
from harness.report.click_marks import add_click_maps
from harness.report.embed import embed_images
from harness.report.explore_view import ExploreView, explore_in
from harness.report.images import ImageSet, make_images
from harness.report.tickets_view import tickets_view
from harness.report.views import report_view
from harness.session.model import Session
from harness.text import shown
from harness.tickets.model import Ticket

__all__ = ["INDEX_FILE", "STANDALONE_FILE", "render_html", "write_html_report"]

INDEX_FILE = "index.html"
STANDALONE_FILE = "report.html"


def render_html(
    record: RunRecord | Mapping[str, Any],
    images: ImageSet | None = None,
    *,
    inline: Mapping[str, str] | None = None,
    sessions: Sequence[Session] = (),
    tickets: Sequence[Ticket] = (),
    explore: ExploreView | None = None,
) -> str:
    """The report page of a run record; the same inputs always give the same page.

    `images` are the derived images to show (see `images.make_images`); with `inline`
    (image path → `data:` URI) the page points at no file at all, and images it lacks a
    URI for are left out.
    """
    template = template_env().get_template("run.html.j2")
    return template.render(
        report=report_view(record, images, inline=inline, sessions=sessions),
        tickets=tickets_view(record, tickets),
        explore=explore,  # `shoshin explore`'s run: what it chose, lostness, the shortest way
    )


def write_html_report(
    run_dir: Path,
    record: RunRecord | Mapping[str, Any],
    *,
    self_contained: bool = False,
    sessions: Sequence[Session] = (),
    tickets: Sequence[Ticket] = (),
) -> Path:
    """Make the run's images, write `run_dir/index.html` atomically and return its path.

    With `self_contained`, also write `run_dir/report.html`: one file with every image
    embedded, to attach to a ticket or a mail. That is the path returned then.
    """
    run_dir = Path(run_dir)
    record = as_record(record)
    images = add_click_maps(run_dir, record, make_images(run_dir, record), sessions)
    explore = explore_in(run_dir)
    index = write_text_atomic(
        run_dir / INDEX_FILE,
        render_html(record, images, sessions=sessions, tickets=tickets, explore=explore),
    )
    if not self_contained:
        return index
    page = render_html(
        record,
        images,
        inline=embed_images(run_dir, images),
        sessions=sessions,
        tickets=tickets,
        explore=explore,
    )
    return write_text_atomic(run_dir / STANDALONE_FILE, page)


@functools.cache
def template_env() -> Environment:
    """The one jinja2 environment of all reports: autoescaped always, strict about names."""
    return Environment(
        loader=PackageLoader("harness", "report/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )


def _shown(value: Any) -> Any:
    """Every text a template prints, without control characters or bidirectional overrides
    (a page's title may hold a terminal escape or a NUL); markup the templates made is kept."""
    return shown(value) if isinstance(value, str) and not isinstance(value, Markup) else value
