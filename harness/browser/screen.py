"""The page-side screen reader, `screen.js`, as a script to evaluate in the page."""

from __future__ import annotations

from pathlib import Path

# Evaluated in the page; returns {actions: [{role, name, disabled, box, context}], errors,
# notices, text, prose, primary, required_fields} (see screen.js for what each means).
SCREEN_SCRIPT = "\n".join(
    line
    for line in (Path(__file__).parent / "screen.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)
