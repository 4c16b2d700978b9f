"""Resets: a concept brought back as new, and a whole placement undone (issue 15)."""

from __future__ import annotations

from datetime import timedelta

from fsrs import Rating

from quiz.question import Kind
from quiz.study.knowledge import Knowledge, frontier
from quiz.study.store import ResetScope, ReviewStore, Source, Status

from .conftest import NOW


def answer(store, concept, kind=Kind.ZH_TO_EN, rating=Rating.Good, when=NOW):
    store.add_card(concept, kind, when)
    return store.apply_review(
        concept, kind, rating, when, correct=rating > Rating.Again, source=Source.ANSWER
    )


def test_a_reset_concept_is_new_again_with_its_reviews_kept_and_the_reset_logged(store, chain):
    answer(store, "a")
    answer(store, "a", rating=Rating.Again, when=NOW + timedelta(minutes=1))
    answer(store, "a", Kind.NUMERIC, when=NOW + timedelta(minutes=2))
    store.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
    assert Knowledge.load(store).learned("a")
    reset = store.reset("a", NOW + timedelta(hours=1))
    assert (reset.concept, reset.scope, reset.items, reset.reviews, reset.mark) == (
        "a",
        ResetScope.CONCEPT,
        2,
        3,
        Status.KNOWN,
    )
    assert store.cards("a") == [] and store.mark_of("a") is None and "a" not in store.marks()
    assert len(store.reviews("a")) == 3  # the log keeps them
    assert store.resets() == [("a", ResetScope.CONCEPT, NOW + timedelta(hours=1))]
    knowledge = Knowledge.load(store)
    assert not knowledge.learned("a") and not knowledge.introduced("a")
    assert frontier(chain, knowledge)[0] == "a"  # taught again, first
    assert store.check() == []  # the old reviews no longer belong to any item
    # Studied again: a fresh item; its count of reviews starts from the reset.
    stored = answer(store, "a", when=NOW + timedelta(hours=2))
    assert stored.reps == 1 and store.check() == []
    assert store.recent_ratings("a", 5) == [Rating.Good]
    assert store.reset("x", NOW) is None  # nothing to reset


def test_a_mark_after_a_reset_is_in_force_again(store):
    store.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
    store.reset("a", NOW)
    assert store.mark_of("a") is None
    store.mark("a", Status.UNKNOWN, Source.IMPLICIT, NOW)
    assert (
        store.mark_of("a").status is Status.UNKNOWN and store.marks()["a"].status is Status.UNKNOWN
    )


def test_resetting_placement_takes_out_only_its_marks(store):
    store.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
    store.mark("b", Status.UNKNOWN, Source.PLACEMENT, NOW)
    store.mark("c", Status.KNOWN, Source.IMPLICIT, NOW)
    answer(store, "a")
    resets = store.reset_placement(NOW + timedelta(days=1))
    assert [(r.concept, r.scope, r.mark) for r in resets] == [
        ("a", ResetScope.PLACEMENT, Status.KNOWN),
        ("b", ResetScope.PLACEMENT, Status.UNKNOWN),
    ]
    assert set(store.marks()) == {"c"}
    assert store.card("a", Kind.ZH_TO_EN).reps == 1  # items and reviews are left alone
    assert store.check() == []
    assert store.reset_placement(NOW) == []  # nothing left to undo


def test_a_reset_survives_reopening(db_path):
    with ReviewStore.open(db_path) as store:
        answer(store, "a")
        store.reset("a", NOW)
    with ReviewStore.open(db_path) as store:
        assert store.cards("a") == [] and len(store.reviews("a")) == 1 and store.check() == []
