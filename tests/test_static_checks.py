"""The layering contracts, run as a test so that CI and developers run them.

import-linter is in the ``test`` extra and reads ``[tool.importlinter]`` in
``pyproject.toml``: engine <- kg <- quiz <- dlkg, quiz.study and quiz.anki
independent, click only in dlkg, genanki in one module. (mypy is configured in
``[tool.mypy]`` but not yet clean on quiz/numeric: issue 14.)
"""

from __future__ import annotations

import shutil
import subprocess

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
