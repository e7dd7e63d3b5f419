"""Reports of a run: the HTML page a person reads (jinja2 lives here and nowhere else)."""

from __future__ import annotations

from harness.report.html import render_html, write_html_report

__all__ = ["render_html", "write_html_report"]
