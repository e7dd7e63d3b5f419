"""Scenario paths against `--base-url`: where `start`/`visit` go, what `url:` matches.

A product may be served under a path (`--base-url http://host:3000/app/`). Every path a
scenario writes is then relative to that path, as Cypress treats `baseUrl`: `/` is the
product's own root (`/app/`), `/signup` is `/app/signup`. A full URL (`https://...`)
is used as written. The base URL's path counts as a folder with or without its trailing
`/`, since nobody means `http://host/app` to be the file `app` beside `/signup`.
"""

from __future__ import annotations

import fnmatch
import re
from urllib.parse import urljoin, urlsplit, urlunsplit


def _is_absolute(path: str) -> bool:
    """A URL with its own scheme (`https://...`, `data:...`) or host (`//cdn/...`)."""
    return bool(urlsplit(path).scheme) or path.startswith("//")


def base_folder(base_url: str) -> str:
    """`base_url` as a folder: its path ends in `/`; its query and fragment dropped."""
    parts = urlsplit(base_url)
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def base_path(base_url: str) -> str:
    """The path the product is served under, without its trailing `/` (`""` at the root)."""
    return urlsplit(base_folder(base_url)).path.rstrip("/")


def resolve(base_url: str, path: str) -> str:
    """Where a scenario's `start`/`visit` path goes: below `base_url`, or as written."""
    if _is_absolute(path):
        return urljoin(base_url, path)
    return urljoin(base_folder(base_url), path.lstrip("/"))


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def url_matches(url: str, expected: str, base_url: str) -> bool:
    """Whether the page at `url` meets a `url:` expectation.

    `/done` matches the page's path below the base URL's path (`*` globs, a trailing `/`
    does not matter, the query counts only when the pattern has a `?`); a full URL or a
    glob such as `*/done?*` matches the whole URL; any other text is a path relative to
    the base URL.
    """
    if expected.startswith("/") and not expected.startswith("//"):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if "?" in expected else "")
        prefix = base_path(base_url)
        pattern = _glob_escape(prefix) + expected
        wanted = (prefix + expected).rstrip("/")
        return fnmatch.fnmatchcase(path, pattern) or path.rstrip("/") == wanted
    return fnmatch.fnmatchcase(url, expected) or url == resolve(base_url, expected)
