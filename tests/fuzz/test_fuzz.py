"""Run the coverage-guided fuzz harnesses for a bounded time (atheris; CI installs it).

Each harness starts from its own seed corpus: concept files for the concept
loader; for the .apkg reader, a deck exported by dlkg itself, with its
collection and media list beside it (the harness also reads each input as
those entries).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SECONDS = int(os.environ.get("DLKG_FUZZ_SECONDS", "20"))


def concept_seeds(folder: Path) -> None:
    """Concept files of two domains of the bundled library."""
    for domain in ("foundations", "transformer"):
        for path in (REPO / "content" / domain).glob("*.yaml"):
            shutil.copy(path, folder / f"{domain}-{path.name}")


def apkg_seeds(folder: Path) -> None:
    """A small deck made by ``dlkg anki export``, and the entries inside it."""
    deck = folder / "foundations.apkg"
    export = ["anki", "export", "--domain", "foundations", "--variants", "0", "-o", str(deck)]
    subprocess.run(
        [sys.executable, "-m", "dlkg", *export],
        cwd=REPO,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        capture_output=True,
        check=True,
    )
    with zipfile.ZipFile(deck) as archive:
        for name in archive.namelist():
            (folder / f"entry-{name}").write_bytes(archive.read(name))


SEEDS = {
    "fuzz_concept_loader.py": concept_seeds,
    "fuzz_apkg_reader.py": apkg_seeds,
}
"""How each harness's seed corpus is made (a harness without one fails the test)."""


def test_every_harness_has_seeds():
    assert sorted(SEEDS) == sorted(p.name for p in HERE.glob("fuzz_*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("harness", sorted(SEEDS))
def test_fuzz_harness_finds_no_crash(harness, tmp_path):
    pytest.importorskip("atheris", reason="atheris not installed (CI installs it)")
    corpus, seeds = tmp_path / "corpus", tmp_path / "seeds"
    corpus.mkdir()
    seeds.mkdir()
    SEEDS[harness](seeds)
    assert any(seeds.iterdir())
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / harness),
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=1024",
            "-timeout=5",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
            str(seeds),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        check=False,
    )
    # atheris prints an uncaught exception on stdout, libFuzzer its verdict on stderr.
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
