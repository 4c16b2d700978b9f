"""Real ``python -m dlkg study`` processes: killed, interrupted, and two at once on one database.

Every answer below is "1": a valid reply to every prompt of the small library's
cards (option a, a wrong term, or a flashcard's Enter then "1" for Again).
Repeated kills and a full disk are test_store_kills.py.
"""

from __future__ import annotations

import re
import signal

from quiz.study.store import ReviewStore, Source

from .processes import Study, stored_answers, wait_until


def test_a_killed_session_has_lost_no_acknowledged_answer(small_library, db_path):
    study = Study(small_library, db_path)
    study.feed(40)
    wait_until(lambda: len(stored_answers(db_path)) >= 6, "six stored answers")
    wait_until(lambda: len(study.acknowledged()) >= 6, "six acknowledged answers")
    study.process.send_signal(signal.SIGKILL)
    assert study.finish() == -signal.SIGKILL
    acknowledged = study.acknowledged()
    with ReviewStore.open(db_path) as store:  # recovers the write-ahead log
        assert store.check() == []
        stored = [review.rating for review in store.reviews(source=Source.ANSWER)]
        assert sum(card.reps for card in store.cards()) == len(store.reviews()) - len(
            store.reviews(source=Source.PLACEMENT)
        )
    assert len(stored) >= len(acknowledged) >= 6
    assert stored[: len(acknowledged)] == acknowledged


def test_ctrl_c_ends_a_real_session_with_its_summary(small_library, db_path):
    study = Study(small_library, db_path)
    study.feed(6)  # two new concepts: each an Enter, then a flashcard (two lines)
    wait_until(lambda: len(study.acknowledged()) >= 2, "two acknowledged answers")
    wait_until(lambda: study.output.rstrip().endswith(":"), "the next prompt")
    study.process.send_signal(signal.SIGINT)
    assert study.finish() == 0, study.output
    assert "Session ended early." in study.output
    assert "Session summary · 本次小结" in study.output
    assert "Traceback" not in study.output
    reviewed = int(re.search(r"Reviewed: (\d+)", study.output).group(1))
    assert reviewed == len(study.acknowledged()) == len(stored_answers(db_path))


def test_two_sessions_on_one_database_at_once(small_library, db_path):
    ReviewStore.open(db_path).close()
    sessions = [Study(small_library, db_path, "--new", "5", "--limit", "30") for _ in range(2)]
    for study in sessions:
        study.feed(80)
        study.process.stdin.close()
    for study in sessions:
        assert study.finish() == 0, study.output
        assert "Session summary" in study.output and "Error" not in study.output
    acknowledged = [len(study.acknowledged()) for study in sessions]
    assert acknowledged == [30, 30]
    with ReviewStore.open(db_path) as store:
        assert store.check() == []
        assert len(store.reviews(source=Source.ANSWER)) == sum(acknowledged)
        assert sum(card.reps for card in store.cards()) == sum(acknowledged)
        assert len(store.cards()) == len({(c.concept, c.kind) for c in store.cards()})
