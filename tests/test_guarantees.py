"""The README's "Guarantees" table stays true: every promise names a test, and it exists."""

from __future__ import annotations

import re

from tests.conftest import ROOT

REF = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def guarantees() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Guarantees\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]


def test_every_promise_names_a_test_that_exists() -> None:
    rows = [row for row in guarantees() if not row.startswith(("| promise |", "| **"))]
    assert len(rows) >= 30
    missing = []
    for row in rows:
        refs = REF.findall(row)
        assert refs, f"a promise without its test: {row}"
        for path, name in refs:
            source = ROOT / path
            if not source.is_file() or f"def {name}(" not in source.read_text(encoding="utf-8"):
                missing.append(f"{path}::{name}")
    assert missing == []
