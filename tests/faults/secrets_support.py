"""What the secrets fault tests share: the secret, every way it is written, and a product
that sends it everywhere (a form POST, a JSON body, a URL query) served on loopback."""

from __future__ import annotations

import contextlib
import functools
import html
import json
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from tests.conftest import ROOT, serve_on_loopback

# Characters that each encoding writes differently: `@` and `/` (percent-encoded in a
# query), a space (`%20` or `+`), `"` (escaped in JSON, an entity in HTML), `é` (two bytes
# percent-encoded, `\u00e9` in ASCII JSON).
SECRET = 'p@ss w"rd/é'
MASK = "••••••"


def encodings(secret: str = SECRET) -> dict[str, bytes]:
    """The secret as a browser, a server, a JSON writer or Playwright may write it."""
    quoted = urllib.parse.quote(secret, safe="")
    forms = {
        "as typed": secret,
        "URL-encoded (%XX)": quoted,
        "URL-encoded (%xx)": quoted.lower(),  # the secret itself has no capitals
        "form-encoded (+)": urllib.parse.quote_plus(secret),
        "as a browser writes a URL": urllib.parse.quote(secret, safe="@/"),
        "JSON-escaped": json.dumps(secret, ensure_ascii=False)[1:-1],
        "JSON-escaped (ASCII)": json.dumps(secret)[1:-1],
        "HTML-escaped": html.escape(secret),
    }
    assert len(set(forms.values())) == len(forms), "the secret must differ in each encoding"
    return {name: form.encode("utf-8") for name, form in forms.items()}


def leaks(data: bytes, secret: str = SECRET) -> list[str]:
    """The encodings of the secret found in `data`."""
    return [name for name, form in encodings(secret).items() if form in data]


@dataclass
class Received:
    """What the product's server was sent: proof that the secret went each way."""

    bodies: list[bytes] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


class _Product(SimpleHTTPRequestHandler):
    """The fixture pages, plus the two answers a sign-in form needs."""

    received: Received

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.received.paths.append(self.path)
        super().do_GET()

    def do_POST(self) -> None:
        self.received.paths.append(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.received.bodies.append(body)
        if urllib.parse.urlsplit(self.path).path == "/secrets-api/check":
            # The key echoed back in ASCII JSON (`\u00e9`): a response body holds it too.
            key = json.loads(body).get("key", "")
            self._answer(200, json.dumps({"ok": True, "echo": key}).encode(), "application/json")
            return
        key = urllib.parse.parse_qs(body.decode()).get("key", [""])[0]
        self.send_response(303)  # on to the welcome page, the key in its query
        self.send_header("Location", "/secrets-welcome.html?key=" + urllib.parse.quote_plus(key))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def secrets_product() -> Iterator[tuple[str, Received]]:
    """The product on loopback: its base URL, and what it was sent."""
    received = Received()
    handler = type("Product", (_Product,), {"received": received})
    pages = str(ROOT / "tests/fixtures/pages")
    with serve_on_loopback(functools.partial(handler, directory=pages)) as url:
        yield url, received


def every_file(run_dir: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of a run folder by its path in it, and every member of each trace archive
    (compressed, its bytes would hide the secret) as `traces/<name>.zip/<member>`."""
    for path in sorted(run_dir.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(run_dir).as_posix()
        yield name, path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}/{member}", member.encode() + b"\n" + archive.read(member)
