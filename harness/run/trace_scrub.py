"""A kept Playwright trace with no secret in it.

Playwright writes what a secret field was filled with three ways into its trace archive:
the `fill` call's parameters and the DOM snapshots' input values (`trace.trace`), and the
network log and its bodies (`trace.network`, `resources/`): the form's POST, a JSON body,
a URL's query. `scrub_trace` copies the archive with every form of every secret
(`harness.run.redaction`) masked in every member, so that Playwright's trace viewer still
opens it:

- a line of JSON (Playwright's event logs) is parsed, masked string by string, and written
  again only when it held a secret, so the events stay the events Playwright wrote;
- other text (a page, a form body) is masked as text; a file that is not text (an image)
  is overwritten byte for byte where a secret's bytes stand;
- a resource is named by the SHA-1 of its content, which would let anyone holding the
  trace test guesses of the secret: a masked resource is named by the SHA-1 of its new
  content, and every reference to it follows.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from harness.files import write_atomic
from harness.run.redaction import Redactor

_RESOURCE = re.compile(r"^(resources/)([0-9a-f]{40})(\.[^/]*)?$")


def scrubber(redactor: Redactor) -> Callable[[Path, Path], None] | None:
    """What copies a trace with `redactor`'s secrets masked; None when there are none."""
    if not redactor:
        return None
    return lambda source, target: scrub_trace(source, target, redactor)


def scrub_trace(source: Path, target: Path, redactor: Redactor) -> None:
    """Copy the trace archive `source` to `target` (atomically), every secret masked."""
    with zipfile.ZipFile(source) as archive:
        infos = archive.infolist()
        renamed: dict[str, str] = {}  # a resource's old SHA-1 -> its new one
        masked: dict[str, bytes] = {}  # the new content of each resource that changed
        for info in infos:
            found = _RESOURCE.match(info.filename)
            if found is None:
                continue
            data = archive.read(info)
            clean = scrub_member(data, redactor)
            if clean != data:
                renamed[found.group(2)] = hashlib.sha1(clean).hexdigest()
                masked[info.filename] = clean

        def write(out: IO[bytes]) -> None:
            written: set[str] = set()
            with zipfile.ZipFile(out, "w") as copy:
                for info in infos:
                    name, data = info.filename, masked.get(info.filename)
                    if data is not None:
                        name = _renamed(name, renamed)
                    else:
                        data = scrub_member(archive.read(info), redactor, renamed)
                    if name in written:  # two bodies masked to the same content
                        continue
                    written.add(name)
                    entry = zipfile.ZipInfo(name, date_time=info.date_time)
                    entry.compress_type = info.compress_type
                    entry.external_attr = info.external_attr
                    copy.writestr(entry, data)

        write_atomic(target, write)


def scrub_member(data: bytes, redactor: Redactor, renamed: dict[str, str] | None = None) -> bytes:
    """One member of the archive with every secret masked (and renamed resources followed)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return redactor.binary(data)
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if redactor.finds(line):
            lines[number] = _scrub_line(line, redactor)
    text = "\n".join(lines)
    for old, new in (renamed or {}).items():
        text = text.replace(old, new)
    return text.encode("utf-8")


def _scrub_line(line: str, redactor: Redactor) -> str:
    """A line of JSON masked inside its strings (so it stays the same JSON), else as text."""
    if line.lstrip()[:1] in ("{", "["):
        try:
            value = json.loads(line)
        except ValueError:
            pass
        else:
            return _dumps(redactor.tree(value))
    return redactor.text(line)


def _dumps(value: Any) -> str:
    """JSON as Playwright writes it (`JSON.stringify`: compact, characters as they are)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate the page wrote: keep it escaped
        text = json.dumps(value, separators=(",", ":"))
    return text


def _renamed(name: str, renamed: dict[str, str]) -> str:
    found = _RESOURCE.match(name)
    if found is None or found.group(2) not in renamed:
        return name
    return f"{found.group(1)}{renamed[found.group(2)]}{found.group(3) or ''}"
