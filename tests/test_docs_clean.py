"""The documents users read hold no leftover merge-conflict markers."""

from __future__ import annotations

import re

from tests.conftest import ROOT

MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)


def test_no_document_holds_a_conflict_marker() -> None:
    documents = [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("examples/*.md")]
    assert len(documents) >= 5
    marked = [str(p.relative_to(ROOT)) for p in documents if MARKER.search(p.read_text("utf-8"))]
    assert marked == []
