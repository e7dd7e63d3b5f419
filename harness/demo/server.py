"""Pebble, the demo product that shoshin's example scenarios and tests walk.

A small, believable onboarding for "Pebble, the project tracker for small teams", served with
the standard library only. It is deliberately imperfect in three places, so that shoshin has
something to find:

    /workspace     jargon ("Provision your tenant", unexplained acronyms) and a slow POST
    /invite/later  a page with nothing at all to act on
    /project       an "Import from Trello" button that is disabled, with no explanation

The visible texts are a contract with the scenarios and tests: change them only together.
The server is stateless; what it must remember travels in cookies (pebble_email,
pebble_workspace), and every value put into a page is HTML-escaped.
"""

from __future__ import annotations

import html
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Mapping
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from string import Template
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

_PACKAGE = __name__.rpartition(".")[0]
_MAX_BODY = 64 * 1024
_EMAIL_COOKIE = "pebble_email"
_WORKSPACE_COOKIE = "pebble_workspace"


# --------------------------------------------------------------------------- rendering


class _Html(str):
    """Markup that is already safe: built from our own templates, with every value escaped."""


_NOTHING = _Html("")


@cache
def _template(name: str) -> Template:
    return Template((files(_PACKAGE) / "pages" / name).read_text(encoding="utf-8"))


@cache
def _stylesheet() -> bytes:
    return (files(_PACKAGE) / "static" / "pebble.css").read_bytes()


def _escape(value: str) -> _Html:
    return value if isinstance(value, _Html) else _Html(html.escape(value, quote=True))


def _fragment(template: str, /, **values: str) -> _Html:
    """Fill pages/<template>; plain strings are escaped, _Html fragments go in as they are."""
    return _Html(_template(template).substitute({key: _escape(v) for key, v in values.items()}))


def _page(title: str, content: _Html, *, layout: str = "card") -> str:
    return _fragment(
        "layout.html",
        title=title,
        content=content,
        main_class=layout,
        body_class=f"layout-{layout}",
    )


def _alert(message: str, element_id: str = "form-alert") -> _Html:
    return _fragment("_alert.html", id=element_id, message=message)


def _invalid(described_by: str) -> _Html:
    return _Html(f' aria-invalid="true" aria-describedby="{html.escape(described_by)}"')


def _landing_page() -> str:
    return _page("The project tracker for small teams", _fragment("landing.html"), layout="hero")


def _signin_page() -> str:
    return _page("Sign in", _fragment("signin.html"))


def _signup_page(
    email: str = "", email_error: str | None = None, password_error: str | None = None
) -> str:
    failed = bool(email_error or password_error)
    content = _fragment(
        "signup.html",
        alert=_alert("Please fix the errors below.") if failed else _NOTHING,
        email=email,
        email_attrs=_invalid("email-error") if email_error else _NOTHING,
        email_error=(
            _fragment("_field_error.html", id="email-error", message=email_error)
            if email_error
            else _NOTHING
        ),
        password_describedby="password-hint password-error" if password_error else "password-hint",
        password_attrs=_Html(' aria-invalid="true"') if password_error else _NOTHING,
        password_error=(
            _fragment("_field_error.html", id="password-error", message=password_error)
            if password_error
            else _NOTHING
        ),
    )
    return _page("Create your account", content)


def _verify_page(email: str | None) -> str:
    return _page("Check your inbox", _fragment("verify.html", email=email or "your address"))


def _workspace_page(slug: str = "", error: str | None = None) -> str:
    content = _fragment(
        "workspace.html",
        alert=_alert(error) if error else _NOTHING,
        slug=slug,
        slug_attrs=_invalid("form-alert") if error else _NOTHING,
    )
    return _page("Provision your tenant", content)


def _invite_page() -> str:
    return _page("Invite your teammates", _fragment("invite.html"))


def _invite_later_page() -> str:
    return _page("You can invite people later", _fragment("invite_later.html"))


def _project_page(name: str = "", error: str | None = None) -> str:
    content = _fragment(
        "project.html",
        alert=_alert(error) if error else _NOTHING,
        name=name,
        name_attrs=_invalid("form-alert") if error else _NOTHING,
    )
    return _page("Create your first project", content)


def _done_page(project: str, workspace: str | None) -> str:
    content = _fragment(
        "done.html",
        project=project or "Untitled project",
        workspace=workspace or "default",
    )
    return _page("You're all set", content)


def _board_page() -> str:
    return _page("Your board", _fragment("board.html"), layout="wide")


def _not_found_page() -> str:
    return _page("Page not found", _fragment("not_found.html"))


def _server_error_page() -> str:
    return _page("Something went wrong", _fragment("server_error.html"))


def _email_problem(email: str) -> str | None:
    local, at, domain = email.partition("@")
    ok = bool(local) and bool(at) and "." in domain.strip(".")
    return None if ok else "Enter an email address like you@company.com."


def _cookie_header(name: str, value: str) -> str:
    return f"{name}={quote(value, safe='@.-_+')}; Path=/; HttpOnly; SameSite=Lax"


# --------------------------------------------------------------------------- HTTP


