"""Real ``python -m dlkg study`` processes for the robustness tests: start, feed, read, kill.

Every answer fed is "1": a valid reply to every prompt of the small library's
cards (option a, a wrong term, or a flashcard's Enter then "1" for Again).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

from fsrs import Rating

from tests.conftest import REPO

ACKNOWLEDGED = re.compile(r"→ (Again|Hard|Good|Easy) ·")
"""The feedback line printed once an answer is stored."""
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
