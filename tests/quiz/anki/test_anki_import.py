"""dlkg's decks imported into Anki's own library: notes, cards, decks, tags, rendering,
updates in place, and new cards in learning-path order."""

from __future__ import annotations

import html
import re

import pytest

from kg.concept import Concept, Text
from kg.library import Library, load_library
from quiz.anki.notes import (
    CONCEPT_FIELDS,
    CONCEPT_MODEL_NAME,
    NUMERIC_FIELDS,
    NUMERIC_MODEL_NAME,
    deck_name,
    export_apkg,
)
from quiz.anki.writer import PRESET_NAME
from quiz.numeric import templates_for
from tests.conftest import BUNDLED_CONTENT
from tests.quiz.anki.conftest import FIXED_TIME, import_into

TEMPLATE_PROBLEM = "templates/errors.html"
"""Anki links this page from every template error and from a blank front."""


def concept_of(note) -> str:
    """The concept a note is about: its Id (concept notes) or Concept field (numeric)."""
    return note["Concept"] if "Concept" in note else note["Id"]


def test_the_deck_imports_with_its_notes_cards_decks_and_tags(
    awkward_library, tmp_path, collection
):
    library = load_library(awkward_library)
    summary = export_apkg(library, tmp_path / "deck.apkg", variants=2, timestamp=FIXED_TIME)

    log = import_into(collection, summary.path)

    numeric = 2 * len(templates_for("engine.losses:cross_entropy"))
    assert summary.numeric_notes == numeric > 0
    assert len(log.new) == len(collection.find_notes("")) == 6 + numeric
    assert len(collection.find_cards("")) == summary.cards == 6 * 5 + numeric
    decks = {entry.name for entry in collection.decks.all_names_and_ids()}
    assert {"Deep Learning", "Deep Learning::Maths", "Deep Learning::Models"} <= decks
    names = {model["name"] for model in collection.models.all()}
    assert {CONCEPT_MODEL_NAME, NUMERIC_MODEL_NAME} <= names
    assert not [name for name in names if name.endswith("+")]

    (awkward,) = collection.find_notes('"Id:awkward"')
    tags = collection.get_note(awkward).tags
    assert {"dlkg::models", "two_words", "中文_标签", "full_width"} <= set(tags)
    (card,) = collection.find_cards('"Id:awkward" card:1')
    assert collection.decks.name(collection.get_card(card).did) == "Deep Learning::Models"


def check_renders(col) -> int:
    """Render every card of ``col``; returns how many. Fails on any template problem."""
    cards = col.find_cards("")
    for card_id in cards:
        output = col.get_card(card_id).render_output()
        question, answer = output.question_text, output.answer_text
        for side in (question, answer):
            assert TEMPLATE_PROBLEM not in side, side
            assert "<script>" not in side
            assert not re.search(r"(?<!\\)\$[^$<]+\$", side.replace("$money$", ""))
        assert re.sub(r"<[^>]+>", "", question).strip(), f"empty front: {question}"
        assert len(answer) > len(question)
    return len(cards)


def test_every_card_renders_with_escaped_text_and_mathjax(awkward_library, tmp_path, collection):
    library = load_library(awkward_library)
    export_apkg(library, tmp_path / "deck.apkg", variants=2, timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "deck.apkg")

    assert check_renders(collection) > 18
    (card_id,) = collection.find_cards('"Id:awkward" card:1')
    card = collection.get_card(card_id)
    answer = card.answer()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer
    assert "\\[x &lt; y \\land y &gt; z \\quad \\text{a &amp; b}\\]" in answer
    assert "{{Term}}" in answer
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in card.question()
    assert 'data-id="a"' in answer and "Term a · 术语 a" in answer


