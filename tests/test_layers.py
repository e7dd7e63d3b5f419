"""The layers of ARCHITECTURE.md are enforced: import-linter breaks on a forbidden import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package and its contracts, to break on purpose."""
    shutil.copytree(ROOT / "harness", tmp_path / "harness", ignore=shutil.ignore_patterns("demo"))
    (tmp_path / "harness" / "demo").mkdir()
    (tmp_path / "harness" / "demo" / "__init__.py").write_text("")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    head, sep, rest = text.partition("from __future__ import annotations\n")
    module.write_text(head + sep + line + "\n" + rest, encoding="utf-8")


def test_the_package_keeps_its_contracts(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("analysis/compare.py", "import playwright", "pure"),
        ("scenario/model.py", "import jinja2", "pure"),
        ("run/runner.py", "import harness.report.build", "Layers"),
        ("report/html.py", "import harness.cli.app", "Layers"),
        ("browser/targets.py", "import harness.run.events", "Layers"),
    ],
)
def test_a_forbidden_import_breaks_the_lint(
    tree: Path, module: str, line: str, contract: str
) -> None:
    _add_import(tree / "harness" / module, line)
    result = _lint(tree)
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract.lower() in broken.lower(), result.stdout
    assert module.replace("/", ".").removesuffix(".py") in broken, result.stdout
