"""The daily workload of ``dlkg study``, measured with a simulated learner (issue 15).

A learner studies the bundled course once a day for :data:`DAYS` days, with
``dlkg study --new 3`` and the default answer limit, through the real
:class:`quiz.study.session.Session` on a fresh in-memory store. The learner
answers right with the probability FSRS predicts (the item's retrievability at
the moment it is asked); the first answer on an item, right after the concept
was taught, is right with :data:`FIRST_ANSWER_RIGHT`. A flashcard is rated Good
when recalled, Again when not. The clock moves :data:`SECONDS_PER_ANSWER` per
answer; each day's session starts at 09:00 UTC. The learner's draws come from a
fixed seed, so a run is reproducible.

Per day it counts the answers, the new concepts introduced, the reviews the
daily cap deferred, and whether new concepts were **starved**: fewer than
``--new`` introduced although the frontier had some, because the day's answers
ran out (the session hit its answer limit).

It runs once per review cap in :data:`CAPS` (None: no cap), so the default cap
(:data:`quiz.study.session_records.DEFAULT_MAX_REVIEWS`) can be chosen from the figures:
the issue wants the median day after the first month under
:data:`TARGET_MEDIAN` answers and no starved day.

    python -m benchmarks --workload        # this simulation only (about a minute per cap)
"""

from __future__ import annotations

import json
import random
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DAYS = 60
NEW_PER_DAY = 3
FIRST_ANSWER_RIGHT = 0.8
"""The chance the first answer on an item, just after its concept was taught, is right."""
SECONDS_PER_ANSWER = 20
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
FIRST_MONTH = 30
"""Days left out of the median: the course is still ramping up."""
TARGET_MEDIAN = 30
"""The issue's target: the median day after the first month under this many answers."""
CAPS: tuple[int | None, ...] = (None, 25, 20, 15, 10)
"""Daily review caps simulated."""
SEED = 15


@dataclass(frozen=True)
class Day:
    """One simulated day's session."""

    day: int
    answers: int
    new_concepts: int
    deferred: int
    starved: bool


@dataclass(frozen=True)
class Workload:
    """The figures of one simulated run."""

    max_reviews: int | None
    days: tuple[Day, ...]

    @property
    def later(self) -> list[Day]:
        return [day for day in self.days if day.day > FIRST_MONTH]

    @property
    def median_later(self) -> float:
        """The median answers a day after the first month (of every day, on a shorter run)."""
        return statistics.median(day.answers for day in self.later or self.days)

    @property
    def max_answers(self) -> int:
        return max(day.answers for day in self.days)

    @property
    def starved(self) -> int:
        return sum(day.starved for day in self.days)

    @property
    def new_per_day(self) -> float:
        return statistics.fmean(day.new_concepts for day in self.days)

    @property
    def concepts(self) -> int:
        return sum(day.new_concepts for day in self.days)

    @property
    def deferred_days(self) -> int:
        return sum(day.deferred > 0 for day in self.days)


def simulate(
    library,
    *,
    max_reviews: int | None,
    days: int = DAYS,
    new: int = NEW_PER_DAY,
    seed: int = SEED,
) -> Workload:
    """Study ``library`` for ``days`` days as the simulated learner (see the module)."""
    from fsrs import State

    from quiz.question import Kind
    from quiz.study.rating import retrievability
    from quiz.study.session import Session
    from quiz.study.session_records import DEFAULT_LIMIT, EndReason
    from quiz.study.store import MEMORY, ReviewStore

    rng = random.Random(seed)
    record = []
    with ReviewStore.open(MEMORY) as store:
        for day in range(1, days + 1):
            now = [START + timedelta(days=day - 1)]

            def clock(now: list[datetime] = now) -> datetime:
                return now[0]

            session = Session(
                library,
                store,
                clock=clock,
                new_concepts=new,
                limit=DEFAULT_LIMIT,
                max_reviews=max_reviews,
            )
            while (step := session.next_step()) is not None:
                card = step.card.card
                if card.last_review is None or step.card.reps == 0:
                    chance = FIRST_ANSWER_RIGHT
                else:
                    chance = retrievability(card, now[0])
                    if card.state is not State.Review:  # a learning step minutes later
                        chance = max(chance, FIRST_ANSWER_RIGHT)
                right = rng.random() < chance
                if step.question.kind is Kind.FLASHCARD:
                    session.answer(step, self_rating=3 if right else 1, seconds=5.0)
                else:
                    session.answer(step, correct=right, seconds=5.0)
                now[0] += timedelta(seconds=SECONDS_PER_ANSWER)
            summary = session.summary()
            introduced = len(summary.introduced)
            starved = introduced < new and session.ending().reason is EndReason.LIMIT
            record.append(Day(day, summary.reviewed, introduced, summary.deferred, starved))
    return Workload(max_reviews, tuple(record))


def bundled_library():
    from dlkg.common import bundled_content_dir
    from kg.library import load_library

    return load_library(bundled_content_dir())


def workload_table(runs: list[Workload]) -> str:
    """The figures of each run as a Markdown table."""
    lines = [
        f"Simulated learner: {DAYS} days, --new {NEW_PER_DAY}, answers right with FSRS's "
        f"retrievability (first answer {FIRST_ANSWER_RIGHT:.0%}), bundled course.",
        "",
        "| daily review cap | median answers/day, days "
        f"{FIRST_MONTH + 1}–{DAYS} | max day | new concepts/day | concepts studied "
        "| days starved of new concepts | days the cap deferred reviews |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        cap = "none" if run.max_reviews is None else str(run.max_reviews)
        lines.append(
            f"| {cap} | {run.median_later:g} | {run.max_answers} | {run.new_per_day:.2f} "
            f"| {run.concepts} | {run.starved} | {run.deferred_days} |"
        )
    return "\n".join(lines)


def answers_per_day(run: Workload) -> str:
    """The answers of each day, for the record: ``1:14 2:20 …``."""
    return " ".join(f"{day.day}:{day.answers}" for day in run.days)


def to_json(runs: list[Workload]) -> str:
    """Every simulated day of every run, as JSON."""
    return json.dumps(
        [
            {
                "max_reviews": run.max_reviews,
                "median_answers_after_first_month": run.median_later,
                "max_answers": run.max_answers,
                "new_per_day": run.new_per_day,
                "days_starved": run.starved,
                "days": [day.__dict__ for day in run.days],
            }
            for run in runs
        ],
        indent=1,
    )