def test_sound_and_speech_tags_in_user_text_are_shown_not_played(tmp_path, collection):
    """Anki plays ``[sound:...]`` and speaks ``[anki:tts]`` found in a field; in a
    concept's text they are just text."""
    sound, speech = "[sound:evil.mp3]", "[anki:tts lang=en_US]hello[/anki:tts]"
    concept = Concept("a", Text(f"Term {sound}", "术语"), Text(f"Says {speech}", "定义"), "maths")
    export_apkg(Library(tmp_path, {"a": concept}), tmp_path / "av.apkg", timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "av.apkg")

    for card_id in collection.find_cards(""):
        output = collection.get_card(card_id).render_output()
        assert output.question_av_tags == [] and output.answer_av_tags == []
    (card_id,) = collection.find_cards("card:1")
    answer = html.unescape(collection.get_card(card_id).answer())
    assert f"Term {sound}" in answer and f"Says {speech}" in answer


def test_the_bundled_library_renders_in_anki(tmp_path, collection):
    library = load_library(BUNDLED_CONTENT)
    summary = export_apkg(library, tmp_path / "dlkg.apkg", variants=1, timestamp=FIXED_TIME)
    log = import_into(collection, summary.path)
    assert len(log.new) == summary.notes
    assert check_renders(collection) == summary.cards


def test_one_language_makes_no_bilingual_card(awkward_library, tmp_path, collection):
    library = load_library(awkward_library)
    summary = export_apkg(library, tmp_path / "en.apkg", lang="en", timestamp=FIXED_TIME)
    import_into(collection, summary.path)
    assert summary.cards == len(collection.find_cards("")) == 6 * 3
    check_renders(collection)
    assert not collection.find_cards("card:3") and not collection.find_cards("card:4")
    assert len(collection.find_cards("card:5")) == 6  # type the English term


def test_chinese_only_makes_no_type_in_card(awkward_library, tmp_path, collection):
    """The type-in card asks for the English term: a 中文 deck has none to type."""
    library = load_library(awkward_library)
    summary = export_apkg(library, tmp_path / "zh.apkg", lang="zh", timestamp=FIXED_TIME)
    import_into(collection, summary.path)
    assert summary.cards == len(collection.find_cards("")) == 6 * 2
    check_renders(collection)


def review_first_card(col, deck_name: str) -> int:
    """Answer the first queued card of ``deck_name`` with Good; returns its id."""
    from anki.scheduler.v3 import CardAnswer

    col.decks.select(col.decks.id_for_name(deck_name))
    queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
    card = col.get_card(queued.card.id)
    card.start_timer()
    col.sched.answer_card(
        col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
    )
    return card.id


def test_a_new_export_updates_notes_in_place_and_keeps_reviews(
    awkward_library, tmp_path, collection, monkeypatch
):
    library = load_library(awkward_library)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_TIME))
    export_apkg(library, tmp_path / "v1.apkg", variants=1)
    import_into(collection, tmp_path / "v1.apkg")
    card_ids = sorted(collection.find_cards(""))
    note_ids = sorted(collection.find_notes(""))
    reviewed = review_first_card(collection, "Deep Learning::Maths")

    concept_file = awkward_library / "maths" / "a.yaml"
    concept_file.write_text(
        concept_file.read_text(encoding="utf-8").replace(
            "The definition of a.", "An edited definition of a."
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_TIME + 1))
    export_apkg(load_library(awkward_library), tmp_path / "v2.apkg", variants=1)
    log = import_into(collection, tmp_path / "v2.apkg")

    assert len(log.updated) == len(note_ids) and not log.new and not log.conflicting
    assert sorted(collection.find_notes("")) == note_ids
    assert sorted(collection.find_cards("")) == card_ids
    (note_a,) = collection.find_notes('"Id:a"')
    assert collection.get_note(note_a)["Definition"] == "An edited definition of a."
    card = collection.get_card(reviewed)
    assert card.reps == 1 and card.queue != 0
    assert collection.db.scalar("SELECT count() FROM revlog WHERE cid = ?", reviewed) == 1


