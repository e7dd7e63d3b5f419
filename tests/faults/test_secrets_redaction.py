"""The redaction every kept text goes through, and the trace rewrite, without a browser."""

from __future__ import annotations

import hashlib
import html
import json
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from harness.run.redaction import Redactor
from harness.run.trace_scrub import scrub_trace, scrubber
from tests.faults.secrets_support import MASK, SECRET, encodings, leaks

REDACTOR = Redactor([SECRET])


@pytest.mark.parametrize("name", list(encodings()))
def test_every_encoding_of_the_secret_is_masked(name: str) -> None:
    form = encodings()[name].decode()
    assert REDACTOR.text(f"before {form} after") == f"before {MASK} after"


@pytest.mark.parametrize(
    "written",
    [
        urllib.parse.quote(urllib.parse.quote(SECRET, safe=""), safe=""),  # encoded twice
        json.dumps(json.dumps(SECRET))[1:-1],  # JSON inside JSON
        json.dumps(SECRET).replace("/", "\\/"),  # `\/`, as some JSON writers escape it
        html.escape(html.escape(SECRET)),  # `&amp;quot;`
        "".join(f"&#{ord(c)};" for c in SECRET),  # numeric entities
        urllib.parse.quote(SECRET, safe="", encoding="latin-1"),  # a Latin-1 form: `%E9`
        'p@ss%20w\\"rd%2F%c3%A9',  # mixed, as pages mix them
    ],
)
def test_forms_written_over_one_another_are_masked(written: str) -> None:
    assert SECRET not in REDACTOR.text(written)
    assert REDACTOR.text(written).strip('"\\') == MASK  # quotes around it may stay


def test_text_without_the_secret_is_left_as_it_is() -> None:
    text = 'p@ss w"rd / é, pass word, p@ss+w"rd/e, %40 + "'
    assert REDACTOR.text(text) == text
    assert Redactor([]).text(SECRET) == SECRET and not Redactor([""])


def test_a_longer_secret_is_masked_whole_before_a_shorter_one_inside_it() -> None:
    assert Redactor(["abc", "abcdef"]).text("xabcdefx abcx") == f"x{MASK}x {MASK}x"


def test_a_character_outside_the_bmp_and_a_decomposed_accent_are_masked() -> None:
    assert Redactor(["k😀y"]).text(json.dumps("k😀y")) == f'"{MASK}"'
    assert Redactor(["é1"]).text("e\u03011") == MASK  # é as e + combining acute


def test_binary_keeps_its_length() -> None:
    data = b"\x89PNG\x00" + SECRET.encode() + b"\xff" + SECRET.encode("latin-1") + b"\x00"
    clean = REDACTOR.binary(data)
    assert len(clean) == len(data) and not leaks(clean)
    assert clean.startswith(b"\x89PNG\x00*")


@dataclass
class _Inner:
    said: str
    seen: list[str] = field(default_factory=list)


@dataclass
class _Outer:
    error: str | None
    inner: _Inner
    table: dict[str, tuple[str, int]]
    number: int = 7


def test_every_text_of_a_record_is_masked_all_the_way_down() -> None:
    quoted = urllib.parse.quote_plus(SECRET)
    record = _Outer(
        error=f"Error: {SECRET}",
        inner=_Inner(said=quoted, seen=["ok", SECRET]),
        table={SECRET: (quoted, 1)},
    )
    assert REDACTOR.tree(record) == _Outer(
        error=f"Error: {MASK}",
        inner=_Inner(said=MASK, seen=["ok", MASK]),
        table={MASK: (MASK, 1)},
        number=7,
    )


def _archive(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_trace_keeps_its_events_and_loses_the_secret(tmp_path: Path) -> None:
    body = f"key={urllib.parse.quote_plus(SECRET)}&plan=free".encode()
    old = hashlib.sha1(body).hexdigest()
    events = [
        {"type": "before", "method": "fill", "params": {"value": SECRET}, "startTime": 1234.5},
        {"type": "frame-snapshot", "html": ["INPUT", {"__playwright_value_": SECRET}]},
        {"type": "log", "message": "nothing secret", "time": 1e-07},
    ]
    network = {"request": {"url": f"/x?k={urllib.parse.quote(SECRET)}", "_file": f"{old}.dat"}}
    trace = "\n".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in events)
    _archive(
        tmp_path / "raw.zip",
        {
            "trace.trace": (trace + "\n").encode(),
            "trace.network": (json.dumps(network) + "\n").encode(),
            f"resources/{old}.dat": body,
            "screencast/page@1-2.jpeg": b"\xff\xd8\xff" + SECRET.encode() + b"\xff\xd9",
        },
    )
    scrub_trace(tmp_path / "raw.zip", tmp_path / "kept.zip", REDACTOR)

    with zipfile.ZipFile(tmp_path / "kept.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert not [name for name, data in members.items() if leaks(name.encode() + data)]
    lines = members["trace.trace"].decode().splitlines()
    kept = [json.loads(line) for line in lines]
    assert len(kept) == len(events)  # every event, in order, each still JSON
    assert kept[0] == {**events[0], "params": {"value": MASK}}
    assert lines[2] == trace.splitlines()[2]  # a line with no secret stays byte for byte
    clean = b"key=" + MASK.encode() + b"&plan=free"
    new = hashlib.sha1(clean).hexdigest()
    assert members[f"resources/{new}.dat"] == clean  # renamed by its new content...
    assert f"resources/{old}.dat" not in members
    assert json.loads(members["trace.network"])["request"]["_file"] == f"{new}.dat"  # followed
    assert len(members["screencast/page@1-2.jpeg"]) == 5 + len(SECRET.encode())


def test_no_secret_no_rewrite() -> None:
    assert scrubber(Redactor([])) is None and scrubber(REDACTOR) is not None
