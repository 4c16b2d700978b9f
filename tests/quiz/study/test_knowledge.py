"""Learned concepts, the frontier, and the implicit-review rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Rating, State

from quiz.question import Kind
from quiz.study import knowledge
from quiz.study.items import formats, item_kinds
from quiz.study.knowledge import Knowledge, frontier, implicit_review, is_learned
from quiz.study.store import ItemKind, Source, Status

from .conftest import NOW


def answer(store, library, concept, kind, rating, when=NOW, implicit=True):
    """Answer a card (introducing it if needed) as a session does, with the implicit rule."""
    store.add_card(concept, kind, when)
    stored = store.apply_review(
        concept, kind, rating, when, correct=rating > Rating.Again, source=Source.ANSWER
    )
    effects = implicit_review(store, library, concept, rating, when) if implicit else None
    return stored, effects


def graduate(store, library, concept, kinds, when):
    """Take ``concept``'s cards (of ``kinds``) through their learning steps with Good answers."""
    for kind in kinds:
        answer(store, library, concept, kind, Rating.Good, when, implicit=False)
        answer(store, library, concept, kind, Rating.Good, when + timedelta(minutes=10), False)
        assert store.card(concept, kind).state is State.Review


def test_learned_follows_the_documented_rule(store, chain):
    knowledge = lambda: Knowledge.load(store)  # noqa: E731 - reloaded after each change
    assert not knowledge().learned("a")
    answer(store, chain, "a", Kind.CLOZE, Rating.Again)
    assert not knowledge().learned("a")
    answer(store, chain, "a", Kind.ZH_TO_EN, Rating.Hard)
    assert knowledge().learned("a")  # one card right is enough, another's Again notwithstanding
    answer(store, chain, "a", Kind.ZH_TO_EN, Rating.Again, NOW + timedelta(minutes=5))
    assert not knowledge().learned("a")

    store.mark("x", Status.KNOWN, Source.PLACEMENT, NOW)
    assert knowledge().learned("x")
    answer(store, chain, "x", Kind.CLOZE, Rating.Again)
    assert not knowledge().learned("x")  # a failure overrides a guess
    store.mark("y", Status.KNOWN, Source.PLACEMENT, NOW)
    store.mark("y", Status.UNKNOWN, Source.PLACEMENT, NOW)
    assert not knowledge().learned("y")  # the latest mark is in force


def test_frontier_only_offers_concepts_whose_prerequisites_are_learned(store, chain):
    assert frontier(chain, Knowledge.load(store)) == ["a", "x", "y"]
    assert frontier(chain, Knowledge.load(store), target="c") == ["a"]
    answer(store, chain, "a", Kind.FLASHCARD, Rating.Again)
    assert frontier(chain, Knowledge.load(store), target="c") == []  # introduced, not learned
    answer(store, chain, "a", Kind.FLASHCARD, Rating.Good, NOW + timedelta(minutes=1))
    assert frontier(chain, Knowledge.load(store), target="c") == ["b"]
    store.mark("b", Status.KNOWN, Source.PLACEMENT, NOW)
    assert frontier(chain, Knowledge.load(store)) == [
        "c",
        "x",
        "y",
    ]  # the chain is finished before the next topic
    for concept in frontier(chain, Knowledge.load(store)):
        learned = Knowledge.load(store).learned_set(chain)
        assert learned.issuperset(chain[concept].prerequisites)


def test_a_right_answer_counts_as_a_review_of_due_prerequisite_cards(store, chain):
    earlier = NOW - timedelta(days=5)
    graduate(store, chain, "b", [Kind.CLOZE, Kind.NUMERIC], earlier)
    graduate(store, chain, "a", [Kind.CLOZE], earlier)
    # b's skill item is not due yet; its knowledge item is overdue; x's is still learning.
    store.save_card(knowledge.stored_due(store.card("b", Kind.NUMERIC), NOW + timedelta(days=1)))
    before = {card.kind: card for card in store.cards("b")}

    _, effects = answer(store, chain, "c", Kind.FLASHCARD, Rating.Good)

    assert effects.credited == (("b", ItemKind.KNOWLEDGE),)
    after = {card.kind: card for card in store.cards("b")}
    knows = ItemKind.KNOWLEDGE
    assert after[knows].reps == before[knows].reps + 1
    assert after[knows].due > NOW and after[knows].card.last_review == NOW
    assert after[ItemKind.SKILL] == before[ItemKind.SKILL]
    assert store.card("a", Kind.CLOZE).reps == 2  # only direct prerequisites get the credit
    [implicit] = store.reviews(source=Source.IMPLICIT)
    # An implicit review asks no question: it logs the item's kind.
    assert (implicit.concept, implicit.kind, implicit.rating) == ("b", knows, Rating.Good)
    assert store.check() == []


def test_a_right_answer_marks_a_prerequisite_without_cards_as_known(store, chain):
    _, effects = answer(store, chain, "c", Kind.FLASHCARD, Rating.Hard)
    assert effects.marked_known == ("b",)
    mark = store.marks()["b"]
    assert (mark.status, mark.source) == (Status.KNOWN, Source.IMPLICIT)
    _, again = answer(store, chain, "c", Kind.ZH_TO_EN, Rating.Good)
    assert again.marked_known == ()  # already known: no second mark


def test_a_wrong_answer_alone_changes_nothing_else(store, chain):
    answer(store, chain, "b", Kind.CLOZE, Rating.Again, NOW - timedelta(minutes=2), False)
    _, effects = answer(store, chain, "c", Kind.CLOZE, Rating.Again)
    assert effects == knowledge.ImplicitReview()