class _PebbleHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    slow_seconds: float = 1.5
    copy: Mapping[str, str] = {}

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that gives up (or a test that closes early) is not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _PebbleHTTPServer6(_PebbleHTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server_version = "Pebble/1.0"

    _head_only = False

    # -- plumbing

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: no request log on stderr."""

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in headers or []:
            self.send_header(key, value)
        self.end_headers()
        if not self._head_only:
            self.wfile.write(body)

    def _html(self, page: str, status: int = HTTPStatus.OK) -> None:
        server = self.server
        assert isinstance(server, _PebbleHTTPServer)
        for old, new in server.copy.items():  # a product release that reworded things
            page = page.replace(old, html.escape(new))
        self._send(status, page.encode("utf-8"))

    def _redirect(self, location: str, cookies: list[str] | None = None) -> None:
        headers = [("Location", location)]
        headers += [("Set-Cookie", cookie) for cookie in cookies or []]
        self._send(HTTPStatus.SEE_OTHER, b"", headers=headers)

    def _cookie(self, name: str) -> str | None:
        for header in self.headers.get_all("Cookie") or []:
            for part in header.split(";"):
                key, sep, value = part.strip().partition("=")
                if sep and key.strip() == name:
                    value = value.strip()
                    if len(value) >= 2 and value[0] == value[-1] == '"':
                        value = value[1:-1]
                    return unquote(value) or None
        return None

    def _form(self) -> dict[str, str] | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > _MAX_BODY:
            self._send(HTTPStatus.BAD_REQUEST, b"Bad request", "text/plain; charset=utf-8")
            return None
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}

    # -- dispatch

    def do_HEAD(self) -> None:
        self._head_only = True
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path = url.path
        if path == "/static/pebble.css":
            self._send(HTTPStatus.OK, _stylesheet(), "text/css; charset=utf-8")
        elif path == "/":
            self._html(_landing_page())
        elif path == "/signin":
            self._html(_signin_page())
        elif path == "/signup":
            self._html(_signup_page())
        elif path == "/verify":
            self._html(_verify_page(self._cookie(_EMAIL_COOKIE)))
        elif path == "/workspace":
            self._html(_workspace_page())
        elif path == "/invite":
            self._html(_invite_page())
        elif path == "/invite/later":
            self._html(_invite_later_page())
        elif path == "/project":
            self._html(_project_page())
        elif path == "/done":
            project = parse_qs(url.query).get("project", [""])[0].strip()
            self._html(_done_page(project, self._cookie(_WORKSPACE_COOKIE)))
        elif path == "/board":
            self._html(_board_page())
        elif path == "/broken":
            self._html(_server_error_page(), HTTPStatus.INTERNAL_SERVER_ERROR)
        else:
            self._html(_not_found_page(), HTTPStatus.NOT_FOUND)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path not in ("/signup", "/workspace", "/invite", "/project"):
            self._html(_not_found_page(), HTTPStatus.NOT_FOUND)
            return
        form = self._form()
        if form is None:
            return
        if path == "/signup":
            self._post_signup(form)
        elif path == "/workspace":
            self._post_workspace(form)
        elif path == "/invite":
            self._redirect("/project")
        else:
            self._post_project(form)

    def _post_signup(self, form: dict[str, str]) -> None:
        email = form.get("email", "").strip()
        password = form.get("password", "")
        email_error = _email_problem(email)
        password_error = "Password must be at least 8 characters." if len(password) < 8 else None
        if email_error or password_error:
            self._html(_signup_page(email, email_error, password_error))
        else:
            self._redirect("/verify", [_cookie_header(_EMAIL_COOKIE, email)])

    def _post_workspace(self, form: dict[str, str]) -> None:
        slug = form.get("slug", "").strip()
        if not slug:
            self._html(_workspace_page(slug, "Please enter a tenant slug."))
            return
        server = self.server
        assert isinstance(server, _PebbleHTTPServer)
        time.sleep(server.slow_seconds)  # the slow step, on purpose
        self._redirect("/invite", [_cookie_header(_WORKSPACE_COOKIE, slug)])

    def _post_project(self, form: dict[str, str]) -> None:
        name = form.get("name", "").strip()
        if not name:
            self._html(_project_page(name, "Give your project a name."))
        else:
            self._redirect("/done?" + urlencode({"project": name}))


# --------------------------------------------------------------------------- public API


class DemoServer:
    """Serve Pebble on loopback in a daemon thread.

    with DemoServer() as demo:
        walk(demo.base_url)
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        slow_seconds: float = 1.5,
        copy: Mapping[str, str] | None = None,
    ) -> None:
        address = "127.0.0.1" if host == "localhost" else host
        try:
            loopback = ipaddress.ip_address(address).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError(f"the demo server binds loopback only, not {host!r}")
        if slow_seconds < 0:
            raise ValueError("slow_seconds cannot be negative")
        self.host = address
        self.port = port
        self.slow_seconds = slow_seconds
        self.copy = dict(copy or {})  # wording to replace, e.g. {"Send invites": "Invite"}
        self._server: _PebbleHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The URL the server answers at, with the port it actually bound."""
        if self._server is None:
            raise RuntimeError("the demo server is not running; call start() first")
        port = self._server.server_address[1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}"

    def start(self) -> DemoServer:
        if self._server is not None:
            raise RuntimeError("the demo server is already running")
        server_class = _PebbleHTTPServer6 if ":" in self.host else _PebbleHTTPServer
        server = server_class((self.host, self.port), _Handler)
        server.slow_seconds = self.slow_seconds
        server.copy = self.copy
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="pebble-demo", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = None
        self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
