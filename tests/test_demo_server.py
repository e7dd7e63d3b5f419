"""Pebble, the bundled demo product: routes, visible-text contract, escaping, traps."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode

import pytest

from harness.demo import DemoServer

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


@dataclass
class Reply:
    status: int
    headers: Message
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_plain = urllib.request.build_opener(_NoRedirect)


def _request(
    base_url: str,
    path: str,
    *,
    form: dict[str, str] | None = None,
    cookie: str | None = None,
) -> Reply:
    data = urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(base_url + path, data=data)
    if cookie is not None:
        request.add_header("Cookie", cookie)
    try:
        with _plain.open(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
        with error:
            return Reply(error.code, error.headers, error.read().decode("utf-8"))


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer(port=0, slow_seconds=0.2) as server:
        yield server


def get(demo: DemoServer, path: str, cookie: str | None = None) -> Reply:
    return _request(demo.base_url, path, cookie=cookie)


def post(demo: DemoServer, path: str, form: dict[str, str]) -> Reply:
    return _request(demo.base_url, path, form=form)


def test_base_url_is_loopback_with_the_bound_port(demo: DemoServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", demo.base_url)
    assert not demo.base_url.endswith(":0")


def test_refuses_to_bind_beyond_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        DemoServer(host="0.0.0.0")


def test_landing_page(demo: DemoServer) -> None:
    reply = get(demo, "/")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["Cache-Control"] == "no-store"
    assert "<h1>Plan work with your team, calmly</h1>" in reply.body
    assert re.search(r'<a class="button primary" href="/signup">Get started</a>', reply.body)
    assert re.search(r'<a [^>]*href="/signin"[^>]*>Sign in</a>', reply.body)
    assert '<meta name="viewport"' in reply.body
    assert "<title>" in reply.body and "· Pebble</title>" in reply.body


def test_stylesheet_is_served(demo: DemoServer) -> None:
    reply = get(demo, "/static/pebble.css")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/css")
    assert ".button" in reply.body


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/signin", "Sign in"),
        ("/signup", "Create your account"),
        ("/verify", "Check your inbox"),
        ("/workspace", "Provision your tenant"),
        ("/invite", "Invite your teammates"),
        ("/invite/later", "You can invite people later"),
        ("/project", "Create your first project"),
        ("/done?project=Launch", "You're all set!"),
        ("/board", "Your board"),
    ],
)
def test_every_page_has_its_heading_and_title(demo: DemoServer, path: str, heading: str) -> None:
    reply = get(demo, path)
    assert reply.status == 200
    assert f"<h1>{heading}</h1>" in reply.body
    assert re.search(r"<title>[^<]+ · Pebble</title>", reply.body)
    assert '<span class="wordmark">Pebble</span>' in reply.body


def test_signup_form_is_labelled(demo: DemoServer) -> None:
    body = get(demo, "/signup").body
    assert '<label for="email">Work email</label>' in body
    assert '<label for="password">Password</label>' in body
    assert 'placeholder="you@company.com"' in body
    assert 'aria-describedby="password-hint"' in body
    assert '<p class="hint" id="password-hint">At least 8 characters</p>' in body
    assert "novalidate" in body
    assert ">Create account</button>" in body
    assert 'role="alert"' not in body


def test_signup_short_password_is_a_form_error(demo: DemoServer) -> None:
    reply = post(demo, "/signup", {"email": "ada@example.com", "password": "short"})
    assert reply.status == 200
    assert re.search(r'<div [^>]*role="alert"[^>]*>Please fix the errors below\.</div>', reply.body)
    assert "Password must be at least 8 characters." in reply.body
    password_input = re.search(r'<input id="password"[^>]*>', reply.body)
    assert password_input is not None
    assert 'aria-invalid="true"' in password_input.group()
    assert "password-error" in password_input.group()
    assert 'id="password-error"' in reply.body
    assert 'value="ada@example.com"' in reply.body
    assert "set-cookie" not in {key.lower() for key in reply.headers}


def test_signup_bad_email_is_a_form_error_and_the_value_is_escaped(demo: DemoServer) -> None:
    hostile_email = '"><script>alert(1)</script>'
    reply = post(demo, "/signup", {"email": hostile_email, "password": "long enough"})
    assert reply.status == 200
    assert "Enter an email address like you@company.com." in reply.body
    email_input = re.search(r'<input id="email"[^>]*>', reply.body)
    assert email_input is not None
    assert 'aria-invalid="true"' in email_input.group()
    assert 'aria-describedby="email-error"' in email_input.group()
    assert "<script>" not in reply.body
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in reply.body
    assert "Password must be" not in reply.body


def test_signup_success_sets_cookie_and_redirects(demo: DemoServer) -> None:
    reply = post(demo, "/signup", {"email": "ada@example.com", "password": "correct horse"})
    assert reply.status == 303
    assert reply.headers["Location"] == "/verify"
    cookie = reply.headers["Set-Cookie"]
    assert cookie.startswith("pebble_email=ada@example.com;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


def test_verify_shows_the_email_from_the_cookie(demo: DemoServer) -> None:
    assert (
        "<strong>ada@example.com</strong>"
        in get(demo, "/verify", "pebble_email=ada@example.com").body
    )
    without = get(demo, "/verify").body
    assert "<strong>your address</strong>" in without
    assert "(This is a demo: no email is sent.)" in without
    assert re.search(r'href="/workspace">I\'ve clicked the link</a>', without)


def test_verify_escapes_a_hostile_cookie(demo: DemoServer) -> None:
    body = get(demo, "/verify", f"pebble_email={HOSTILE}").body
    assert HOSTILE not in body
    assert HOSTILE_ESCAPED in body


def test_cookie_set_by_signup_round_trips_through_verify(demo: DemoServer) -> None:
    reply = post(demo, "/signup", {"email": "o'brien+pebble@example.com", "password": "12345678"})
    value = reply.headers["Set-Cookie"].split(";")[0]
    assert "<strong>o&#x27;brien+pebble@example.com</strong>" in get(demo, "/verify", value).body


def test_workspace_is_full_of_jargon(demo: DemoServer) -> None:
    body = get(demo, "/workspace").body
    for acronym in ("SSO", "SAML", "OIDC", "RBAC", "SCIM", "FQDN"):
        assert acronym in body
    assert '<label for="slug">Tenant slug</label>' in body
    assert 'placeholder="acme-prod"' in body
    assert ">Provision tenant</button>" in body


def test_workspace_empty_slug_is_a_form_error_without_delay(demo: DemoServer) -> None:
    started = time.monotonic()
    reply = post(demo, "/workspace", {"slug": "  "})
    assert time.monotonic() - started < 0.2
    assert reply.status == 200
    assert re.search(r'role="alert"[^>]*>Please enter a tenant slug\.</div>', reply.body)


def test_workspace_post_is_slow_then_redirects(demo: DemoServer) -> None:
    started = time.monotonic()
    reply = post(demo, "/workspace", {"slug": "acme-prod"})
    elapsed = time.monotonic() - started
    assert elapsed >= demo.slow_seconds
    assert reply.status == 303
    assert reply.headers["Location"] == "/invite"
    assert reply.headers["Set-Cookie"].startswith("pebble_workspace=acme-prod;")


def test_slow_step_honours_a_custom_delay() -> None:
    with DemoServer(slow_seconds=0.5) as slow:
        started = time.monotonic()
        reply = _request(slow.base_url, "/workspace", form={"slug": "acme"})
        assert time.monotonic() - started >= 0.5
        assert reply.status == 303


def test_invite_page_and_post(demo: DemoServer) -> None:
    body = get(demo, "/invite").body
    assert '<label for="emails">Teammate emails</label>' in body
    assert 'placeholder="one per line"' in body
    assert ">Send invites</button>" in body
    assert '<a href="/invite/later">Skip for now</a>' in body
    reply = post(demo, "/invite", {"emails": "bo@example.com\nli@example.com"})
    assert reply.status == 303
    assert reply.headers["Location"] == "/project"


def test_invite_later_has_nothing_to_act_on(demo: DemoServer) -> None:
    body = get(demo, "/invite/later").body
    assert "Invitations can be sent from workspace settings at any time." in body
    for tag in ("<a", "<button", "<input", "<form", "<select", "<textarea"):
        assert tag not in body.lower()


def test_project_has_a_disabled_import_button(demo: DemoServer) -> None:
    body = get(demo, "/project").body
    assert '<label for="name">Project name</label>' in body
    assert 'placeholder="e.g. Website relaunch"' in body
    assert re.search(r'<button type="submit" class="button primary">Create project</button>', body)
    trello = re.search(r"<button[^>]*>Import from Trello</button>", body)
    assert trello is not None
    assert re.search(r"\sdisabled[\s>]", trello.group())
    assert "title=" not in trello.group()
    assert body.count("Trello") == 1  # no explanation anywhere


def test_project_empty_name_is_a_form_error(demo: DemoServer) -> None:
    reply = post(demo, "/project", {"name": ""})
    assert reply.status == 200
    assert re.search(r'role="alert"[^>]*>Give your project a name\.</div>', reply.body)


def test_project_post_redirects_to_done_with_the_name(demo: DemoServer) -> None:
    reply = post(demo, "/project", {"name": "Website relaunch & more"})
    assert reply.status == 303
    assert reply.headers["Location"] == "/done?project=Website+relaunch+%26+more"


def test_done_shows_project_and_workspace_escaped(demo: DemoServer) -> None:
    query = urlencode({"project": HOSTILE})
    body = get(demo, f"/done?{query}", f"pebble_workspace={HOSTILE}").body
    assert HOSTILE not in body
    assert f"<strong>{HOSTILE_ESCAPED}</strong>" in body
    assert f"is ready in workspace {HOSTILE_ESCAPED}." in body
    assert '<a class="button primary" href="/board">Go to your board</a>' in body


def test_board_has_three_columns(demo: DemoServer) -> None:
    body = get(demo, "/board").body
    for column in ("To do", "Doing", "Done"):
        assert f">{column}</h2>" in body


def test_unknown_path_is_404(demo: DemoServer) -> None:
    reply = get(demo, "/no/such/page")
    assert reply.status == 404
    assert "<h1>Page not found</h1>" in reply.body
    assert '<a href="/">Back to the start</a>' in reply.body
    assert post(demo, "/nowhere", {}).status == 404


def test_broken_is_500(demo: DemoServer) -> None:
    reply = get(demo, "/broken")
    assert reply.status == 500
    assert "<h1>Something went wrong</h1>" in reply.body


def test_a_whole_walk_with_cookies(demo: DemoServer) -> None:
    signup = post(demo, "/signup", {"email": "sam@pebble.test", "password": "s3cret-pass"})
    workspace = post(demo, "/workspace", {"slug": "sam-team"})
    jar = "; ".join(r.headers["Set-Cookie"].split(";")[0] for r in (signup, workspace))
    project = post(demo, "/project", {"name": "Launch"})
    done = get(demo, project.headers["Location"], jar)
    assert "Your project <strong>Launch</strong> is ready in workspace sam-team." in done.body


def test_stop_is_idempotent_and_frees_the_port() -> None:
    server = DemoServer().start()
    url = server.base_url
    server.stop()
    server.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/", timeout=2)
