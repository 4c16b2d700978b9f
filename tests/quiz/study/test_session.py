"""The study session: what comes next, gating, learning steps, numeric rotation, the summary."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from kg.library import load_library
from quiz.question import Kind
from quiz.study import knowledge
from quiz.study.clock import fixed_clock
from quiz.study.items import item_kinds
from quiz.study.knowledge import Knowledge, stored_due
from quiz.study.rating import new_card
from quiz.study.records import timestamp
from quiz.study.session import Session, question_for
from quiz.study.store import ItemKind, Source, Status, StoredCard

from .conftest import NOW

BUNDLED = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def bundled():
    return load_library(BUNDLED)


def session(library, store, **options):
    return Session(library, store, clock=fixed_clock(NOW), **options)


def answer_right(session_, step, **extra):
    if step.question.kind is Kind.FLASHCARD:
        return session_.answer(step, self_rating=3, **extra)
    return session_.answer(step, correct=True, **extra)


def run(session_, choose=answer_right):
    """Answer every step with ``choose``; return (step, outcome) pairs."""
    done = []
    while (step := session_.next_step()) is not None:
        done.append((step, choose(session_, step)))
    return done


def test_golden_session_new_concepts_along_a_path(store, chain):
    studying = session(chain, store, target="c", new_concepts=3)
    done = run(studying)
    # One knowledge item per concept; each review asks the next format (rotation).
    assert [
        (s.concept, s.card.kind.value, s.question.kind.value, s.introduce) for s, _ in done
    ] == [
        ("a", "knowledge", "flashcard", True),
        ("b", "knowledge", "flashcard", True),
        ("c", "knowledge", "flashcard", True),
        # The second learning step, shown ahead (learn-ahead), in another format.
        ("a", "knowledge", "definition-to-term", False),
        ("b", "knowledge", "definition-to-term", False),
        ("c", "knowledge", "definition-to-term", False),
    ]
    assert {o.rating for _, o in done} == {Rating.Good}
    assert {o.due.isoformat() for _, o in done[:3]} == {"2025-01-01T09:10:00+00:00"}
    assert {o.due.isoformat() for _, o in done[3:]} == {"2025-01-03T09:00:00+00:00"}
    assert [o.unlocked for _, o in done if o.unlocked] == [("b",), ("c",), ("d",)]
    summary = studying.summary()
    assert (summary.reviewed, summary.right) == (6, 6)
    assert summary.introduced == ("a", "b", "c") and summary.unlocked == ("b", "c", "d")
    assert summary.next_due.isoformat() == "2025-01-03T09:00:00+00:00"
    assert (summary.due_now, summary.due_within_day) == (0, 0)
    assert all(card.state is State.Review for card in store.cards())
    assert store.check() == []


def test_due_reviews_come_first_earliest_first(store, chain):
    earlier = NOW - timedelta(days=3)
    for hours, concept in ((1, "x"), (3, "y")):
        for stored in knowledge.introduce(store, concept, item_kinds(chain, concept), earlier):
            store.apply_review(
                concept, stored.kind, Rating.Easy, earlier, correct=True, source=Source.ANSWER
            )
        stored = store.card(concept, Kind.ZH_TO_EN)
        store.save_card(stored_due(stored, NOW - timedelta(hours=hours)))
    assert store.count_due(NOW) == 2
    studying = session(chain, store, new_concepts=1)
    steps = []
    for _ in range(3):
        steps.append(studying.next_step())
        answer_right(studying, steps[-1])
    assert [(s.concept, s.new, s.introduce) for s in steps] == [
        ("y", False, False),
        ("x", False, False),
        ("a", True, True),
    ]


def test_limits_on_new_concepts_and_answers(store, chain):
    assert session(chain, store, new_concepts=0).next_step() is None
    studying = session(chain, store, new_concepts=5, limit=3)
    assert len(run(studying)) == 3 and studying.next_step() is None
    assert studying.introduced == ["a", "b", "c"]  # one item each: one answer to learn it


def fail(session_, step):
    if step.question.kind is Kind.FLASHCARD:
        return session_.answer(step, self_rating=1)
    return session_.answer(step, correct=False)


def test_a_dependent_waits_until_its_prerequisite_is_learned(store, chain):
    studying = session(chain, store, target="b", new_concepts=2, limit=12)
    done = run(studying, fail)
    assert len(done) == 12 and {step.concept for step, _ in done} == {"a"}
    assert studying.introduced == ["a"] and not Knowledge.load(store).learned("a")


def test_never_introduces_a_concept_before_its_prerequisites(bundled, tmp_path):
    from quiz.study.store import ReviewStore

    rng = random.Random(3)

    def guess(session_, step):
        learned = Knowledge.load(session_.store).learned_set(bundled)
        if step.introduce:
            assert learned.issuperset(bundled[step.concept].prerequisites), step.concept
        if step.question.kind is Kind.FLASHCARD:
            return session_.answer(step, self_rating=rng.randint(1, 4))
        return session_.answer(step, correct=rng.random() < 0.7, seconds=rng.uniform(1, 40))

    with ReviewStore.open(tmp_path / "study.db") as store:
        studying = session(bundled, store, new_concepts=6, limit=80)
        done = run(studying, guess)
        # Six concepts, one item or two each: the session runs out before its limit.
        assert 6 <= len(done) < 80 and len(studying.introduced) >= 2
        assert store.check() == []


def test_a_skill_item_alternates_typed_and_choice_and_rotates_templates(bundled):
    from quiz.numeric import templates_for

    templates = [t.id for t in templates_for(bundled["softmax"].engine)]
    assert len(templates) >= 2
    card = StoredCard("softmax", ItemKind.SKILL, new_card(1, NOW), NOW)
    asked, questions = [], []
    for n in range(len(templates) + 2):
        question = question_for(bundled, StoredCard(**{**card.__dict__, "reps": n}), asked)
        questions.append(question)
        asked.append(question.template)
    assert [q.kind for q in questions[:4]] == [Kind.NUMERIC, Kind.NUMERIC_CHOICE] * 2
    # No template comes back while another is unseen; then the one asked longest ago.
    assert asked == templates + templates[:2]
    assert len({q.seed for q in questions}) == len(questions)


def test_rotation_never_repeats_a_format_while_others_are_unseen(chain):
    from quiz.study.items import formats

    card = StoredCard("b", ItemKind.KNOWLEDGE, new_card(1, NOW), NOW)
    every = formats(chain, "b", ItemKind.KNOWLEDGE)
    asked = []
    for n in range(2 * len(every)):
        asked.append(question_for(chain, StoredCard(**{**card.__dict__, "reps": n}), asked).kind)
    assert asked == [Kind(name) for name in every] * 2


def test_an_item_shows_the_same_question_until_it_is_reviewed(chain):
    card = StoredCard("b", ItemKind.KNOWLEDGE, new_card(1, NOW), NOW)
    first = question_for(chain, card, ["flashcard"])
    assert first.kind is Kind.DEFINITION_TO_TERM
    assert question_for(chain, card, ["flashcard"]) == first
    later = question_for(chain, StoredCard(**{**card.__dict__, "reps": 1}), ["flashcard"])
    assert later.seed != first.seed


def test_a_hint_or_a_slow_answer_rates_hard(store, chain):
    studying = session(chain, store, new_concepts=1)
    studying.answer(studying.next_step(), self_rating=3)
    step = studying.next_step()
    assert step.question.kind is Kind.DEFINITION_TO_TERM
    assert studying.answer(step, correct=True, used_hint=True).rating is Rating.Hard
    step = studying.next_step()
    slow = studying.answer(step, correct=True, seconds=99)
    assert slow.rating is Rating.Hard and slow.slow_after == 20.0  # said why
    step = studying.next_step()
    assert studying.answer(step, correct=False).rating is Rating.Again
    with pytest.raises(ValueError):
        studying.answer(studying.next_step())


def test_cards_the_library_no_longer_supports_are_skipped(store, chain):
    store.add_card("a", ItemKind.SKILL, NOW - timedelta(hours=1))  # a has no computation
    store.add_card("removed-concept", Kind.ZH_TO_EN, NOW - timedelta(hours=2))
    step = session(chain, store, new_concepts=1).next_step()
    # a's knowledge item was added at the start; the two unusable items are passed over.
    assert (step.concept, step.card.kind) == ("a", ItemKind.KNOWLEDGE)
    assert {card.kind for card in store.cards("a")} == {ItemKind.SKILL, ItemKind.KNOWLEDGE}


def test_repeated_failures_bring_a_guessed_prerequisite_into_this_session(store, chain):
    for concept in ("a", "b"):
        store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW - timedelta(days=1))
    studying = session(chain, store, target="c", new_concepts=1, limit=20)

    def fail_c(session_, step):
        return fail(session_, step) if step.concept == "c" else answer_right(session_, step)

    done = run(studying, fail_c)
    concepts = [step.concept for step, _ in done]
    first = next(i for i, (_, o) in enumerate(done) if o.implicit.brought_forward)
    assert concepts[: first + 1] == ["c", "c"]
    assert done[first][1].implicit.brought_forward == ("b",)
    assert done[first][1].implicit.introduced == ("b",)
    assert "b" in concepts[first + 1 :] and "a" not in concepts
    assert studying.summary().brought_forward == ("b",)


def test_two_sessions_on_one_store_never_lose_an_answer(store, chain):
    first, second = session(chain, store), session(chain, store)
    step_a = first.next_step()
    step_b = second.next_step()
    assert (step_a.concept, step_a.card.kind) == (step_b.concept, step_b.card.kind)
    first.answer(step_a, self_rating=3)
    outcome = second.answer(step_b, self_rating=3)
    assert store.card(step_a.concept, step_a.card.kind).reps == 2
    assert outcome.due == NOW + timedelta(days=2)  # the second answer saw the first
    assert store.check() == []


def test_quitting_before_the_first_answer_introduces_nothing(store, chain):
    interrupted = session(chain, store, new_concepts=1)
    assert interrupted.next_step().introduce  # shown, then the learner left before answering
    assert interrupted.summary().introduced == ()
    assert store.cards() == [] and session(chain, store, new_concepts=0).next_step() is None
    # Introduced (an item stored) but never reviewed: presented again with its definition.
    store.add_card("a", ItemKind.KNOWLEDGE, NOW)
    step = session(chain, store, new_concepts=0).next_step()
    assert (step.concept, step.card.kind, step.introduce) == ("a", ItemKind.KNOWLEDGE, True)


def test_records_are_json_ready(store, chain):
    studying = session(chain, store)
    outcome = answer_right(studying, studying.next_step())
    row = outcome.to_dict()
    assert json.loads(json.dumps(row)) == row
    assert (row["rating"], row["correct"], row["state"]) == (
        int(outcome.rating),
        True,
        int(outcome.state),
    )
    assert row["due"] == timestamp(outcome.due)
    assert row["implicit"] == outcome.implicit.to_dict()
    summary = studying.summary()
    row = summary.to_dict()
    assert json.loads(json.dumps(row)) == row
    assert (row["reviewed"], row["right"], row["introduced"]) == (1, 1, list(summary.introduced))
