"""`newcomer.fill(..., secret=True)` keeps the secret out of the run as YAML's `secret: true`
does: the record, the reports and every member of the trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.secrets_support import MASK, SECRET, every_file, leaks, secrets_product

pytest_plugins = ["pytester"]


@pytest.mark.browser
def test_a_newcomer_test_keeps_its_secret_out_of_the_run(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY", SECRET)
    pytester.makepyfile(
        """
        import os

        import pytest

        @pytest.mark.shoshin(name="Sign in", start="/secrets-form.html", patience=8)
        def test_sign_in(newcomer):
            with newcomer.step("Sign in"):
                newcomer.fill("API key", os.environ["SECRET_KEY"], secret=True)
                newcomer.fill("Password", os.environ["SECRET_KEY"], secret=True)
                newcomer.click("Sign in")
                newcomer.expect("Welcome aboard")
        """
    )
    out = tmp_path / "out"
    with secrets_product() as (url, received):
        result = pytester.runpytest(
            *("-p", "no:playwright", "--base-url", url, "--shoshin-out", str(out)),
            "--shoshin-tracing",
            "on",
        )
    result.assert_outcomes(passed=1)
    assert "form-encoded (+)" in leaks(b"\n".join(received.bodies))  # it was sent
    (run_dir,) = [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    kept = dict(every_file(run_dir))
    assert any(name.startswith("traces/") and name.endswith("/trace.trace") for name in kept)
    assert not {name: forms for name, data in kept.items() if (forms := leaks(data))}
    assert f'"value":"{MASK}"'.encode() in next(
        data for name, data in kept.items() if name.endswith("/trace.trace")
    )
