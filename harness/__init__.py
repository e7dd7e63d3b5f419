"""shoshin (初心): walk a web product's first-run experience with a beginner's mind."""

from __future__ import annotations

__version__ = "0.1.0"
