"""An export that cannot finish never damages the file it would replace.

- **Full disk.** ``dlkg graph export`` and ``dlkg anki export`` run in a
  subprocess whose file-size limit (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored
  so that a write fails with EFBIG, as on a full disk) is half the size of the
  output: exit 1, one line on stderr, no traceback; the previous good file is
  unchanged byte for byte, and no temporary file is left, neither beside it nor
  in the temporary folder (``TMPDIR``).
- **SIGKILL.** A 3,000-concept library is exported, then exported again with
  different content while the process is killed at random moments, and as soon
  as its temporary file appears (in the middle of the write): after every kill
  the target is either the old file, byte for byte, or a complete new one.
  (A killed process cannot remove its temporary file; only that may be left.)
"""

from __future__ import annotations

import io
import os
import random
import resource
import signal
import subprocess
import sys
import time

import networkx as nx
import pytest

from tests.conftest import BUNDLED_CONTENT, REPO

pytestmark = pytest.mark.slow

TIMEOUT = 120
LARGE_LIBRARY = 3000
KILLS = 8


def dlkg(*args, env=None, preexec_fn=None):
    """``python -m dlkg ARGS`` in a subprocess (its output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "dlkg", *map(str, args)],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def file_size_limit(size: int):
    """A ``preexec_fn``: no file may grow past ``size`` bytes, and a write past it
    fails with EFBIG instead of killing the process (as a full disk fails it)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def listing(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["graph", "export", "--format", "graphml"], "graph.graphml"),
        (["anki", "export", "--domain", "foundations", "--variants", "1"], "deck.apkg"),
    ],
    ids=["graphml", "apkg"],
)
def test_a_full_disk_leaves_the_previous_file(tmp_path, command, name):
    out, temporary = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temporary.mkdir()
    target = out / name
    env = {"TMPDIR": str(temporary), "DLKG_CONTENT": str(BUNDLED_CONTENT)}
    assert dlkg(*command, "-o", target, env=env).returncode == 0
    good = target.read_bytes()

    done = dlkg(*command, "-o", target, env=env, preexec_fn=file_size_limit(len(good) // 2))

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"Error: cannot write {target}: "), line
    assert target.read_bytes() == good
    assert listing(out) == [name]
    assert listing(temporary) == []


def write_large_library(root, size: int) -> None:
    """``size`` valid concepts in 7 domains; concept i builds on i-1, i/2 and i/3."""
    for number in range(size):
        folder = root / f"domain-{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        earlier = {other for other in (number - 1, number // 2, number // 3) if other < number}
        prerequisites = ", ".join(f"c{other}" for other in sorted(earlier) if other >= 0)
        related = f"c{number // 5}" if number // 5 not in earlier | {number} else ""
        (folder / f"c{number}.yaml").write_text(
            f"""\
id: c{number}
term:
  en: Concept number {number}
  zh: 第 {number} 个概念
definition:
  en: "Concept {number} builds on [{prerequisites}], with a definition of a usual length."
  zh: 第 {number} 个概念的定义，长度和真实的定义差不多。
tags: [synthetic, batch-{number % 13}]
prerequisites: [{prerequisites}]
related: [{related}]
""",
            encoding="utf-8",
        )


def read_graphml(data: bytes) -> nx.DiGraph:
    return nx.read_graphml(io.BytesIO(data))


def kill_when(process: subprocess.Popen, moment) -> None:
    """SIGKILL ``process`` once ``moment()`` is true (or it has ended), then reap it."""
    deadline = time.monotonic() + TIMEOUT
    while process.poll() is None and not moment():
        assert time.monotonic() < deadline, "the export never reached the moment"
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    process.wait(TIMEOUT)


def after(seconds: float):
    """A moment: ``seconds`` from now."""
    start = time.monotonic()
    return lambda: time.monotonic() - start > seconds


def new_file_in(folder):
    """A moment: a file appears in ``folder`` (the export's temporary file)."""
    before = set(listing(folder))
    return lambda: bool(set(listing(folder)) - before)


def test_a_killed_export_leaves_the_old_file_or_a_complete_new_one(tmp_path):
    library = tmp_path / "library"
    write_large_library(library, LARGE_LIBRARY)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "graph.graphml"
    started = time.monotonic()
    assert dlkg("graph", "export", "--content", library, "-o", target).returncode == 0
    full_run = time.monotonic() - started
    old = target.read_bytes()
    assert len(read_graphml(old)) == LARGE_LIBRARY

    export = ["graph", "export", "--content", str(library), "--no-related", "-o", str(target)]
    rng = random.Random(9)
    for attempt in range(KILLS):
        moment = new_file_in(out) if attempt % 2 else after(rng.uniform(0, full_run * 1.2))
        process = subprocess.Popen(
            [sys.executable, "-m", "dlkg", *export],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kill_when(process, moment)

        now = target.read_bytes()
        if now != old:  # then the new export, complete: every concept, no related links
            graph = read_graphml(now)
            assert len(graph) == LARGE_LIBRARY
            assert {kind for _, _, kind in graph.edges(data="kind")} == {"prerequisite"}
    leftovers = [name for name in listing(out) if name != target.name]
    assert all(name.startswith(f".{target.name}.") for name in leftovers), leftovers
