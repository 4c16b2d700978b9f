"""The layering contracts and the type check, run as tests so that CI and developers run them.

Both tools are in the ``test`` extra. They read the contracts and settings in
``pyproject.toml``: ``[tool.importlinter]`` (engine <- kg <- quiz <- dlkg,
quiz.study and quiz.anki independent, click only in dlkg, genanki in one module)
and ``[tool.mypy]``.
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


@pytest.mark.slow
def test_the_annotations_type_check():
    pytest.importorskip("mypy", reason="mypy is not installed (the test extra installs it)")
    done = run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
