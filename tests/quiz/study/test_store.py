"""The review store: schema, migrations, safety with files that are not ours, integrity."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest
from fsrs import Rating, State

from quiz.question import Kind
from quiz.study.knowledge import stored_due
from quiz.study.rating import SCHEDULER, new_card, review
from quiz.study.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    ItemKind,
    ReviewRecord,
    ReviewStore,
    Source,
    Status,
    StoredCard,
    StoreError,
    timestamp,
)
from tests.conftest import break_schema_encoding

from .conftest import NOW


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pragma(path, name):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


def answer(store, concept="a", kind=Kind.ZH_TO_EN, rating=Rating.Good, when=NOW):
    store.add_card(concept, kind, when)
    return store.apply_review(
        concept, kind, rating, when, correct=rating > Rating.Again, source=Source.ANSWER
    )


def test_a_new_database_has_our_ids_and_the_safe_settings(db_path):
    with ReviewStore.open(db_path) as store:
        connection = store._connection
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert pragma(db_path, "application_id") == APPLICATION_ID
    assert pragma(db_path, "user_version") == SCHEMA_VERSION == len(MIGRATIONS)
    assert pragma(db_path, "journal_mode") == "wal"


def test_cards_reviews_and_marks_survive_reopening(db_path):
    with ReviewStore.open(db_path) as store:
        stored = answer(store, "a", Kind.CLOZE)
        store.mark("b", Status.KNOWN, Source.PLACEMENT, NOW)
    with ReviewStore.open(db_path) as store:
        assert store.card("a", Kind.CLOZE) == stored
        assert stored.reps == 1 and stored.last_rating is Rating.Good
        assert stored.due == NOW + timedelta(minutes=10) and stored.state is State.Learning
        [review] = store.reviews()
        assert (review.concept, review.kind, review.rating, review.source) == (
            "a",
            Kind.CLOZE,
            Rating.Good,
            Source.ANSWER,
        )
        assert store.marks()["b"].status is Status.KNOWN
        assert store.check() == []


def test_records_are_json_ready():
    stored = StoredCard("a", ItemKind.SKILL, new_card(3, NOW), NOW)
    row = stored.to_dict()
    assert json.loads(json.dumps(row)) == row
    assert (row["concept"], row["kind"], row["card"]["card_id"]) == ("a", "skill", 3)
    record = ReviewRecord("a", Kind.NUMERIC, Rating.Hard, True, Source.ANSWER, NOW, None, None, 4)
    row = record.to_dict()
    assert json.loads(json.dumps(row)) == row
    assert (row["id"], row["kind"], row["rating"], row["source"]) == (4, "numeric", 2, "answer")
    implicit = ReviewRecord("a", ItemKind.SKILL, Rating.Good, True, Source.IMPLICIT, NOW)
    assert (implicit.to_dict()["kind"], implicit.to_dict()["source"]) == ("skill", "implicit")


def test_adding_a_card_twice_keeps_the_first(store):
    first = store.add_card("a", Kind.CLOZE, NOW)
    again = store.add_card("a", Kind.CLOZE, NOW + timedelta(days=1))
    assert again == first and len(store.cards()) == 1


def test_a_review_is_all_or_nothing(store, monkeypatch):
    store.add_card("a", Kind.CLOZE, NOW)

    def fail(record):
        raise StoreError(store.path, "disk full")

    monkeypatch.setattr(store, "add_review", fail)
    with pytest.raises(StoreError, match="disk full"):
        store.apply_review("a", Kind.CLOZE, Rating.Good, NOW, correct=True, source=Source.ANSWER)
    assert store.card("a", Kind.CLOZE).reps == 0 and store.check() == []


def test_the_mark_in_force_is_the_last_one_written(store):
    assert store.mark_of("a") is None
    store.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
    store.mark("b", Status.KNOWN, Source.PLACEMENT, NOW)
    store.mark("a", Status.UNKNOWN, Source.IMPLICIT, NOW + timedelta(hours=1))
    assert store.mark_of("a") == store.marks()["a"]
    assert store.mark_of("a").status is Status.UNKNOWN


def test_the_version_changes_with_every_write_from_anywhere(db_path):
    with ReviewStore.open(db_path) as store, ReviewStore.open(db_path) as other:
        first = store.version()
        assert store.version() == first and store.cards() == []  # reading changes nothing
        with store.transaction():
            store.add_card("a", Kind.CLOZE, NOW)
            inside = store.version()
        assert store.version() == inside != first  # the commit itself changes nothing more
        other.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
        assert store.version() != inside  # another connection's commit


def test_due_cards_come_earliest_first(store):
    for index, concept in enumerate("cab"):
        store.add_card(concept, Kind.CLOZE, NOW - timedelta(hours=index))
    store.add_card("later", Kind.CLOZE, NOW + timedelta(hours=1))
    assert [card.concept for card in store.due_cards(NOW)] == ["b", "a", "c"]
    assert store.count_due(NOW) == 3 and store.next_due(NOW) == NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("random.db", bytes(range(256)) * 16),
        ("notes.db", b"# my notes\nnot a database\n"),
        ("short.db", b"SQLite format 3\x00 but cut"),
    ],
)
def test_files_that_are_not_sqlite_are_refused_untouched(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        ReviewStore.open(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert "not a dlkg study database" in str(caught.value) or "corrupt" in str(caught.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("application_id", [0, 0x12345678])
def test_another_applications_sqlite_file_is_refused_untouched(tmp_path, application_id):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {application_id}")
    connection.execute("CREATE TABLE cards (front TEXT, back TEXT)")
    connection.execute("INSERT INTO cards VALUES ('hello', 'world')")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a dlkg study database"):
        ReviewStore.open(path)
    assert digest(path) == before and pragma(path, "journal_mode") == "delete"


def test_a_database_from_a_newer_dlkg_is_refused_not_downgraded(db_path):
    ReviewStore.open(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer dlkg"):
        ReviewStore.open(db_path)
    assert digest(db_path) == before
    assert pragma(db_path, "user_version") == SCHEMA_VERSION + 1


def test_a_corrupt_database_gets_a_clear_error(db_path):
    with ReviewStore.open(db_path) as store:
        for index in range(400):
            answer(store, f"concept-{index}", Kind.CLOZE)
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 4 * page_size
    data[2 * page_size : 4 * page_size] = b"\xa5" * (2 * page_size)
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="corrupt") as caught:
        ReviewStore.open(db_path)
    assert "\n" not in str(caught.value)


def test_a_schema_that_is_not_utf8_gets_a_clear_error(db_path):
    with ReviewStore.open(db_path) as store:
        answer(store)
    break_schema_encoding(db_path)
    before = digest(db_path)
    with pytest.raises(StoreError, match=r"corrupt \(its schema is not UTF-8\)") as caught:
        ReviewStore.open(db_path)
    assert "\n" not in str(caught.value)
    assert digest(db_path) == before


def test_an_empty_file_becomes_a_database(db_path):
    db_path.write_bytes(b"")
    with ReviewStore.open(db_path) as store:
        answer(store)
    assert pragma(db_path, "application_id") == APPLICATION_ID


def test_a_missing_folder_or_a_folder_path_is_refused(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        ReviewStore.open(tmp_path / "missing" / "study.db")
    with pytest.raises(StoreError, match="is a folder"):
        ReviewStore.open(tmp_path)


def test_a_version_1_file_migrates_and_gets_its_last_ratings(db_path):
    connection = sqlite3.connect(db_path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    # Two cards as version 1 stored them (no last_rating column), and their log.
    rows = []
    for card_id, (concept, ratings) in enumerate(
        [("a", [Rating.Good, Rating.Again]), ("b", [Rating.Again, Rating.Hard])], start=1
    ):
        card = new_card(card_id, NOW)
        for minutes, rating in enumerate(ratings):
            card, _ = review(card, rating, NOW + timedelta(minutes=minutes))
            rows.append((concept, rating, NOW + timedelta(minutes=minutes)))
        connection.execute(
            "INSERT INTO cards (id, concept, kind, card, due, state, reps, introduced_at)"
            " VALUES (?, ?, 'cloze', ?, ?, ?, ?, ?)",
            (
                card_id,
                concept,
                json.dumps(card.to_dict()),
                card.due.isoformat(timespec="microseconds"),
                int(card.state),
                len(ratings),
                NOW.isoformat(timespec="microseconds"),
            ),
        )
    for concept, rating, when in rows:
        connection.execute(
            "INSERT INTO reviews (concept, kind, rating, correct, source, reviewed_at)"
            " VALUES (?, 'cloze', ?, ?, 'answer', ?)",
            (concept, int(rating), int(rating > 1), when.isoformat(timespec="microseconds")),
        )
    connection.execute(
        "INSERT INTO reviews (concept, kind, rating, correct, source, reviewed_at)"
        " VALUES ('a', 'cloze', 3, 1, 'placement', ?)",
        ((NOW + timedelta(hours=1)).isoformat(timespec="microseconds"),),
    )
    connection.close()
    assert pragma(db_path, "user_version") == 1

    with ReviewStore.open(db_path) as store:
        assert store.card("a", Kind.CLOZE).last_rating is Rating.Again
        assert store.card("b", Kind.CLOZE).last_rating is Rating.Hard
        assert store.check() == []
        assert len(store.reviews()) == 5
    assert pragma(db_path, "user_version") == SCHEMA_VERSION


@contextmanager
def read_only(path):
    """Make ``path`` read-only even for root (``chattr +i``), or skip the test."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("running as root and chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_gets_a_clear_error(db_path):
    with ReviewStore.open(db_path) as store:
        answer(store)
    before = digest(db_path)
    with read_only(db_path), pytest.raises(StoreError, match="read-only") as caught:
        ReviewStore.open(db_path)
    assert str(db_path) in str(caught.value) and digest(db_path) == before


