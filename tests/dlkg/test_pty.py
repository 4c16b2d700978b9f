"""A real study session in a pseudo-terminal 80 columns wide, in Chinese: what a learner sees.

``dlkg study --lang zh`` runs as a child process on a pty whose window is 80×40;
the answers are typed when a prompt waits for them, as a person would. The
screen it leaves is then checked: no English interface string, no line wider
than the terminal, no number broken across lines, no LaTeX.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pytest

from dlkg.terminal.messages import message
from dlkg.terminal.wrap import display_width
from kg.library import load_library
from quiz.question import Mode
from quiz.study.clock import fixed_clock
from quiz.study.session import Session
from quiz.study.store import MEMORY, ReviewStore, Source, Status
from tests.conftest import BUNDLED_CONTENT
from tests.dlkg.test_readable import english_interface
from tests.quiz.study.conftest import NOW
from tests.quiz.study.scripting import response

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PROMPTS = [
    message(key, "zh") + "："
    for key in ("prompt.answer", "prompt.reveal", "study.read", "prompt.rate")
]
KEYPRESS = PROMPTS[-1]
"""At the rating prompt one key is pressed, no Enter (:func:`dlkg.asking.read_key`)."""
NOW_SHANGHAI = "2025-01-01T17:00:00+08:00"  # NOW, seen from UTC+8
KNOWN = ("tensor", "matrix-multiplication")
"""Marked known before the session, so that it starts with cosine similarity: a formula in
its introduction, and numeric cards whose ? hint is that formula."""
SESSION = {"target": "cosine-similarity", "new_concepts": 1, "limit": 9}


def prepare(store: ReviewStore) -> None:
    for concept in KNOWN:
        store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW)


def planned_answers(library, **options) -> list[list[str]]:
    """What to type for each question the session will ask: right answers, one wrong, and a
    ``?`` before the first typed number (its hint is the formula)."""
    answers: list[list[str]] = []
    hinted = False
    with ReviewStore.open(MEMORY) as store:
        prepare(store)
        session = Session(library, store, clock=fixed_clock(NOW), **options)
        while (step := session.next_step()) is not None:
            right = step.number != 4
            lines = response(step.question, right)
            if step.introduce:
                lines = ["", *lines]  # read the new concept, then its question
            hint = step.question.mode is Mode.NUMBER and not hinted
            if hint:
                lines, hinted = ["?", *lines], True
            answers.append(lines)
            if step.question.mode is Mode.SELF:
                session.answer(step, self_rating=3)
            else:
                session.answer(step, correct=right, used_hint=hint)
    return answers


def run_in_pty(args: list[str], typed: list[str], env: dict[str, str], *, columns: int = 80):
    """Run ``args`` on a pty of ``columns``×40; type each of ``typed`` when a prompt waits."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(
        args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    output, sent = b"", 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
                screen = ANSI.sub("", output.decode("utf-8", "replace"))
                waiting = sum(screen.count(prompt) for prompt in PROMPTS)
                if sent < len(typed) and waiting > sent and screen.endswith(tuple(PROMPTS)):
                    enter = b"\n"
                    if screen.endswith(KEYPRESS):
                        # click.getchar puts the terminal in raw mode after the prompt
                        # shows, flushing what was typed before: a person is not that fast.
                        enter = b""
                        time.sleep(0.5)
                    os.write(master, typed[sent].encode() + enter)
                    sent += 1
            elif process.poll() is not None:
                break
        else:
            raise AssertionError("the session did not end in time:\n" + output.decode())
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    return ANSI.sub("", output.decode("utf-8")).replace("\r\n", "\n"), sent


@pytest.fixture(scope="module")
def screen():
    library = load_library(BUNDLED_CONTENT)
    answers = planned_answers(library, **SESSION)
    assert any(lines[0] == "?" for lines in answers), "the session asks a typed number"
    typed = [line for lines in answers for line in lines]
    with tempfile.TemporaryDirectory(prefix="pty") as folder:
        database = Path(folder) / "s.db"
        with ReviewStore.open(database) as store:
            prepare(store)
        env = {
            **os.environ,
            "DLKG_NOW": NOW_SHANGHAI,
            "DLKG_DB": str(database),
            "TERM": "xterm-256color",
        }
        for name in ("COLUMNS", "LINES", "DLKG_LANG", "DLKG_LATEX", "DLKG_CONTENT"):
            env.pop(name, None)
        args = [sys.executable, "-m", "dlkg", "study", "--lang", "zh", "--target"]
        args += [SESSION["target"], "--new", "1", "--limit", str(SESSION["limit"])]
        text, sent = run_in_pty(args, typed, env)
    assert sent == len(typed), text
    return text


def test_the_session_ran_to_its_summary(screen):
    asked = len(planned_answers(load_library(BUNDLED_CONTENT), **SESSION))
    assert asked >= 4, "the fourth answer is the wrong one"
    share = f"{(asked - 1) / asked:.0%}"
    assert "本次小结" in screen and f"复习：{asked}，答对：{asked - 1}（{share}）" in screen
    assert "新概念：余弦相似度 · Cosine similarity" in screen  # both terms in the intro
    assert "下次复习：" in screen and "UTC+08:00" in screen  # local time, the zone of DLKG_NOW


def test_no_english_interface_string_leaks(screen):
    assert english_interface(screen) == []
    for english in (
        "Your answer",
        "Study session",
        "Session summary",
        "Reviewed",
        "next review",
        "Also counted",
        "Hint",
        "Right",
        "Wrong",
    ):
        assert english not in screen, english


def test_every_line_fits_80_columns(screen):
    for line in screen.splitlines():
        assert display_width(line) <= 80, line


def test_no_number_is_broken_across_lines(screen):
    lines = screen.splitlines()
    for before, after in itertools.pairwise(lines):
        continued = not re.match(r"\s*\d+\. ", after)  # a numbered step is a new line
        assert not (continued and re.search(r"[\d.]$", before) and re.match(r"\s*[\d.,]", after))
        assert not (before.endswith(("-", "−")) and re.match(r"\s*\d", after)), (before, after)


def test_no_raw_latex(screen):
    assert not re.search(r"\\[A-Za-z]+|[_^]\{", screen)
    assert "cos(a, b) = (a · b)/(‖a‖ ‖b‖)" in screen  # the intro's formula, as Unicode
    assert "提示：公式是 cos(a, b) = (a · b)/(‖a‖ ‖b‖)" in screen  # and the ? hint's