@pytest.mark.parametrize(
    ("ratings", "brought"),
    [
        ([Rating.Again, Rating.Again], True),
        ([Rating.Again, Rating.Good, Rating.Again], True),
        ([Rating.Again, Rating.Good, Rating.Good, Rating.Again], False),
    ],
)
def test_repeated_failures_bring_a_weak_prerequisite_forward(store, chain, ratings, brought):
    # b is weak: its only card was last answered Again, so it is not learned; due in 30 s.
    answer(store, chain, "b", Kind.CLOZE, Rating.Again, NOW - timedelta(seconds=30), False)
    assert store.card("b", Kind.CLOZE).due > NOW
    effects = None
    for minute, rating in enumerate(ratings):
        _, effects = answer(
            store, chain, "c", Kind.ZH_TO_EN, rating, NOW + timedelta(seconds=minute)
        )
    when = NOW + timedelta(seconds=len(ratings) - 1)
    assert (effects.brought_forward == ("b",)) is brought
    assert (store.card("b", Kind.CLOZE).due <= when) is brought
    assert store.check() == []


def test_a_strong_prerequisite_is_not_brought_forward(store, chain):
    graduate(store, chain, "b", [Kind.CLOZE], NOW - timedelta(minutes=30))
    due = store.card("b", Kind.CLOZE).due
    for second in range(2):
        _, effects = answer(
            store, chain, "c", Kind.CLOZE, Rating.Again, NOW + timedelta(seconds=second)
        )
    assert effects.brought_forward == () and store.card("b", Kind.CLOZE).due == due


def test_a_forgotten_prerequisite_is_brought_forward(store, chain):
    # Learned two months ago and never reviewed since: retrievability far below 0.8.
    graduate(store, chain, "b", [Kind.CLOZE], NOW - timedelta(days=60))
    stored = store.card("b", Kind.CLOZE)
    store.save_card(knowledge.stored_due(stored, NOW + timedelta(days=3)))
    assert knowledge.concept_retrievability([stored], NOW) < knowledge.WEAK_RETRIEVABILITY
    for second in range(2):
        _, effects = answer(
            store, chain, "c", Kind.CLOZE, Rating.Again, NOW + timedelta(seconds=second)
        )
    assert effects.brought_forward == ("b",) and store.card("b", Kind.CLOZE).due <= NOW + timedelta(
        seconds=1
    )


def test_a_prerequisite_known_only_by_a_guess_gets_its_cards(store, chain):
    store.mark("b", Status.KNOWN, Source.PLACEMENT, NOW - timedelta(days=1))
    for second in range(2):
        _, effects = answer(
            store, chain, "c", Kind.CLOZE, Rating.Again, NOW + timedelta(seconds=second)
        )
    assert effects.brought_forward == ("b",) and effects.introduced == ("b",)
    cards = store.cards("b")
    assert [card.kind for card in cards] == item_kinds(chain, "b") == [ItemKind.KNOWLEDGE]
    assert all(card.due <= NOW + timedelta(seconds=1) for card in cards)


def test_knowledge_formats_follow_what_the_concept_supports(chain):
    assert formats(chain, "a", ItemKind.KNOWLEDGE) == [
        "flashcard",
        "definition-to-term",
        "zh-to-en",
        "en-to-zh",
    ]
    assert "prerequisite" in formats(chain, "b", ItemKind.KNOWLEDGE)
    assert item_kinds(chain, "a") == [ItemKind.KNOWLEDGE]


def test_a_concept_with_a_computation_has_a_knowledge_and_a_skill_item():
    from pathlib import Path

    from kg.library import load_library

    library = load_library(Path(__file__).resolve().parents[3] / "content")
    assert item_kinds(library, "softmax") == [ItemKind.KNOWLEDGE, ItemKind.SKILL]
    kinds = formats(library, "softmax", ItemKind.KNOWLEDGE)
    assert kinds[0] == "flashcard" and "cloze" in kinds and "numeric" not in kinds
    assert formats(library, "softmax", ItemKind.SKILL)  # template ids


def test_is_learned_needs_evidence():
    assert not is_learned([], None)


def test_live_knowledge_follows_its_own_writes_and_notices_anyone_elses(store, chain, db_path):
    from quiz.study.store import ReviewStore

    live = knowledge.LiveKnowledge(chain, store)
    assert live.learned == set() and live.introduced == set()
    with live.writing():
        answer(store, chain, "a", Kind.FLASHCARD, Rating.Good)
        assert live.reread(["a", "b"]) == {"a"}
    assert live.learned == {"a"} and live.introduced == {"a"}
    with ReviewStore.open(db_path) as other:
        other.mark("x", Status.KNOWN, Source.PLACEMENT, NOW)
    live.refresh()
    assert live.learned == {"a", "x"}
    store.mark("y", Status.KNOWN, Source.PLACEMENT, NOW)  # the same store, not through live
    with live.writing():
        pass
    assert live.learned == Knowledge.load(store).learned_set(chain) == {"a", "x", "y"}


def test_live_knowledge_reads_everything_again_after_a_failed_write(store, chain):
    live = knowledge.LiveKnowledge(chain, store)
    with pytest.raises(RuntimeError), live.writing():
        store.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
        live.reread(["a"])
        raise RuntimeError("the write fails after the reread")
    assert "a" in live.learned  # what the rolled-back write said, until the next look
    live.refresh()
    assert live.learned == set()
