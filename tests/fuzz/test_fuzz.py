"""Run the coverage-guided fuzz harnesses for a bounded time (atheris; CI installs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SECONDS = int(os.environ.get("DLKG_FUZZ_SECONDS", "20"))
SEEDS = [REPO / "content" / "foundations", REPO / "content" / "transformer"]


@pytest.mark.slow
@pytest.mark.parametrize("harness", sorted(p.name for p in HERE.glob("fuzz_*.py")))
def test_fuzz_harness_finds_no_crash(harness, tmp_path):
    pytest.importorskip("atheris", reason="atheris not installed (CI installs it)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / harness),
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=1024",
            "-timeout=5",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
            *map(str, SEEDS),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
