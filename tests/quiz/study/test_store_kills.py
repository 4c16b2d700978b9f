"""The study database survives hard kills and a full disk.

- **Repeated kills.** A real ``python -m dlkg study`` process answers continuously
  and is killed with SIGKILL at a random moment (during start-up, while
  creating the database, between or in the middle of answers), 20 times in a
  row on the same database, a new session starting each time. After every kill
  SQLite's ``PRAGMA integrity_check`` is ok, dlkg's own consistency checks pass,
  and every answer the session had acknowledged (its feedback line printed) is
  in the store, in order; at most the one answer being acknowledged is extra.
- **Full disk.** A session whose files may not grow (``RLIMIT_FSIZE``, with
  ``SIGXFSZ`` ignored so that writes fail with EFBIG, as on a full disk) ends
  with its summary and one line on stderr, exit 1, no traceback; the answers
  stored before are intact, and the ones it acknowledged are stored.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from quiz.study.store import ReviewStore
from tests.conftest import REPO

from .processes import ACKNOWLEDGED, NOW_TEXT, TIMEOUT, Study, stored_answers, wait_until

pytestmark = pytest.mark.slow

KILLS = 20
ANSWERS_FED = 20_000
"""More lines than a session reads before it is killed (40 KB, within a pipe's buffer)."""
SESSION = ("--new", "5", "--limit", "100000")


def integrity(db_path) -> list[str]:
    """SQLite's integrity check, through a normal connection (which recovers the WAL)."""
    connection = sqlite3.connect(db_path, timeout=TIMEOUT)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def assert_consistent(db_path) -> None:
    assert integrity(db_path) == ["ok"]
    with ReviewStore.open(db_path) as store:
        assert store.check() == []


def answered(study: Study, count: int):
    """A condition: ``study`` has acknowledged ``count`` answers."""
    return lambda: len(study.acknowledged()) >= count


def test_repeated_kills_lose_no_acknowledged_answer(small_library, db_path):
    rng = random.Random(15)
    acknowledged_in_all = 0
    for attempt in range(KILLS):
        before = stored_answers(db_path)
        study = Study(small_library, db_path, *SESSION)
        study.feed(ANSWERS_FED)
        if attempt % 2:  # in the middle of answering: after a random number of answers
            wanted = rng.randint(1, 60)
            wait_until(answered(study, wanted), f"{wanted} acknowledged answers")
            time.sleep(rng.uniform(0, 0.01))
        else:  # any moment, start-up and database creation included
            time.sleep(rng.uniform(0, 1.5))
        study.process.send_signal(signal.SIGKILL)
        assert study.finish() == -signal.SIGKILL, study.output

        acknowledged = study.acknowledged()
        if db_path.exists():
            assert_consistent(db_path)
        stored = stored_answers(db_path)
        assert stored[: len(before)] == before
        new = stored[len(before) :]
        assert new[: len(acknowledged)] == acknowledged, f"kill {attempt + 1}"
        assert len(new) <= len(acknowledged) + 1
        acknowledged_in_all += len(acknowledged)
    assert acknowledged_in_all >= KILLS // 2


def file_size_limit(size: int):
    """A ``preexec_fn``: no file may grow past ``size`` bytes; a write past it fails
    with EFBIG instead of killing the process, as on a full disk."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def study_session(library, db_path, lines: int, preexec_fn=None):
    return subprocess.run(
        [sys.executable, "-m", "dlkg", "study", "--content", str(library), *SESSION],
        input="1\n" * lines,
        cwd=REPO,
        env={**os.environ, "DLKG_NOW": NOW_TEXT, "DLKG_DB": str(db_path)},
        preexec_fn=preexec_fn,
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 4,
        check=False,
    )


def review_rows(db_path) -> list[tuple]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    finally:
        connection.close()


def test_a_full_disk_ends_the_session_with_one_line_and_keeps_the_answers(small_library, db_path):
    assert study_session(small_library, db_path, 60).returncode == 0
    assert not db_path.with_name(db_path.name + "-wal").exists()  # all in the file
    rows_before, answers_before = review_rows(db_path), stored_answers(db_path)
    assert answers_before
    # Room for the WAL index (32 KiB) and a few answers in the write-ahead log, no more.
    room = max(db_path.stat().st_size, 32 * 1024) + 16 * 1024

    done = study_session(small_library, db_path, ANSWERS_FED, file_size_limit(room))

    assert done.returncode == 1, done.stdout[-2000:] + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"Error: {db_path}: cannot write to the database: is the disk full?")
    assert "Session summary" in done.stdout
    acknowledged = len(ACKNOWLEDGED.findall(done.stdout))
    assert acknowledged > 0
    assert_consistent(db_path)
    assert review_rows(db_path)[: len(rows_before)] == rows_before
    assert len(stored_answers(db_path)) >= len(answers_before) + acknowledged
