"""The layering contracts and the type check, run as tests so that CI and developers run them.

import-linter is in the ``test`` extra and reads ``[tool.importlinter]`` in
``pyproject.toml``: engine <- kg <- quiz <- dlkg, quiz.study and quiz.anki
independent, click only in dlkg, genanki in one module.

mypy reads ``[tool.mypy]``: plain ``mypy`` checks engine/, kg/, quiz/ (every
numeric family), dlkg/ and benchmarks/ (issue 14).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def test_the_layering_contracts_hold():
    linter = shutil.which("lint-imports")
    if linter is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]' installs it)")
    done = run(linter)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow  # about 30 s from a clean clone (no .mypy_cache), 2 s after that
def test_the_types_check():
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    done = run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
