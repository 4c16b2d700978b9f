"""One study answer, timed in this process: from the answer to the next prompt.

A :class:`quiz.study.session.Session` studies a generated library over a fresh
review store on disk (WAL, as ``dlkg study`` opens it). Each answer is timed
from :meth:`~quiz.study.session.Session.answer` (rating, the store write, the
implicit reviews, what it unlocked) to the end of the
:meth:`~quiz.study.session.Session.next_step` that follows (the next card, a
new concept from the frontier, its question): what the learner waits for
between pressing Enter and seeing the next prompt.

The first :data:`WARM_UP` answers are not timed: they build what a session
builds once (the library's graph and dependents, every concept). The clock
moves :data:`SECONDS_PER_ANSWER` per answer, so learning cards come due again
among new concepts, as in a real session. The answers are drawn from a fixed
seed, so every run asks the same questions.

The floor is the answer's store write alone: ``ReviewStore.apply_review`` of
one card, on a store of its own.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.measure import Stats
from benchmarks.report import Row, Target

WARM_UP = 8
"""Answers made before the timed ones."""
ANSWERS = 30
"""Answers timed (a session over :data:`NEW_CONCEPTS` new concepts ends after about 42
since each concept has one memory item; issue 13)."""
NEW_CONCEPTS = 12
"""New concepts the session may introduce: enough that the timed answers mix new and due cards."""
SECONDS_PER_ANSWER = 20
"""How far the session's clock moves per answer."""
RIGHT_SHARE = 0.8
"""The share of answers given right."""
START = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
STUDY_ANSWER_LIMITS = {10_000: 0.030, 50_000: 0.060}
"""Issue 21: the most one answer (median) may take, in seconds, by library size."""


def _load(root: Path, scratch: Path):
    """The library at ``root``, parsed through a compile cache of its own (in parallel)."""
    from kg.cache import CachedParser
    from kg.library import load_library

    return load_library(root, parse=CachedParser(scratch / "library.cache"))


def answer_times(library, database: Path) -> tuple[list[float], list[float]]:
    """Seconds per timed answer: (``Session.answer``, the ``next_step`` after it)."""
    from quiz.question import Kind
    from quiz.study.session import Session
    from quiz.study.store import ReviewStore

    rng = random.Random(0)
    now = [START]
    answering, prompting = [], []
    with ReviewStore.open(database) as store:
        session = Session(
            library,
            store,
            clock=lambda: now[0],
            new_concepts=NEW_CONCEPTS,
            limit=WARM_UP + ANSWERS + 1,
        )
        step = session.next_step()
        for number in range(WARM_UP + ANSWERS):
            if step is None:
                raise RuntimeError(f"the session ended after {number} answers")
            right = rng.random() < RIGHT_SHARE
            started = time.perf_counter()
            if step.question.kind is Kind.FLASHCARD:
                session.answer(step, self_rating=3 if right else 1, seconds=5.0)
            else:
                session.answer(step, correct=right, seconds=5.0)
            answered = time.perf_counter()
            now[0] += timedelta(seconds=SECONDS_PER_ANSWER)
            step = session.next_step()
            prompted = time.perf_counter()
            if number >= WARM_UP:
                answering.append(answered - started)
                prompting.append(prompted - answered)
    return answering, prompting


def store_write_times(database: Path, count: int) -> list[float]:
    """Seconds per ``apply_review`` of one card: the answer's own write."""
    from fsrs import Rating

    from quiz.question import Kind
    from quiz.study.store import ReviewStore, Source

    times = []
    with ReviewStore.open(database) as store:
        store.add_card("concept", Kind.CLOZE, START)
        for number in range(count + 1):
            when = START + timedelta(seconds=SECONDS_PER_ANSWER * number)
            started = time.perf_counter()
            store.apply_review(
                "concept", Kind.CLOZE, Rating.Good, when, correct=True, source=Source.ANSWER
            )
            if number:
                times.append(time.perf_counter() - started)
    return times


def study_answer_row(root: Path, size: str, limit: float | None = None) -> Row:
    """The median time of one study answer on the library at ``root`` (at most
    ``limit`` seconds, if given)."""
    with tempfile.TemporaryDirectory(prefix="dlkg-study-") as scratch:
        folder = Path(scratch)
        library = _load(root, folder)
        answering, prompting = answer_times(library, folder / "study.db")
        floor = store_write_times(folder / "floor.db", len(answering))
    total = [a + p for a, p in zip(answering, prompting, strict=True)]
    return Row(
        "study: one answer to the next prompt (in process) vs its store write",
        size,
        "s",
        floor=Stats.of(floor),
        subject=Stats.of(total),
        target=Target("value", limit) if limit is not None else None,
        notes=(
            f"{len(total)} answers after {WARM_UP}, mean {_ms(statistics.fmean(total))}; "
            f"`answer` {_spread(answering)}, `next_step` {_spread(prompting)}; "
            f"up to {NEW_CONCEPTS} new concepts, fresh store"
        ),
        group="study: one answer to the next prompt",
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _spread(times: list[float]) -> str:
    """``median 0.6 ms, max 2.1 ms``."""
    return f"median {_ms(statistics.median(times))}, max {_ms(max(times))}"


def main() -> None:
    """``python -m benchmarks.study ROOT LABEL``: the row for one library, printed."""
    import sys

    from benchmarks.report import results_table

    print(results_table([study_answer_row(Path(sys.argv[1]), sys.argv[2])]))


if __name__ == "__main__":
    main()
