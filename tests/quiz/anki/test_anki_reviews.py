"""Both ways with Anki's own library: a frontier deck studied in Anki over several
days, its reviews read back into the store, and the deck that unlocks next.

The learner's days are simulated: Anki's scheduler answers every card it
offers (learning steps come back at once: Anki shows learning cards up to 20
minutes early when nothing else is due), then the whole collection moves one
day into the past (review ids, and the due times of cards) and the next day starts.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.library import load_library
from quiz.anki.collection import ApkgError
from quiz.anki.notes import concept_guid, numeric_guid
from quiz.anki.package_reader import Limits
from quiz.anki.revlog import SkipReason, read_reviews
from quiz.question import Kind
from quiz.study.records import ItemKind, Source
from quiz.study.store import ReviewStore
from tests.conftest import concept_yaml, write_files
from tests.quiz.anki.conftest import FIXED_TIME, damage_pages, import_into

DAY_MS = 86_400_000
DAYS = 8
EASES = {"c": {0: 1, 1: 1}, "e": {1: 4}}
"""Per concept and day, the button pressed on a card's first answer that day; else Good."""


def run(*args: str, epoch: int | None = None):
    env = {"DLKG_NO_CACHE": "1"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def study_days(col, days: int) -> int:
    """Answer every card Anki offers, ``days`` times, a day apart; how many answers."""
    answered = 0
    for day in range(days):
        pressed: set[int] = set()
        for deck in ("Deep Learning", "Geography"):
            col.decks.select(col.decks.id(deck))
            for _ in range(500):
                card = col.sched.getCard()
                if card is None:
                    break
                note = card.note()
                concept = note.fields[0] if note.note_type()["name"] == "dlkg concept" else ""
                first_today = card.id not in pressed
                ease = EASES.get(concept, {}).get(day, 3) if first_today else 3
                pressed.add(card.id)
                col.sched.answerCard(card, ease)
                answered += 1
        col.db.execute("UPDATE revlog SET id = id - ?", DAY_MS)
        col.db.execute("UPDATE cards SET due = due - 1 WHERE queue IN (2, 3)")
        col.db.execute("UPDATE cards SET due = due - 86400 WHERE queue = 1")
    return answered


def add_foreign_note(col) -> None:
    """A Basic note of the learner's own, reviewed too: its reviews are not dlkg's."""
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "Capital of France", "Paris"
    col.add_note(note, col.decks.id("Geography"))


def export_with_scheduling(col, path: Path) -> Path:
    from anki.collection import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(
        legacy=False, with_media=False, with_scheduling=True, with_deck_configs=False
    )
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


def note_ids_by_guid(col) -> dict[str, int]:
    return dict(col.db.all("SELECT guid, id FROM notes"))


def dlkg_decks(col) -> dict[str, int]:
    return {
        deck.name: deck.id
        for deck in col.decks.all_names_and_ids()
        if deck.name.startswith("Deep Learning")
    }


def test_a_frontier_deck_studied_in_anki_comes_back_and_unlocks_more(
    awkward_library, collection, tmp_path
):
    library = load_library(awkward_library)
    db = tmp_path / "study.db"
    common = ["--db", str(db), "--content", str(awkward_library)]

    # 1. A new learner's frontier deck: the concepts without prerequisites.
    first = tmp_path / "frontier-1.apkg"
    run(
        "anki",
        "export",
        "--frontier",
        "--variants",
        "0",
        "-o",
        str(first),
        *common,
        epoch=FIXED_TIME,
    )
    import_into(collection, first)
    guids = note_ids_by_guid(collection)
    assert set(guids) == {concept_guid(c) for c in ("a", "c", "e")}
    decks = dlkg_decks(collection)
    assert set(decks) == {"Deep Learning", "Deep Learning::Maths", "Deep Learning::Models"}

    # 2. Eight days in Anki, with a note of the learner's own and a manual reschedule.
    add_foreign_note(collection)
    answers = study_days(collection, DAYS)
    a_card = collection.db.scalar(
        "SELECT id FROM cards WHERE nid = ? ORDER BY ord LIMIT 1", guids[concept_guid("a")]
    )
    collection.sched.set_due_date([a_card], "0")
    revlog = collection.db.all("SELECT id, cid, ease, type FROM revlog ORDER BY id")
    foreign = collection.db.scalar(
        "SELECT count(*) FROM revlog WHERE cid IN (SELECT c.id FROM cards c JOIN notes n"
        " ON c.nid = n.id WHERE n.guid NOT IN (?, ?, ?))",
        *(concept_guid(c) for c in ("a", "c", "e")),
    )
    manual = sum(1 for row in revlog if row[3] not in (0, 1, 2))
    assert answers == len(revlog) - manual and foreign > 0 and manual == 1
    package = export_with_scheduling(collection, tmp_path / "studied.apkg")

    # 3. The reviews come back: every answer of dlkg's cards, each once.
    result = json.loads(run("anki", "reviews", str(package), "--json", *common).output)
    ours = len(revlog) - foreign - manual
    assert result["added"] == ours
    assert set(result["added_per_concept"]) == {"a", "c", "e"}
    assert result["already_there"] == 0
    skipped = {entry["reason"]: entry["reviews"] for entry in result["skipped"]}
    assert skipped == {SkipReason.NOT_DLKG.value: foreign, SkipReason.NOT_A_REVIEW.value: 1}

    with ReviewStore.open(db) as store:
        assert store.check() == []
        logged = store.reviews(source=Source.ANKI)
        assert len(logged) == ours
        assert {r.anki_id for r in logged} == {row[0] for row in revlog} & store.anki_ids()
        knowledge_a = store.card("a", ItemKind.KNOWLEDGE)
        a_times = [r.reviewed_at for r in logged if r.concept == "a"]
        assert knowledge_a.reps == len(a_times)
        assert knowledge_a.card.last_review == max(a_times)
        assert len({t.date() for t in a_times}) >= 3  # on several of the days
        assert store.card("awkward", ItemKind.KNOWLEDGE) is None  # not in the deck yet
        assert store.source_counts()["anki"] == ours
        before = store.reviews()

    # Read with a library that has only a: the others' reviews are named and skipped.
    only_a = load_library(write_files(tmp_path / "only-a", {"maths/a": concept_yaml("a")}))
    partial = read_reviews(package, only_a)
    assert {review.concept for review in partial.reviews} == {"a"}
    assert set(partial.skipped[SkipReason.NOT_IN_LIBRARY]) == {"c", "e"}

    # 4. Idempotent: the same package, the whole collection, the collection file itself.
    again = json.loads(run("anki", "reviews", str(package), "--json", *common).output)
    assert (again["added"], again["already_there"]) == (0, ours)
    colpkg = tmp_path / "collection.colpkg"
    collection.export_collection_package(str(colpkg), include_media=False, legacy=False)
    for source in (colpkg, Path(collection.path)):
        history = read_reviews(source, library)
        assert len(history.reviews) == ours
        assert (
            json.loads(run("anki", "reviews", str(source), "--json", *common).output)["added"] == 0
        )
    collection.reopen()
    with ReviewStore.open(db) as store:
        assert store.reviews() == before  # nothing rewritten, nothing added

    # 5. dlkg stats tells Anki's reviews apart.
    stats = json.loads(run("stats", "--json", *common).output)
    assert stats["reviews_by_source"]["anki"] == ours
    text = run("stats", *common).output
    assert f"{ours} in Anki" in text

    # 6. The next frontier deck: b and awkward (after a) are unlocked; d (after b) is not.
    second = tmp_path / "frontier-2.apkg"
    run(
        "anki",
        "export",
        "--frontier",
        "--variants",
        "0",
        "-o",
        str(second),
        *common,
        epoch=FIXED_TIME + 3600,
    )
    revlog_before = collection.db.scalar("SELECT count(*) FROM revlog")
    import_into(collection, second)
    after = note_ids_by_guid(collection)
    for concept in ("a", "c", "e"):
        assert after[concept_guid(concept)] == guids[concept_guid(concept)]  # updated in place
    new = {concept for concept in ("b", "d", "awkward") if concept_guid(concept) in after}
    assert new == {"b", "awkward"}
    assert collection.db.scalar("SELECT count(*) FROM revlog") == revlog_before
    assert dlkg_decks(collection) == decks  # the same decks, the same ids


def test_reviews_of_a_file_that_is_not_anki_give_one_line(tmp_path, awkward_library):
    junk = tmp_path / "junk.colpkg"
    junk.write_bytes(b"not a zip")
    result = CliRunner().invoke(
        cli,
        [
            "anki",
            "reviews",
            str(junk),
            "--db",
            str(tmp_path / "s.db"),
            "--content",
            str(awkward_library),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {junk}: not an Anki package (not a zip archive)"


def test_a_collection_without_a_review_log_is_refused(tmp_path, awkward_library):
    path = tmp_path / "collection.anki2"
    connection = sqlite3.connect(path)
    connection.executescript("CREATE TABLE notes (id); CREATE TABLE cards (id);")
    connection.close()
    with pytest.raises(ApkgError, match="no revlog table"):
        read_reviews(path, load_library(awkward_library))


def test_a_damaged_collection_file_is_refused_and_left_as_it_was(
    tmp_path, awkward_library, collection_bytes
):
    path = tmp_path / "collection.anki2"
    path.write_bytes(damage_pages(collection_bytes))
    before = path.read_bytes()
    with pytest.raises(ApkgError, match=r"corrupt|damaged"):
        read_reviews(path, load_library(awkward_library))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collection.anki2", "content"]


def test_a_collection_file_over_the_size_cap_is_refused(
    tmp_path, awkward_library, collection_bytes
):
    path = tmp_path / "collection.anki2"
    path.write_bytes(collection_bytes)
    with pytest.raises(ApkgError, match="over the 1 KiB limit"):
        read_reviews(path, load_library(awkward_library), limits=Limits(collection_bytes=1024))


def test_each_revlog_row_maps_to_an_item_or_is_skipped_with_its_reason(tmp_path, awkward_library):
    """A hand-made collection: concept and numeric notes of dlkg, another's note, a
    deleted card, a filtered-deck row, a manual row and a template dlkg never made."""
    library = load_library(awkward_library)
    numeric_id = "cross-entropy:awkward:12345"
    path = tmp_path / "collection.anki2"
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, flds TEXT);"
        "CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, ord INTEGER);"
        "CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid INTEGER, ease INTEGER,"
        " time INTEGER, type INTEGER);"
    )
    connection.executemany(
        "INSERT INTO notes VALUES (?, ?, ?)",
        [
            (1, concept_guid("a"), "a\x1fTerm a"),
            (2, numeric_guid("awkward", "cross-entropy", 12345), f"{numeric_id}\x1fawkward"),
            (3, "someone-else", "Capital of France\x1fParis"),
            (4, concept_guid("elsewhere"), "elsewhere\x1fA concept of another library"),
        ],
    )
    connection.executemany(
        "INSERT INTO cards VALUES (?, ?, ?)",
        [(10, 1, 2), (11, 1, 9), (20, 2, 0), (30, 3, 0), (40, 4, 0)],
    )
    t = 1_735_722_000_000
    connection.executemany(
        "INSERT INTO revlog VALUES (?, ?, ?, ?, ?)",
        [
            (t, 10, 3, 4200, 0),  # a, 中文 → English, learning: a review
            (t + 1, 20, 1, 0, 1),  # the numeric note: a review of the skill item
            (t + 2, 10, 3, 1000, 3),  # filtered deck (cramming)
            (t + 3, 10, 0, 0, 4),  # manual: set due date
            (t + 4, 11, 3, 1000, 1),  # a template ordinal dlkg never made
            (t + 5, 30, 3, 1000, 1),  # another's note
            (t + 6, 40, 3, 1000, 1),  # dlkg's note of a concept not in this library
            (t + 7, 99, 3, 1000, 1),  # a card deleted since
        ],
    )
    connection.commit()
    connection.close()

    history = read_reviews(path, library)

    assert [(r.concept, r.kind, r.rating, r.question, r.seconds) for r in history.reviews] == [
        ("a", Kind.ZH_TO_EN, 3, "anki:2", 4.2),
        ("awkward", Kind.NUMERIC, 1, numeric_id, None),
    ]
    assert history.reviews[0].reviewed_at == datetime(2025, 1, 1, 9, tzinfo=UTC)
    assert {reason: dict(subjects) for reason, subjects in history.skipped.items()} == {
        SkipReason.NOT_A_REVIEW: {"a": 2},
        SkipReason.UNKNOWN_TEMPLATE: {"a": 1},
        SkipReason.NOT_DLKG: {"note 3": 1},
        SkipReason.NOT_IN_LIBRARY: {"elsewhere": 1},
        SkipReason.NO_CARD: {"card 99": 1},
    }
