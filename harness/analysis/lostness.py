"""Lostness (Smith 1996): how far a person's path wandered from the one a task needs.

    L = sqrt((N/S − 1)² + (R/N − 1)²)

in Smith's own letters: S = pages visited, revisits counted; N = distinct pages visited;
R = the pages the task needs (here: the distinct pages the scripted walk went through).
0 is a perfect path; the usual reading is that above about 0.4 people are lost (Smith
found lost users above 0.5, and users who were not below 0.4). L is at most √2.

What counts as a page, and as a visit, is decided here once:

- A page is its scheme, host and path (lower-case scheme and host, no trailing `/`); the
  query and the fragment are left out, as they name the same page (`/search?q=a`), except
  a fragment that is a route (`#/settings`, `#!/settings`), which is a page of a
  single-page app.
- Going from a page to the same page (a reload, a new query) is not another visit.
- Cases the formula does not cover: no page visited, or the script's pages unknown, has
  no lostness (None). A person who saw fewer distinct pages than the script needed (they
  stopped, or found a shorter way) is counted as needing only the pages they saw
  (R = N), so L then measures only their revisits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["LOST_ABOVE", "Lostness", "lostness", "page_id", "visits"]

LOST_ABOVE = 0.4


@dataclass(frozen=True)
class Lostness:
    visits: int  # S: pages visited, revisits counted
    distinct: int  # N: distinct pages visited
    needed: int  # R: the pages the scripted walk needed (before capping at N)
    value: float | None  # None: no page visited, or the script's pages unknown

    @property
    def lost(self) -> bool:
        return self.value is not None and self.value > LOST_ABOVE


def page_id(url: str) -> str:
    """The page a URL shows: scheme://host/path, plus a fragment that is a route."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.rpartition("@")[2].lower()
    fragment = parts.fragment
    route = ""
    if fragment.startswith(("/", "!/")):
        route = "#" + (fragment.split("?", 1)[0].rstrip("/") or "/")
    if not parts.scheme and not host:
        return path + route
    return f"{parts.scheme.lower()}://{host}{path}{route}"


def visits(pages: Iterable[str]) -> list[str]:
    """Page identities in order, a page followed by itself taken as one visit."""
    walked: list[str] = []
    for page in pages:
        if not walked or walked[-1] != page:
            walked.append(page)
    return walked


def lostness(visited: Sequence[str], needed: Iterable[str]) -> Lostness:
    """The lostness of a path (page identities in order) against the pages a task needs."""
    path = visits(visited)
    total, distinct = len(path), len(set(path))
    required = len(set(needed))
    if total == 0 or required == 0:
        return Lostness(total, distinct, required, None)
    r = min(required, distinct)
    value = math.sqrt((distinct / total - 1) ** 2 + (r / distinct - 1) ** 2)
    return Lostness(total, distinct, required, value)