def test_a_read_only_folder_gets_a_clear_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder), pytest.raises(StoreError, match="read-only"):
        ReviewStore.open(folder / "study.db")


def test_check_finds_broken_invariants(db_path):
    with ReviewStore.open(db_path) as store:
        answer(store, "a")
        answer(store, "b")
        answer(store, "c")
        assert store.check() == []
        connection = store._connection
        connection.execute("UPDATE cards SET reps = 7 WHERE concept = 'a'")
        connection.execute(
            "UPDATE cards SET due = '2030-01-01T00:00:00.000000+00:00' WHERE concept = 'b'"
        )
        connection.execute("UPDATE cards SET card = '{not json' WHERE concept = 'c'")
        connection.execute(
            "INSERT INTO reviews (concept, kind, rating, correct, source, reviewed_at)"
            " VALUES ('ghost', 'cloze', 3, 1, 'answer', '2025-01-01T09:00:00.000000+00:00')"
        )
        problems = store.check()
    joined = "\n".join(problems)
    assert "(a, knowledge): 7 review(s) applied but 1 logged" in joined
    assert "(b, knowledge): due column" in joined
    assert "(c, knowledge): unreadable FSRS card" in joined
    assert "(ghost, knowledge) but no such card" in joined


def test_threads_reviewing_the_same_cards_lose_nothing(db_path):
    ReviewStore.open(db_path).close()
    with ReviewStore.open(db_path) as store:
        for kind in (Kind.CLOZE, Kind.ZH_TO_EN):
            store.add_card("a", kind, NOW)
    per_thread = 40
    errors = []

    def work(offset):
        try:
            with ReviewStore.open(db_path) as mine:
                for index in range(per_thread):
                    kind = (Kind.CLOZE, Kind.ZH_TO_EN)[(index + offset) % 2]
                    when = NOW + timedelta(seconds=index)
                    mine.apply_review(
                        "a", kind, Rating.Good, when, correct=True, source=Source.ANSWER
                    )
        except Exception as err:  # reported below, with the thread's error
            errors.append(err)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with ReviewStore.open(db_path) as store:
        assert store.check() == []
        assert sum(card.reps for card in store.cards()) == 3 * per_thread
        assert len(store.reviews()) == 3 * per_thread


