"""Rating answers and scheduling with FSRS: a fixed review sequence gives a fixed schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Rating

from quiz.question import SEED_RANGE, Kind, question_seed
from quiz.study.clock import parse_utc
from quiz.study.rating import (
    CHOICE_SLOW_SECONDS,
    DESIRED_RETENTION,
    NUMERIC_SLOW_SECONDS,
    TERM_SLOW_SECONDS,
    new_card,
    rating_for,
    retrievability,
    review,
    self_rating,
)

from .conftest import NOW

# (minutes after NOW, rating) -> (state, due, stability, difficulty), fsrs 6 default weights.
GOLDEN = [
    ((0, Rating.Good), ("Learning", "2025-01-01T09:10:00+00:00", 2.3065, 2.1181)),
    ((10, Rating.Good), ("Review", "2025-01-03T09:10:00+00:00", 2.3065, 2.1112)),
    ((2 * 1440 + 10, Rating.Hard), ("Review", "2025-01-11T09:10:00+00:00", 7.5174, 4.7483)),
    ((7 * 1440, Rating.Good), ("Review", "2025-01-27T09:00:00+00:00", 18.6893, 4.7388)),
    ((30 * 1440, Rating.Again), ("Relearning", "2025-01-31T09:10:00+00:00", 1.9375, 8.2559)),
    ((30 * 1440 + 10, Rating.Good), ("Review", "2025-02-02T09:10:00+00:00", 1.949, 8.2429)),
    ((35 * 1440, Rating.Easy), ("Review", "2025-02-15T09:00:00+00:00", 9.71, 7.6409)),
]


def test_a_fixed_review_sequence_gives_a_fixed_schedule():
    card = new_card(1, NOW)
    for (minutes, rating), (state, due, stability, difficulty) in GOLDEN:
        card, log = review(card, rating, NOW + timedelta(minutes=minutes), seconds=4)
        assert (card.state.name, card.due.isoformat()) == (state, due)
        assert round(card.stability, 4) == stability and round(card.difficulty, 4) == difficulty
        assert log.rating is rating and log.review_duration == 4000


def test_review_returns_a_new_card_and_leaves_its_input_alone():
    card = new_card(1, NOW)
    reviewed, _ = review(card, Rating.Good, NOW)
    assert card.due == NOW and card.last_review is None
    assert reviewed.due == NOW + timedelta(minutes=10)


@pytest.mark.parametrize(
    ("correct", "seconds", "used_hint", "kind", "expected"),
    [
        (False, 1, False, Kind.ZH_TO_EN, Rating.Again),
        (False, 500, True, Kind.NUMERIC, Rating.Again),
        (True, 1, False, Kind.ZH_TO_EN, Rating.Good),
        (True, TERM_SLOW_SECONDS + 1, False, Kind.ZH_TO_EN, Rating.Hard),
        (True, TERM_SLOW_SECONDS + 1, False, Kind.DEFINITION_TO_TERM, Rating.Good),
        (True, CHOICE_SLOW_SECONDS + 1, False, Kind.DEFINITION_TO_TERM, Rating.Hard),
        (True, 100, False, Kind.NUMERIC, Rating.Good),
        (True, NUMERIC_SLOW_SECONDS + 1, False, Kind.NUMERIC_CHOICE, Rating.Hard),
        (True, 1, True, Kind.CLOZE, Rating.Hard),
    ],
)
def test_rating_for_maps_answers_to_ratings(correct, seconds, used_hint, kind, expected):
    rating = rating_for(correct=correct, seconds=seconds, used_hint=used_hint, kind=kind)
    assert rating is expected


def test_flashcards_are_rated_by_the_learner():
    with pytest.raises(ValueError):
        rating_for(correct=True, seconds=1, used_hint=False, kind=Kind.FLASHCARD)
    assert [self_rating(n) for n in (1, 2, 3, 4)] == list(Rating)
    with pytest.raises(ValueError):
        self_rating(5)


def test_times_are_utc_and_naive_times_are_refused():
    with pytest.raises(ValueError, match="no time zone"):
        review(new_card(1, NOW), Rating.Good, datetime(2025, 1, 1))
    eastern = datetime(2025, 1, 1, 17, tzinfo=timezone(timedelta(hours=8)))
    card, _ = review(new_card(1, NOW), Rating.Good, eastern)
    assert card.last_review == NOW and card.last_review.tzinfo is UTC
    assert parse_utc("2025-01-01T09:00:00Z") == NOW
    for bad in ("2025-01-01T09:00:00", "tomorrow"):
        with pytest.raises(ValueError):
            parse_utc(bad)


def test_retrievability_falls_with_time_and_is_zero_before_the_first_review():
    card = new_card(1, NOW)
    assert retrievability(card, NOW) == 0
    card, _ = review(card, Rating.Good, NOW)
    card, _ = review(card, Rating.Good, NOW + timedelta(minutes=10))
    values = [retrievability(card, card.last_review + timedelta(days=d)) for d in (0, 2, 10, 60)]
    assert values[0] == 1 and values == sorted(values, reverse=True)
    # Due two days after the last review: when recall has fallen to the desired retention.
    assert card.due == card.last_review + timedelta(days=2)
    assert values[1] == pytest.approx(DESIRED_RETENTION, abs=0.02)


def test_question_seeds_are_stable_and_change_with_the_review_count():
    seeds = [question_seed("softmax", "numeric", n) for n in range(20)]
    assert seeds == [question_seed("softmax", "numeric", n) for n in range(20)]
    assert len(set(seeds)) == 20 and all(0 <= s < SEED_RANGE for s in seeds)
