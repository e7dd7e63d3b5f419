"""A product that remembers: it counts visits to /home until /__reset clears the count.

For the tests of `--before-each` and `reset:` (a first visit is a first visit on the
server too). `/__broken` answers 500.
"""

from __future__ import annotations

import http.server
import shlex
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.conftest import serve_on_loopback


@dataclass
class Visits:
    """The product's memory: how often /home was opened since the last reset."""

    count: int = 0
    resets: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(visits: Visits) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            status, headers, body = 200, {}, "ok"
            if self.path == "/home":
                with visits.lock:
                    visits.count += 1
                    count = visits.count
                said = "Welcome, first visit" if count == 1 else f"Welcome back, visit {count}"
                cookies = self.headers.get("Cookie") or "none"
                body = f"<title>Home</title><h1>{said}</h1><p>Cookies: {cookies}</p>"
            elif self.path.startswith("/__reset"):
                with visits.lock:
                    visits.count = 0
                    visits.resets.append(self.path)
                headers = {"Set-Cookie": "reset=1; Path=/"}
                body = "<title>Reset</title>reset"
            elif self.path == "/__broken":
                status, body = 500, "<title>Oops</title>the reset failed"
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def product() -> Iterator[tuple[str, Visits]]:
    visits = Visits()
    with serve_on_loopback(_handler(visits)) as url:
        yield url, visits


# A real command that resets the product and says what it was told.
RESET_COMMAND = f"{shlex.quote(sys.executable)} -c " + shlex.quote(
    "import os, urllib.request; "
    "urllib.request.urlopen(os.environ['SHOSHIN_BASE_URL'] + '/__reset').read(); "
    "print('reset for', os.environ['SHOSHIN_SCENARIO'], os.environ['SHOSHIN_RUN_ID'], "
    "os.environ['SHOSHIN_SCENARIO_FILE'])"
)