def test_a_session_waits_for_another_ones_write_instead_of_failing(db_path):
    with ReviewStore.open(db_path) as store:
        store.add_card("a", Kind.CLOZE, NOW)
    holding = threading.Event()

    def hold_the_lock():
        with ReviewStore.open(db_path) as other, other.transaction():
            other.mark("b", Status.KNOWN, Source.PLACEMENT, NOW)
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    holding.wait()
    started = time.monotonic()
    with ReviewStore.open(db_path) as store:
        stored = store.apply_review(
            "a", Kind.CLOZE, Rating.Good, NOW, correct=True, source=Source.ANSWER
        )
        waited = time.monotonic() - started
        assert stored.reps == 1 and "b" in store.marks()
    thread.join()
    assert waited > 0.2


def test_a_stored_card_can_be_rescheduled(store):
    stored = answer(store)
    moved = stored_due(stored, NOW + timedelta(days=3))
    store.save_card(moved)
    assert store.card("a", Kind.ZH_TO_EN).due == NOW + timedelta(days=3)
    with pytest.raises(StoreError, match="no card"):
        store.save_card(replace(moved, concept="missing"))


def test_a_version_2_file_of_per_kind_cards_becomes_items_and_keeps_every_review(db_path):
    connection = sqlite3.connect(db_path, isolation_level=None)
    for step in MIGRATIONS[:2]:
        for statement in step:
            connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 2")
    # Per-kind cards as version 2 stored them, reviewed in interleaved order.
    history = [
        ("a", "zh-to-en", Rating.Good, "answer", 0),
        ("a", "cloze", Rating.Again, "answer", 1),
        ("a", "numeric", Rating.Hard, "answer", 2),
        ("b", "flashcard", Rating.Good, "answer", 3),
        ("a", "cloze", Rating.Good, "answer", 12),
        ("a", "zh-to-en", Rating.Good, "implicit", 60 * 24 * 3),
        ("b", "flashcard", Rating.Good, "placement", 60 * 24 * 4),
    ]
    cards: dict[tuple[str, str], object] = {}
    for concept, kind, rating, source, minutes in history:
        if source == "placement":
            continue
        key = (concept, kind)
        card = cards.get(key) or new_card(len(cards) + 1, NOW)
        cards[key], _ = review(card, rating, NOW + timedelta(minutes=minutes))
    for card_id, ((concept, kind), card) in enumerate(cards.items(), start=1):
        ratings = [r for c, k, r, s, _ in history if (c, k) == (concept, kind) and s != "placement"]
        connection.execute(
            "INSERT INTO cards (id, concept, kind, card, due, state, reps, introduced_at,"
            " last_rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                card_id,
                concept,
                kind,
                json.dumps(card.to_dict()),
                card.due.isoformat(timespec="microseconds"),
                int(card.state),
                len(ratings),
                NOW.isoformat(timespec="microseconds"),
                int(ratings[-1]),
            ),
        )
    for concept, kind, rating, source, minutes in history:
        connection.execute(
            "INSERT INTO reviews (concept, kind, rating, correct, source, question,"
            " reviewed_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                concept,
                kind,
                int(rating),
                int(rating > 1),
                source,
                f"{kind}:{concept}:1",
                (NOW + timedelta(minutes=minutes)).isoformat(timespec="microseconds"),
                4.0,
            ),
        )
    connection.execute(
        "INSERT INTO knowledge (concept, status, source, marked_at) VALUES ('z', 'known',"
        " 'placement', ?)",
        (NOW.isoformat(timespec="microseconds"),),
    )
    before = connection.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    connection.close()

    with ReviewStore.open(db_path) as store:
        assert store.check() == []
        assert [(c.concept, c.kind) for c in store.cards()] == [
            ("a", ItemKind.KNOWLEDGE),
            ("a", ItemKind.SKILL),
            ("b", ItemKind.KNOWLEDGE),
        ]
        knows = store.card("a", ItemKind.KNOWLEDGE)
        # Its FSRS state is a replay of every review of its former cards, in time order.
        expected = new_card(1, NOW)
        for rating, minutes in ((Rating.Good, 0), (Rating.Again, 1), (Rating.Good, 12)):
            expected, _ = review(expected, rating, NOW + timedelta(minutes=minutes))
        expected, _ = review(expected, Rating.Good, NOW + timedelta(days=3))
        assert knows.card.to_dict() == expected.to_dict()
        assert (knows.reps, knows.last_rating) == (4, Rating.Good)
        skill = store.card("a", Kind.NUMERIC)
        assert (skill.reps, skill.last_rating) == (1, Rating.Hard)
        assert store.card("b", Kind.FLASHCARD).reps == 1  # a placement probe is no review
        assert store.marks()["z"].status is Status.KNOWN
    after = sqlite3.connect(db_path).execute("SELECT * FROM reviews ORDER BY id").fetchall()
    # The review log is kept, row for row (version 5 appended the column anki_id).
    assert [row[:-1] for row in after] == before
    assert {row[-1] for row in after} == {None}
    assert pragma(db_path, "user_version") == SCHEMA_VERSION


