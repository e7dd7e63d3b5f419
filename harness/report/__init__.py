"""Reports of a run: the HTML page a person reads and the images it shows.

jinja2 lives in `html` alone and pillow in `images` and `drawing` alone; `views` turns a
run record into what every report shows.
"""

from __future__ import annotations

from harness.report.html import render_html, write_html_report
from harness.report.images import ImageSet, make_images

__all__ = ["ImageSet", "make_images", "render_html", "write_html_report"]
