"""Issue 15 in the session: introduced only by an answer, the daily review cap, numeric
skills on learned ground, almost-right terms and "I was right" overrides, resets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from kg.library import load_library
from quiz.question import Kind
from quiz.study import knowledge
from quiz.study.clock import fixed_clock
from quiz.study.items import item_kinds
from quiz.study.knowledge import stored_due
from quiz.study.session import Session
from quiz.study.store import ItemKind, Source
from tests.conftest import concept_yaml

from .conftest import NOW

BUNDLED = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def bundled():
    return load_library(BUNDLED)


def session(library, store, now=NOW, **options):
    return Session(library, store, clock=fixed_clock(now), **options)


def right(session_, step, **extra):
    if step.question.kind is Kind.FLASHCARD:
        return session_.answer(step, self_rating=3, **extra)
    return session_.answer(step, correct=True, **extra)


def test_burying_a_new_concept_before_answering_introduces_nothing(store, chain):
    studying = session(chain, store, new_concepts=1)
    step = studying.next_step()
    assert step.concept == "a" and step.introduce
    assert studying.bury(step) is None  # passed over: nothing stored
    assert store.cards() == []
    following = studying.next_step()  # the session may introduce the next concept instead
    assert following.concept == "x" and following.introduce
    right(studying, following)
    assert studying.summary().introduced == ("x",)


def test_suspending_a_new_concept_before_answering_does_not_count_it(store, chain):
    studying = session(chain, store, new_concepts=1)
    step = studying.next_step()
    studying.suspend(step)
    assert store.suspended() == ["a"] and store.count_due(NOW + timedelta(days=9)) == 0
    following = studying.next_step()
    assert following.concept == "x"
    assert studying.summary().introduced == ()  # nothing answered yet
    right(studying, following)
    assert studying.summary().introduced == ("x",)


def test_quitting_or_skipping_before_any_answer_introduces_nothing(store, chain):
    studying = session(chain, store, new_concepts=2)
    studying.skip(studying.next_step())
    assert studying.summary().introduced == () and store.cards() == []


def _reviews_due(store, library, concepts, days_overdue):
    """Make each concept's knowledge item a review due ``days_overdue[i]`` days ago."""
    earlier = NOW - timedelta(days=60)
    for concept, days in zip(concepts, days_overdue, strict=True):
        for stored in knowledge.introduce(store, concept, item_kinds(library, concept), earlier):
            store.apply_review(
                concept, stored.kind, Rating.Easy, earlier, correct=True, source=Source.ANSWER
            )
        stored = store.card(concept, ItemKind.KNOWLEDGE)
        assert stored.state is State.Review
        store.save_card(stored_due(stored, NOW - timedelta(days=days)))


@pytest.fixture
def loose(write_library):
    """Five concepts with no prerequisites (no implicit credit between them)."""
    return load_library(write_library({f"maths/{c}": concept_yaml(c) for c in "pqrst"}))


def test_the_daily_cap_takes_the_most_overdue_reviews_and_defers_the_rest(store, loose):
    _reviews_due(store, loose, ["p", "q", "r", "s", "t"], [1, 5, 2, 4, 3])
    studying = session(loose, store, new_concepts=0, max_reviews=3)
    asked = []
    while (step := studying.next_step()) is not None:
        asked.append(step.concept)
        right(studying, step)
    assert asked == ["q", "s", "t"]  # the three most overdue
    summary = studying.summary()
    assert (summary.deferred, summary.max_reviews, summary.due_now) == (2, 3, 2)
    # The cap is per day: a later session today asks none; tomorrow the rest come.
    assert session(loose, store, new_concepts=0, max_reviews=3).next_step() is None
    tomorrow = session(loose, store, NOW + timedelta(days=1), new_concepts=0, max_reviews=3)
    assert tomorrow.next_step().concept == "r"


def test_the_cap_leaves_room_for_new_concepts(store, chain):
    _reviews_due(store, chain, ["x", "y"], [1, 2])
    studying = session(chain, store, new_concepts=1, max_reviews=1)
    concepts = []
    while (step := studying.next_step()) is not None:
        concepts.append(step.concept)
        right(studying, step)
    assert concepts[0] == "y" and "x" not in concepts and "a" in concepts
    assert studying.summary().deferred == 1
    uncapped = session(chain, store, new_concepts=0, max_reviews=None)
    assert uncapped.next_step().concept == "x"


def test_a_skill_comes_only_once_its_concepts_are_learned(store, bundled):
    studying = session(bundled, store, target="derivative", new_concepts=1)
    step = studying.next_step()
    assert (step.concept, step.card.kind) == ("derivative", ItemKind.KNOWLEDGE)
    outcome = right(studying, step)
    # Derivative is learned: central-difference (which uses only it) is ready now.
    assert outcome.skills == ("derivative",)
    kinds = []
    while (step := studying.next_step()) is not None:
        kinds.append((step.card.kind, step.question.template))
        right(studying, step)
    assert (ItemKind.SKILL, "central-difference") in kinds
    # Backpropagation's templates wait for it and everything they use.
    assert item_kinds(bundled, "backpropagation", {"derivative"}) == [ItemKind.KNOWLEDGE]
    assert ItemKind.SKILL not in item_kinds(bundled, "attention", set(bundled.concepts))


def test_an_almost_right_term_is_hard_and_an_override_is_logged(store, chain):
    studying = session(chain, store, new_concepts=1)
    right(studying, studying.next_step())  # the flashcard
    step = studying.next_step()
    outcome = studying.answer(step, correct=True, almost=True)
    assert outcome.rating is Rating.Hard and outcome.almost and outcome.slow_after is None
    step = studying.next_step()
    outcome = studying.answer(step, correct=False, overridden=True)
    assert outcome.rating is Rating.Good and outcome.correct and outcome.overridden
    logged = store.reviews("a", Source.ANSWER)
    assert [r.overridden for r in logged] == [False, False, True]
    assert logged[-1].correct and logged[-1].rating is Rating.Good
    assert store.check() == []


def test_a_reset_concept_is_taught_again(store, chain):
    studying = session(chain, store, new_concepts=1)
    while (step := studying.next_step()) is not None:
        right(studying, step)
    assert store.cards("a")
    store.reset("a", NOW)
    again = session(chain, store, new_concepts=1)
    step = again.next_step()
    assert (step.concept, step.introduce) == ("a", True)


def test_the_daily_cap_counts_the_learners_local_day(store, loose):
    from datetime import timezone

    _reviews_due(store, loose, ["p", "q"], [1, 2])
    shanghai = timezone(timedelta(hours=8))
    # 23:30 in Shanghai on Jan 1 (15:30 UTC): one review, under a cap of one.
    late = NOW + timedelta(hours=6, minutes=30)
    first = session(loose, store, late, new_concepts=0, max_reviews=1, zone=shanghai)
    right(first, first.next_step())
    assert first.next_step() is None
    # An hour later it is Jan 2 in Shanghai: a new allowance; in UTC still Jan 1: none.
    later = late + timedelta(hours=1)
    assert session(loose, store, later, new_concepts=0, max_reviews=1, zone=shanghai).next_step()
    assert session(loose, store, later, new_concepts=0, max_reviews=1).next_step() is None