def test_a_version_4_file_gets_the_anki_columns_and_keeps_every_review(db_path):
    connection = sqlite3.connect(db_path)
    for step in MIGRATIONS[:4]:
        for statement in step:
            if isinstance(statement, str):
                connection.execute(statement)
            else:
                statement(connection)
    connection.execute(
        "INSERT INTO reviews (concept, kind, rating, correct, source, question, reviewed_at,"
        " seconds) VALUES ('a', 'cloze', 3, 1, 'answer', 'cloze:a:1', ?, 2.5)",
        (timestamp(NOW),),
    )
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 4")
    connection.commit()
    connection.close()

    with ReviewStore.open(db_path) as store:
        (record,) = store.reviews()
        assert (record.id, record.concept, record.source, record.anki_id) == (
            1,
            "a",
            Source.ANSWER,
            None,
        )
        assert store.parameters() is None and store.scheduler is SCHEDULER
        store.add_review(replace(record, id=None, source=Source.ANKI, anki_id=7))
        with pytest.raises(StoreError):  # Anki's review ids are unique
            store.add_review(replace(record, id=None, source=Source.ANKI, anki_id=7))
    assert pragma(db_path, "user_version") == SCHEMA_VERSION


def test_undo_keeps_reviews_read_from_anki_meanwhile():
    with ReviewStore.open(":memory:") as store:
        store.add_card("a", Kind.CLOZE, NOW)
        since = store.last_ids()
        before = {("a", ItemKind.KNOWLEDGE): store.card("a", Kind.CLOZE)}
        store.apply_review("a", Kind.CLOZE, Rating.Good, NOW, correct=True, source=Source.ANSWER)
        anki = ReviewRecord(
            "a",
            Kind.FLASHCARD,
            Rating.Again,
            False,
            Source.ANKI,
            NOW - timedelta(hours=1),
            anki_id=5,
        )
        store.add_review(anki)  # as another process's 'dlkg anki reviews' would
        store.undo(since, before)
        assert [r.source for r in store.reviews()] == [Source.ANKI]
        assert store.card("a", Kind.CLOZE).reps == 1
        assert store.check() == []
