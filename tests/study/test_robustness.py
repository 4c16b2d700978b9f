"""Real ``python -m dlkg study`` processes: killed, interrupted, and two at once on one database.

Every answer below is "1": a valid reply to every prompt of the small library's
cards (option a, a wrong term, or a flashcard's Enter then "1" for Again).
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from fsrs import Rating

from quiz.store import ReviewStore, Source
from tests.conftest import REPO

ACKNOWLEDGED = re.compile(r"→ (Again|Hard|Good|Easy) ·")
NOW_TEXT = "2025-01-01T09:00:00Z"
TIMEOUT = 30


class Study:
    """A ``dlkg study`` subprocess whose output is collected as it comes."""

    def __init__(self, library, db_path, *args):
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "DLKG_NOW": NOW_TEXT,
            "DLKG_DB": str(db_path),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dlkg", "study", "--content", str(library), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while chunk := self.process.stdout.read1(4096):
            self.chunks.append(chunk)

    @property
    def output(self) -> str:
        return b"".join(self.chunks).decode("utf-8", errors="replace")

    def acknowledged(self) -> list[Rating]:
        return [Rating[name] for name in ACKNOWLEDGED.findall(self.output)]

    def feed(self, lines: int) -> None:
        self.process.stdin.write(b"1\n" * lines)
        self.process.stdin.flush()

    def finish(self) -> int:
        code = self.process.wait(TIMEOUT)
        self.reader.join(TIMEOUT)
        return code


def stored_answers(db_path) -> list[Rating]:
    """The answers in the database, read as another process would (read-only)."""
    if not db_path.exists():
        return []
    connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=TIMEOUT)
    try:
        rows = connection.execute(
            "SELECT rating FROM reviews WHERE source = 'answer' ORDER BY id"
        ).fetchall()
    except sqlite3.OperationalError:  # the schema is not written yet
        return []
    finally:
        connection.close()
    return [Rating(row[0]) for row in rows]


def wait_until(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_killed_session_has_lost_no_acknowledged_answer(small_library, db_path):
    study = Study(small_library, db_path)
    study.feed(40)
    wait_until(lambda: len(stored_answers(db_path)) >= 6, "six stored answers")
    wait_until(lambda: len(study.acknowledged()) >= 6, "six acknowledged answers")
    study.process.send_signal(signal.SIGKILL)
    assert study.finish() == -signal.SIGKILL
    acknowledged = study.acknowledged()
    with ReviewStore.open(db_path) as store:  # recovers the write-ahead log
        assert store.check() == []
        stored = [review.rating for review in store.reviews(source=Source.ANSWER)]
        assert sum(card.reps for card in store.cards()) == len(store.reviews()) - len(
            store.reviews(source=Source.PLACEMENT)
        )
    assert len(stored) >= len(acknowledged) >= 6
    assert stored[: len(acknowledged)] == acknowledged


def test_ctrl_c_ends_a_real_session_with_its_summary(small_library, db_path):
    study = Study(small_library, db_path)
    study.feed(4)
    wait_until(lambda: len(study.acknowledged()) >= 2, "two acknowledged answers")
    wait_until(lambda: study.output.rstrip().endswith(":"), "the next prompt")
    study.process.send_signal(signal.SIGINT)
    assert study.finish() == 0, study.output
    assert "Session ended early." in study.output
    assert "Session summary · 本次小结" in study.output
    assert "Traceback" not in study.output
    reviewed = int(re.search(r"Reviewed: (\d+)", study.output).group(1))
    assert reviewed == len(study.acknowledged()) == len(stored_answers(db_path))


def test_two_sessions_on_one_database_at_once(small_library, db_path):
    ReviewStore.open(db_path).close()
    sessions = [Study(small_library, db_path, "--new", "5", "--limit", "30") for _ in range(2)]
    for study in sessions:
        study.feed(80)
        study.process.stdin.close()
    for study in sessions:
        assert study.finish() == 0, study.output
        assert "Session summary" in study.output and "Error" not in study.output
    acknowledged = [len(study.acknowledged()) for study in sessions]
    assert acknowledged == [30, 30]
    with ReviewStore.open(db_path) as store:
        assert store.check() == []
        assert len(store.reviews(source=Source.ANSWER)) == sum(acknowledged)
        assert sum(card.reps for card in store.cards()) == sum(acknowledged)
        assert len(store.cards()) == len({(c.concept, c.kind) for c in store.cards()})