def test_an_export_with_the_same_build_time_is_not_an_update(awkward_library, tmp_path, collection):
    """Why exports are stamped with the build time: Anki skips a note that is not newer."""
    library = load_library(awkward_library)
    export_apkg(library, tmp_path / "v1.apkg", timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "v1.apkg")
    concept_file = awkward_library / "maths" / "a.yaml"
    concept_file.write_text(
        concept_file.read_text(encoding="utf-8").replace(
            "The definition of a.", "An edited definition of a."
        ),
        encoding="utf-8",
    )
    export_apkg(load_library(awkward_library), tmp_path / "v2.apkg", timestamp=FIXED_TIME)
    log = import_into(collection, tmp_path / "v2.apkg")
    assert not log.updated and len(log.duplicate) == 6


@pytest.fixture
def bundled_in_anki(tmp_path, collection):
    """The bundled library (one numeric variant) imported with dlkg's deck preset."""
    library = load_library(BUNDLED_CONTENT)
    export_apkg(library, tmp_path / "dlkg.apkg", variants=1, timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "dlkg.apkg", deck_presets=True)
    return library, collection


def test_new_card_positions_follow_prerequisites_across_decks(bundled_in_anki):
    library, col = bundled_in_anki
    positions: dict[str, list[int]] = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        assert card.type == 0
        positions.setdefault(concept_of(card.note()), []).append(card.due)
    assert set(positions) == set(library.concepts)
    crossing = 0
    for concept in library:
        for prerequisite in concept.prerequisites:
            assert max(positions[prerequisite]) < min(positions[concept.id])
            crossing += library[prerequisite].domain != concept.domain
    assert crossing > 0, "the test needs prerequisites that cross decks"


def queued_concepts(col, deck_name: str) -> list[str]:
    """Concept ids in the order Anki's study queue first presents one of their cards."""
    deck_id = col.decks.id_for_name(deck_name)
    config = col.decks.config_dict_for_deck_id(deck_id)
    config["new"]["perDay"] = config["rev"]["perDay"] = 9999
    col.decks.update_config(config)
    col.decks.select(deck_id)
    queue = col.sched.get_queued_cards(fetch_limit=9999).cards
    order = [concept_of(col.get_card(entry.card.id).note()) for entry in queue]
    return list(dict.fromkeys(order))


def test_the_study_queue_presents_prerequisites_first(bundled_in_anki):
    library, col = bundled_in_anki
    deck_id = col.decks.id_for_name("Deep Learning")
    assert col.decks.config_dict_for_deck_id(deck_id)["name"] == PRESET_NAME
    order = queued_concepts(col, "Deep Learning")
    assert set(order) == set(library.concepts)
    seen: set[str] = set()
    for concept_id in order:
        assert set(library[concept_id].prerequisites) <= seen, concept_id
        seen.add(concept_id)


def test_without_the_preset_each_domain_deck_is_still_in_order(tmp_path, collection):
    library = load_library(BUNDLED_CONTENT)
    export_apkg(library, tmp_path / "dlkg.apkg", variants=0, timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "dlkg.apkg")
    for domain in library.domains:
        name = next(
            entry.name
            for entry in collection.decks.all_names_and_ids()
            if entry.name == deck_name(domain)
        )
        order = queued_concepts(collection, name)
        assert {library[c].domain for c in order} == {domain}
        for index, concept_id in enumerate(order):
            earlier = set(order[:index])
            same_deck = {
                p for p in library[concept_id].prerequisites if library[p].domain == domain
            }
            assert same_deck <= earlier, concept_id


def test_the_field_lists_match_the_note_types(awkward_library, tmp_path, collection):
    library = load_library(awkward_library)
    export_apkg(library, tmp_path / "deck.apkg", variants=1, timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "deck.apkg")
    concept_type = collection.models.by_name(CONCEPT_MODEL_NAME)
    numeric_type = collection.models.by_name(NUMERIC_MODEL_NAME)
    assert tuple(collection.models.field_names(concept_type)) == CONCEPT_FIELDS
    assert tuple(collection.models.field_names(numeric_type)) == NUMERIC_FIELDS
    assert concept_type["sortf"] == CONCEPT_FIELDS.index("Term")
