"""``dlkg study`` and ``dlkg stats`` through CliRunner, with scripted answers."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from fsrs import Rating

from dlkg.cli import cli
from kg.library import load_library
from quiz.question import Kind, Mode
from quiz.study import knowledge
from quiz.study.clock import fixed_clock
from quiz.study.items import item_kinds
from quiz.study.session import Session
from quiz.study.store import ItemKind, ReviewStore, Source, Status

from .conftest import NOW
from .scripting import plan, response

NOW_TEXT = "2025-01-01T09:00:00Z"


@pytest.fixture
def env(db_path):
    return {"DLKG_NOW": NOW_TEXT, "DLKG_DB": str(db_path)}


def run(args, *, env, input=None):
    result = CliRunner().invoke(cli, args, input=input, env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def stored_answers(db_path):
    with ReviewStore.open(db_path) as store:
        return [
            (r.concept, r.question, r.correct, r.rating)
            for r in store.reviews(source=Source.ANSWER)
        ]


def test_a_whole_session_with_right_answers(small_library, db_path, env):
    library = load_library(small_library)
    lines, asked = plan(library, target="d", new_concepts=4)
    result = run(
        ["study", "--content", str(small_library), "--target", "d", "--new", "4", "--lang", "en"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.output
    graded = sum(1 for _, question_id, _ in asked if not question_id.startswith("flashcard"))
    assert result.output.count("✓ Right") == graded
    assert "✗ Wrong" not in result.output
    assert result.output.count("New concept: Term ") == 4
    assert "New concept: Term a · 术语 a" in result.output  # both terms, in every language
    assert f"Reviewed: {len(asked)}, right: {len(asked)} (100%)" in result.output
    assert "New concepts: Term a, Term b, Term c, Term d" in result.output  # syllabus order
    assert "Newly unlocked: Term b, Term d" in result.output
    assert "Next review: in 2 days (2025-01-03 09:00 UTC)" in result.output
    assert "Session ended early" not in result.output
    assert stored_answers(db_path) == [(c, q, True, Rating.Good) for c, q, _ in asked]
    with ReviewStore.open(db_path) as store:
        assert store.check() == []


def test_wrong_answers_show_the_answer_and_are_rated_again(small_library, db_path, env):
    library = load_library(small_library)
    lines, asked = plan(library, new_concepts=1, limit=4, right=lambda n, q: n % 2 == 0)
    result = run(
        ["study", "--content", str(small_library), "--new", "1", "--limit", "4"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0
    assert "Reviewed: 4, right: 2 (50%)" in result.output
    assert "→ Again · 重来; next review in 1 min" in result.output
    assert [correct for _, _, correct, _ in stored_answers(db_path)] == [
        correct for _, _, correct in asked
    ]


def test_end_of_input_ends_the_session_with_its_summary(small_library, db_path, env):
    library = load_library(small_library)
    lines, asked = plan(library, new_concepts=2)
    # Stop in the middle of the third question's answer lines.
    kept = sum(len(response_lines) for response_lines in _responses(library, 2))
    result = run(
        ["study", "--content", str(small_library), "--new", "2"],
        env=env,
        input="\n".join(lines[:kept]) + "\n",
    )
    assert result.exit_code == 0
    assert "Session ended early." in result.output
    assert "Session summary · 本次小结" in result.output
    assert "Reviewed: 2, right: 2 (100%)" in result.output
    assert len(stored_answers(db_path)) == 2 and asked[:2]


def _responses(library, count):
    """The answer lines of the first ``count`` questions of a --new 2 session."""
    lines, _ = [], None
    from quiz.study.store import MEMORY

    with ReviewStore.open(MEMORY) as store:
        session = Session(library, store, clock=fixed_clock(NOW), new_concepts=2)
        for _ in range(count):
            step = session.next_step()
            lines.append(([""] if step.introduce else []) + response(step.question, True))
            if step.question.mode is Mode.SELF:
                session.answer(step, self_rating=3)
            else:
                session.answer(step, correct=True)
    return lines


def test_ctrl_c_outside_a_prompt_ends_the_session_cleanly(small_library, db_path, env, monkeypatch):
    library = load_library(small_library)
    lines, _ = plan(library, new_concepts=1)
    answer = Session.answer
    calls = []

    def interrupted(self, step, **kwargs):
        calls.append(step)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return answer(self, step, **kwargs)

    monkeypatch.setattr(Session, "answer", interrupted)
    result = run(
        ["study", "--content", str(small_library), "--new", "1"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0
    assert "Session ended early." in result.output and "Reviewed: 1, right: 1" in result.output
    assert len(stored_answers(db_path)) == 1


def test_a_hint_then_a_right_answer_rates_hard(small_library, db_path, env):
    library = load_library(small_library)
    lines, asked = plan(library, new_concepts=1, limit=2)
    # Question 2 is a's definition-to-term (multiple choice): ask for a hint first.
    assert asked[1][1].startswith("definition-to-term")
    lines = [*lines[:3], "?", *lines[3:]]  # after the intro's Enter and the flashcard's two
    result = run(
        ["study", "--content", str(small_library), "--new", "1", "--limit", "2", "--lang", "en"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0
    assert "Hint: it is not" in result.output
    assert "→ Hard; next review" in result.output
    assert [rating for *_, rating in stored_answers(db_path)] == [Rating.Good, Rating.Hard]


def test_the_summary_says_when_nothing_is_left(small_library, env):
    result = run(["study", "--content", str(small_library), "--new", "0"], env=env, input="")
    assert result.exit_code == 0
    assert "Reviewed: 0, right: 0" in result.output
    assert "Next review: nothing scheduled yet" in result.output


def test_placement_marks_what_the_answers_imply(small_library, db_path, env):
    library = load_library(small_library)
    from quiz.study.placement import PlacementWalk, probe_question

    walk = PlacementWalk(library.graph, library.concepts)
    lines = []
    for correct in (True, True, True, False):
        probe = walk.next_probe()
        question = probe_question(library, probe)
        # A wrong answer here is "I don't know" (n).
        lines.extend(response(question, True) if correct else ["n"])
        walk.record(probe, correct=correct, strong=question.mode is Mode.TERM)
    result = run(
        ["study", "--placement", "--limit", "4", "--content", str(small_library), "--lang", "en"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.output
    known, unknown = walk.marked(Status.KNOWN), walk.marked(Status.UNKNOWN)
    assert known and unknown
    assert f"Marked known ({len(known)}): " in result.output
    assert f"Marked to learn ({len(unknown)}): " in result.output
    with ReviewStore.open(db_path) as store:
        marks = store.marks()
        assert {c for c, m in marks.items() if m.status is Status.KNOWN} == set(known)
        assert {c for c, m in marks.items() if m.status is Status.UNKNOWN} == set(unknown)
        assert len(store.reviews(source=Source.PLACEMENT)) == 4


def test_stats_after_a_session(small_library, db_path, env):
    library = load_library(small_library)
    lines, asked = plan(library, target="b", new_concepts=1)
    run(
        ["study", "--content", str(small_library), "--target", "b", "--new", "1"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    result = run(["stats", "--content", str(small_library), "--json"], env=env)
    assert result.exit_code == 0
    data = json.loads(result.output)
    concepts = {line["concept"]: line for line in data["concepts"]}
    assert concepts["a"]["progress"] == "review" and concepts["a"]["learned"]
    assert concepts["a"]["answers"] == len(asked) and concepts["a"]["accuracy"] == 1.0
    assert concepts["a"]["next_due"] == "2025-01-03T09:00:00.000000+00:00"
    assert concepts["a"]["retrievability"] == 1.0
    assert data["frontier"] == ["b", "c", "e"]  # the syllabus order
    assert {d["domain"]: d["learned"] for d in data["domains"]} == {"maths": 1, "models": 0}

    text = run(["stats", "--content", str(small_library), "--target", "d"], env=env).output
    assert "foundations" not in text and "maths" in text
    assert "Path to Term d · 术语 d: 1/4 learned" in text
    assert "✓ ██████████ Term a · 术语 a" in text  # the map names concepts by their terms
    map_lines = text[text.index("Path to") :].splitlines()[2:]
    assert [line.split()[0] for line in map_lines] == ["✓", "○", "○", "·"]
    assert map_lines[0].split()[-1] == "reviewing"
    assert map_lines[3].endswith("locked  needs Term b · 术语 b, Term c · 术语 c")
    # The state column is aligned, however deep a concept sits on the path.
    columns = {
        line.index("reviewing" if "✓" in line else "ready" if "○" in line else "locked")
        for line in map_lines
    }
    assert len(columns) == 1


def test_stats_without_a_database_creates_nothing(small_library, db_path, env):
    result = run(["stats", "--content", str(small_library)], env=env)
    assert result.exit_code == 0 and "No study database yet" in result.output
    assert "Frontier" in result.output and not db_path.exists()
    result = run(["stats", "--check"], env=env)
    assert result.exit_code == 0 and "nothing to check" in result.output


def test_stats_check_passes_then_finds_a_broken_invariant(small_library, db_path, env):
    library = load_library(small_library)
    lines, _ = plan(library, new_concepts=1, limit=3)
    run(
        ["study", "--content", str(small_library), "--new", "1", "--limit", "3"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    result = run(["stats", "--check"], env=env)
    assert result.exit_code == 0 and result.output.startswith(f"OK: {db_path}: integrity ok")
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE cards SET reps = reps + 1 WHERE id = 1")
    connection.commit()
    connection.close()
    result = run(["stats", "--check"], env=env)
    assert result.exit_code == 1
    assert "review(s) applied but" in result.output and "1 problem(s) in" in result.output
    result = run(["stats", "--check", "--json"], env=env)
    assert result.exit_code == 1 and '"ok": false' in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some notes\n", "not a dlkg study database (not an SQLite file)"),
        (bytes(range(256)) * 8, "not a dlkg study database (not an SQLite file)"),
    ],
)
def test_a_file_that_is_not_ours_is_a_one_line_error(db_path, env, content, message):
    db_path.write_bytes(content)
    for command in (["study"], ["stats"], ["stats", "--check"]):
        result = run(command, env=env)
        assert result.exit_code == 1
        assert (
            result.output.strip() == f"Error: {db_path}: {message}; choose another file with --db"
        )
    assert db_path.read_bytes() == content


def test_a_newer_database_is_refused(db_path, env):
    ReviewStore.open(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    result = run(["study"], env=env)
    assert result.exit_code == 1 and "written by a newer dlkg (schema version 99" in result.output


def test_bad_dlkg_now_is_a_usage_error(env):
    result = run(["study"], env={**env, "DLKG_NOW": "2025-01-01 09:00"})
    assert result.exit_code == 2 and "DLKG_NOW" in result.output and "no time zone" in result.output


def test_the_default_database_lives_in_the_app_folder(small_library, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DLKG_DB", raising=False)
    result = run(
        ["study", "--content", str(small_library), "--new", "0"], env={"DLKG_NOW": NOW_TEXT}
    )
    assert result.exit_code == 0
    assert (tmp_path / "config" / "dlkg" / "study.db").is_file()
    other = tmp_path / "elsewhere.db"
    result = run(
        ["study", "--content", str(small_library), "--new", "0", "--db", str(other)],
        env={"DLKG_NOW": NOW_TEXT},
    )
    assert result.exit_code == 0 and other.is_file()


def test_unknown_target_is_a_usage_error(small_library, env):
    result = run(["study", "--content", str(small_library), "--target", "zz"], env=env)
    assert result.exit_code == 2 and "no concept named 'zz'" in result.output


def test_implicit_review_is_reported(small_library, db_path, env):
    # b and d were learned a month ago; d's review comes due before b's.
    library = load_library(small_library)
    with ReviewStore.open(db_path) as store:
        for concept in ("a", "c"):
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW)
        for concept in ("b", "d"):
            for kind in item_kinds(library, concept):
                store.add_card(concept, kind, NOW)
                store.apply_review(
                    concept, kind, Rating.Easy, NOW, correct=True, source=Source.ANSWER
                )
        later = NOW + timedelta(days=30)
        for stored in store.cards():
            store.save_card(knowledge.stored_due(stored, later + timedelta(days=5)))
        store.save_card(
            knowledge.stored_due(store.card("d", Kind.ZH_TO_EN), later - timedelta(hours=2))
        )
        store.save_card(
            knowledge.stored_due(store.card("b", Kind.ZH_TO_EN), later - timedelta(hours=1))
        )
        clock = fixed_clock(later)
        [step] = [Session(library, store, clock=clock, new_concepts=0).next_step()]
    assert (step.concept, step.card.kind) == ("d", ItemKind.KNOWLEDGE)
    result = run(
        ["study", "--content", str(small_library), "--new", "0", "--lang", "en"],
        env={**env, "DLKG_NOW": later.isoformat()},
        input="\n".join(response(step.question, True)) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Also counted as a review of its prerequisites: Term b" in result.output
    assert "Reviewed: 1, right: 1" in result.output  # b's review was done implicitly
    with ReviewStore.open(db_path) as store:
        [implicit] = store.reviews(source=Source.IMPLICIT)
        assert (implicit.concept, implicit.kind) == ("b", ItemKind.KNOWLEDGE)
        assert store.count_due(later) == 0


def test_a_database_failure_mid_session_is_one_line_after_the_summary(
    small_library, db_path, env, monkeypatch
):
    from quiz.study.store import StoreError

    library = load_library(small_library)
    lines, _ = plan(library, new_concepts=1)
    answer = Session.answer

    def failing(self, step, **kwargs):
        if self.answered == 1:
            raise StoreError(db_path, "disk I/O error")
        return answer(self, step, **kwargs)

    monkeypatch.setattr(Session, "answer", failing)
    result = run(
        ["study", "--content", str(small_library), "--new", "1"],
        env=env,
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 1
    assert "Reviewed: 1, right: 1" in result.output
    assert result.output.rstrip().endswith(f"Error: {db_path}: disk I/O error")


def test_the_new_option_default_is_the_sessions():
    from quiz.study.session_records import DEFAULT_NEW_CONCEPTS

    study = cli.get_command(None, "study")
    [option] = [p for p in study.params if p.name == "new_concepts"]
    assert option.default == DEFAULT_NEW_CONCEPTS


def test_quitting_at_a_new_concept_introduces_nothing(small_library, db_path, env):
    result = run(["study", "--content", str(small_library), "--lang", "en"], env=env, input="q\n")
    assert result.exit_code == 0
    assert "New concept: Term a · 术语 a" in result.output
    assert "press Enter for a question on it" in result.output
    assert "Reviewed: 0, right: 0" in result.output and "New concepts:" not in result.output
    with ReviewStore.open(db_path) as store:
        assert store.cards() == [] and store.reviews() == []


@pytest.mark.parametrize(
    ("args", "marks", "expected"),
    [
        (["--new", "0"], (), "Nothing is due, and --new 0 introduces no new concept"),
        (["--target", "b"], ("a", "b"), "Everything on the path to Term b is learned or marked"),
        ([], ("a", "b", "c", "d", "e"), "Every concept is learned or marked known"),
    ],
)
def test_a_session_with_nothing_to_do_says_why_and_what_next(
    small_library, db_path, env, args, marks, expected
):
    with ReviewStore.open(db_path) as store:
        for concept in marks:
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW)
    result = run(["study", "--content", str(small_library), "--lang", "en", *args], env=env)
    assert result.exit_code == 0
    assert expected in result.output


def test_a_session_waiting_for_prerequisites_says_so(small_library, db_path, env):
    with ReviewStore.open(db_path) as store:
        for concept in ("c", "e"):
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW)
        store.add_card("a", Kind.CLOZE, NOW)
        store.apply_review("a", Kind.CLOZE, Rating.Again, NOW, correct=False, source=Source.ANSWER)
    later = {**env, "DLKG_NOW": "2025-01-01T08:00:00Z"}  # a's relearning step is not due yet
    result = run(["study", "--content", str(small_library), "--lang", "en"], env=later)
    assert "the next concepts wait until Term a is learned" in result.output


def study_with(small_library, env, lines):
    args = ["study", "--content", str(small_library), "--lang", "en"]
    return run(args, env=env, input="\n".join(lines) + "\n")


def test_help_lists_every_control_and_q_ends(small_library, db_path, env):
    from dlkg.commands.study_screens import CONTROLS

    result = study_with(small_library, env, ["", "/h", "", "z", "q"])
    assert result.exit_code == 0
    for word in CONTROLS:
        assert f"  {word}  " in result.output
    assert "Press 1, 2, 3 or 4." in result.output  # a stray key at the rating
    assert "Session ended." in result.output
    assert "Reviewed: 0, right: 0" in result.output and stored_answers(db_path) == []


def test_undo_takes_back_the_last_answer_and_asks_it_again(small_library, db_path, env):
    # a: Good; c is introduced; /u takes a's answer back; a again: Again; then quit.
    lines = ["", "", "3", "", "/u", "", "", "1", "/q"]
    result = study_with(small_library, env, lines)
    assert result.exit_code == 0, result.output
    assert "Undone: your last answer is taken back" in result.output
    assert "Unlocked: Term b" in result.output
    assert "Reviewed: 1, right: 0" in result.output
    assert "Newly unlocked: none" in result.output  # the undone answer's unlock is gone
    with ReviewStore.open(db_path) as store:
        assert [(r.concept, r.rating) for r in store.reviews()] == [("a", Rating.Again)]
        assert store.card("a", ItemKind.KNOWLEDGE).reps == 1
        assert store.check() == []


def test_nothing_to_undo_is_said(small_library, db_path, env):
    result = study_with(small_library, env, ["", "/u", "/q"])
    assert "Nothing to undo in this session yet." in result.output


def test_skip_then_bury_a_concept(small_library, db_path, env):
    # a is new: skipped, then buried before any answer, it is passed over (issue 15).
    result = study_with(small_library, env, ["", "/s", "/b", "", "/q"])
    assert result.exit_code == 0, result.output
    assert "Skipped: it comes back later" in result.output
    assert "Passed over: Term a is not introduced" in result.output
    assert result.output.count("New concept: Term a") == 1  # skipped, not re-taught
    assert "New concept: Term c" in result.output  # the session went on
    with ReviewStore.open(db_path) as store:
        assert store.cards() == [] and store.reviews() == []
    # Answered once, then buried: its items wait until tomorrow.
    args = ["study", "--content", str(small_library), "--lang", "en", "--new", "1"]
    result = run(args, env=env, input="\n".join(["", "", "3", "/b", "/q"]) + "\n")
    assert "Buried until 2025-01-02 00:00 UTC: Term a" in result.output, result.output
    with ReviewStore.open(db_path) as store:
        [item] = store.cards("a")
        assert item.reps == 1 and item.due.isoformat() == "2025-01-02T00:00:00+00:00"
        assert store.check() == []


def test_a_skipped_numeric_question_comes_back_with_other_numbers():
    from pathlib import Path

    from quiz.study.items import question_for
    from quiz.study.rating import new_card
    from quiz.study.store import StoredCard

    library = load_library(Path(__file__).resolve().parents[3] / "content")
    item = StoredCard("softmax", ItemKind.SKILL, new_card(1, NOW), NOW)
    first, skipped = (question_for(library, item, variant=v) for v in (0, 1))
    assert first.template == skipped.template and first.seed != skipped.seed


def test_suspend_a_concept_and_resume_it(small_library, db_path, env):
    result = study_with(small_library, env, ["", "/x", "/q"])
    assert result.exit_code == 0, result.output
    assert "Suspended: Term a; 'dlkg study --unsuspend a' resumes it." in result.output
    later = {**env, "DLKG_NOW": "2025-02-01T09:00:00Z"}
    with ReviewStore.open(db_path) as store:
        assert store.suspended() == ["a"] and store.check() == []
        assert store.count_due(datetime.fromisoformat("2025-02-01T09:00:00+00:00")) == 0
    result = run(["study", "--content", str(small_library), "--unsuspend", "a"], env=later)
    assert result.exit_code == 0 and "Resumed: Term a" in result.output
    with ReviewStore.open(db_path) as store:
        assert store.suspended() == []


def test_stats_shows_the_forecast(small_library, db_path, env):
    with ReviewStore.open(db_path) as store:
        for concept, days in (("a", 0), ("b", 1), ("c", 3), ("e", 9)):
            store.add_card(concept, Kind.CLOZE, NOW)
            stored = store.card(concept, Kind.CLOZE)
            store.save_card(knowledge.stored_due(stored, NOW + timedelta(days=days)))
    result = run(["stats", "--content", str(small_library)], env=env)
    assert "Due · 待复习: today 1, tomorrow 1, next 7 days 3" in result.output
    result = run(["stats", "--content", str(small_library), "--json"], env=env)
    data = json.loads(result.output)
    assert data["forecast"] == {"today": 1, "tomorrow": 1, "next_7_days": 3}
    assert {line["concept"]: line["cards"] for line in data["concepts"]}["a"] == 1


def test_a_slow_right_answer_says_why_it_is_hard(small_library, db_path, env, monkeypatch):
    import itertools

    library = load_library(small_library)
    lines, asked = plan(library, new_concepts=1, limit=2)
    assert asked[1][1].startswith("definition-to-term")
    ticks = itertools.count(0, 100)  # every answer takes 100 s
    monkeypatch.setattr("dlkg.asking.time.monotonic", lambda: next(ticks))
    args = ["study", "--content", str(small_library), "--new", "1", "--limit", "2"]
    result = run([*args, "--lang", "en"], env=env, input="\n".join(lines) + "\n")
    assert "→ Hard (right, but slower than 30 s" in result.output
