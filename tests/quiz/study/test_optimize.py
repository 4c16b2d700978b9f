"""Personal scheduling: the optimizer on a synthetic history drawn from known weights.

A simulated learner forgets as FSRS with :data:`TRUE_WEIGHTS` says (their first
memories are much weaker than FSRS's defaults assume): each review recalls with
the probability those weights give at that moment, and the learner comes back
when the card is due, often a few days late. Fitting to that history must
predict it better than the defaults, and move the initial stabilities toward
the true ones.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from dlkg.cli import cli
from quiz.question import Kind
from quiz.study.optimize import MIN_REVIEWS, NotEnoughHistory, fit, item_histories
from quiz.study.records import ItemKind, ReviewRecord, Source
from quiz.study.store import ReviewStore

pytest.importorskip("fsrs_rs_python", reason="the optimizer extra is not installed")

START = datetime(2025, 1, 1, 9, tzinfo=UTC)
TRUE_WEIGHTS = (0.05, 0.15, 0.4, 1.5, *DEFAULT_PARAMETERS[4:])
"""FSRS-6 weights whose initial stabilities (w0–w3, in days) are a fifth of the defaults'."""


def synthetic_reviews(
    weights, *, items: int, days: int, seed: int = 7, source: Source = Source.ANSWER
) -> list[ReviewRecord]:
    """A learner's reviews of ``items`` concepts over ``days``, drawn from ``weights``."""
    rng = random.Random(seed)
    truth = Scheduler(parameters=weights, enable_fuzzing=False)
    end = START + timedelta(days=days)
    records = []
    for number in range(items):
        at = START + timedelta(days=rng.randrange(30), hours=rng.uniform(0, 8))
        card = Card(card_id=number + 1, due=at)
        while at < end:
            if card.last_review is None:
                rating = rng.choices(list(Rating), weights=(2, 1, 6, 1))[0]
            else:
                recall = truth.get_card_retrievability(card, at)
                recalled = rng.random() < recall
                rating = rng.choice((Rating.Hard, Rating.Good, Rating.Good, Rating.Good))
                rating = rating if recalled else Rating.Again
            card, _ = truth.review_card(card, rating, at)
            records.append(
                ReviewRecord(
                    f"c{number}", Kind.FLASHCARD, rating, rating != Rating.Again, source, at
                )
            )
            late = timedelta(days=rng.choice((0, 0, 1, 2, 4))) if card.step is None else timedelta()
            at = max(card.due + late, at + timedelta(minutes=1))
    return records


def fill(store: ReviewStore, records: list[ReviewRecord]) -> None:
    with store.transaction():
        for record in records:
            store.add_review(record)
        for concept in sorted({record.concept for record in records}):
            store.replay(concept, ItemKind.KNOWLEDGE, START)


@pytest.fixture(scope="module")
def history():
    return synthetic_reviews(TRUE_WEIGHTS, items=300, days=120)


def test_too_little_history_is_refused_saying_how_much_is_needed():
    with ReviewStore.open(":memory:") as store:
        fill(store, synthetic_reviews(TRUE_WEIGHTS, items=20, days=60))
        with pytest.raises(NotEnoughHistory, match=f"{MIN_REVIEWS} needed") as caught:
            fit(store, START)
    assert 0 < caught.value.reviews < MIN_REVIEWS


def test_the_fit_predicts_the_history_better_and_finds_the_weaker_memories(history):
    with ReviewStore.open(":memory:") as store:
        fill(store, history)
        fitted = fit(store, START)
    assert fitted.reviews >= MIN_REVIEWS
    assert fitted.log_loss_after < fitted.log_loss_before
    assert fitted.rmse_after < fitted.rmse_before
    # Good first answers dominate: w2, the stability after a first Good, is learned.
    assert abs(fitted.weights[2] - TRUE_WEIGHTS[2]) < abs(DEFAULT_PARAMETERS[2] - TRUE_WEIGHTS[2])
    assert fitted.weights[2] < DEFAULT_PARAMETERS[2] / 2


def test_anki_reviews_count_and_implicit_ones_do_not():
    day = START
    records = [
        ReviewRecord("a", Kind.CLOZE, Rating.Good, True, Source.ANSWER, day),
        ReviewRecord("a", Kind.FLASHCARD, Rating.Good, True, Source.ANKI, day, anki_id=1),
        ReviewRecord("a", Kind.CLOZE, Rating.Good, True, Source.IMPLICIT, day),
    ]
    assert [len(h) for h in item_histories(records)] == [2]


def test_stats_optimize_saves_the_weights_and_study_schedules_with_them(history, tmp_path):
    db = tmp_path / "study.db"
    with ReviewStore.open(db) as store:
        fill(store, history)
    result = CliRunner().invoke(cli, ["stats", "--optimize", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["saved"] is True
    assert data["log_loss_after"] < data["log_loss_before"]
    weights = tuple(data["weights"])

    # A store opened later (as dlkg study opens it) schedules with the fitted weights.
    with ReviewStore.open(db) as store:
        assert tuple(store.scheduler.parameters) == weights
        assert store.parameters().weights == weights
        now = START + timedelta(days=200)
        store.add_card("new-one", Kind.CLOZE, now)
        reviewed = store.apply_review(
            "new-one", Kind.CLOZE, Rating.Good, now, correct=True, source=Source.ANSWER
        )
        expected, _ = Scheduler(
            parameters=weights,
            learning_steps=(timedelta(minutes=1), timedelta(minutes=10)),
            relearning_steps=(timedelta(minutes=10),),
            enable_fuzzing=False,
        ).review_card(Card(card_id=reviewed.card.card_id, due=now), Rating.Good, now)
        assert reviewed.card.stability == pytest.approx(expected.stability)
        assert reviewed.card.stability != pytest.approx(DEFAULT_PARAMETERS[2])
        assert store.check() == []

    text = CliRunner().invoke(cli, ["stats", "--optimize", "--db", str(db)])
    assert text.exit_code == 0, text.output
    assert "log loss" in text.output and "RMSE" in text.output


def test_stats_optimize_without_the_optimizer_says_how_to_install_it(tmp_path, monkeypatch):
    db = tmp_path / "study.db"
    with ReviewStore.open(db) as store:
        fill(store, synthetic_reviews(TRUE_WEIGHTS, items=300, days=120))
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # import fails
    result = CliRunner().invoke(cli, ["stats", "--optimize", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the FSRS optimizer is not installed: pip install 'dlkg[optimizer]' "
        "(the fsrs-rs-python package)"
    )


def test_stats_optimize_below_the_minimum_is_one_line(tmp_path):
    db = tmp_path / "study.db"
    with ReviewStore.open(db) as store:
        fill(store, synthetic_reviews(TRUE_WEIGHTS, items=5, days=30))
    result = CliRunner().invoke(cli, ["stats", "--optimize", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: not enough history to fit FSRS: ")
    assert len(result.output.strip().splitlines()) == 1
