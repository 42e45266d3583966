"""The import-linter contract in pyproject.toml bites: run on a small tree of
empty packages named like the apps, it passes while each imports only earlier
ones and fails once a lower app imports a later one."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

PYPROJECT = Path(settings.BASE_DIR) / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def layers() -> list[str]:
    """The contract's layers, lowest first."""
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    assert contract["type"] == "layers"
    return list(reversed(contract["layers"]))


@pytest.fixture
def project(tmp_path):
    """A copy of pyproject.toml beside a package per app, each importing the
    app below it (as the real apps may)."""
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    below = None
    for app in layers():
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text(
            f"import {below}\n" if below else ""
        )
        below = app
    return tmp_path


def lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_the_contract_names_every_app_in_order():
    assert layers() == [
        "core",
        "accounts",
        "letters",
        "feedback",
        "plans",
        "consultations",
        "alerts",
        "portal",
    ]


def test_the_contract_is_kept_when_each_app_imports_an_earlier_one(project):
    result = lint(project)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_is_broken_when_letters_imports_feedback(project):
    (project / "letters" / "voice.py").write_text("from feedback import *\n")

    result = lint(project)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert "letters.voice -> feedback" in result.stdout
