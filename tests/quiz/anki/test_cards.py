"""The concept note's five cards in Anki's own library: English → 中文, type the term,
the compact back with its toggle, the card set, and the upgrade of decks made with
three cards (same note type id, same GUIDs, cards and reviews kept)."""

from __future__ import annotations

import html
import re

import pytest

from kg.examples import example_library
from kg.library import load_library
from quiz.anki.note_fields import CardSet
from quiz.anki.notes import CONCEPT_MODEL_ID, CONCEPT_MODEL_NAME, concept_guid, export_apkg
from quiz.anki.templates import CONCEPT_FIELDS, FIRST_CONCEPT_FIELDS, concept_templates
from tests.conftest import REPO, concept_yaml
from tests.quiz.anki.conftest import FIXED_TIME, import_into
from tests.quiz.anki.test_anki_import import check_renders, review_first_card

THREE_CARD_DECK = REPO / "tests" / "data" / "anki" / "dlkg-three-cards.apkg"
"""The example library as exported before the new cards (tests/data/anki/README.md)."""

EN_ZH, TYPING = 3, 4
"""The ordinals of the new cards (Anki's ``card:4`` and ``card:5``)."""

RICH_CONCEPT = concept_yaml(
    "rich",
    extra="""\
formula: 'y = w x + b'
legend: {en: "w is the weight, b the bias.", zh: "w 是权重，b 是偏置。"}
worked_example: {en: "With w = 2, b = 1 and x = 3, y = 7.", zh: "w = 2、b = 1、x = 3 时 y = 7。"}
notes: {en: "A line through the origin when b = 0.", zh: "b = 0 时是过原点的直线。"}
aliases: [affine map]
references: ["d2l.ai 3.1 Linear Regression", "Goodfellow et al., Deep Learning, §5.1"]
""",
)


@pytest.fixture
def rich_in_anki(write_library, tmp_path, collection):
    """A concept with every optional field (and an awkward one), imported into Anki."""
    from tests.quiz.anki.conftest import AWKWARD_CONCEPT

    root = write_library(
        {
            "maths/a": concept_yaml("a"),
            "maths/c": concept_yaml("c"),
            "models/rich": RICH_CONCEPT,
            "models/awkward": AWKWARD_CONCEPT,
        }
    )
    export_apkg(load_library(root), tmp_path / "rich.apkg", timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "rich.apkg")
    return collection


def card_of(col, concept_id: str, ord_: int):
    (card_id,) = col.find_cards(f'"Id:{concept_id}" card:{ord_ + 1}')
    return col.get_card(card_id)


def test_every_card_renders_and_each_concept_has_five(rich_in_anki):
    assert check_renders(rich_in_anki) == 4 * 5
    names = [
        template["name"] for template in rich_in_anki.models.by_name(CONCEPT_MODEL_NAME)["tmpls"]
    ]
    assert names == [template["name"] for template in concept_templates()]


def test_english_to_chinese_asks_for_the_chinese_term(rich_in_anki):
    output = card_of(rich_in_anki, "rich", EN_ZH).render_output()
    assert "Term rich" in output.question_text and "术语 rich" not in output.question_text
    answer = output.answer_text[len(output.question_text) :]
    assert re.search(r'class="term zh main answer"[^>]*>术语 rich<', answer)


def typed_answer_feedback(col, card, typed: str) -> str:
    """What Anki's reviewer shows after ``typed`` is entered: the front's
    ``[[type:Field]]`` names the field, whose value Anki's own ``compare_answer``
    compares with what was typed (as aqt's reviewer does)."""
    question = card.render_output().question_text
    (field,) = re.findall(r"\[\[type:([^\]]+)\]\]", question)
    return col.compare_answer(card.note()[field], typed)


def test_the_type_in_card_checks_the_english_term(rich_in_anki):
    card = card_of(rich_in_anki, "rich", TYPING)
    output = card.render_output()
    assert "[[type:Term]]" in output.question_text and "[[type:Term]]" in output.answer_text
    assert "The definition of rich." in output.question_text  # the masked definition
    good = typed_answer_feedback(rich_in_anki, card, "Term rich")
    assert "typeGood" in good and "typeBad" not in good and "typeMissed" not in good
    assert "typeBad" in typed_answer_feedback(rich_in_anki, card, "Term poor")

    awkward = card_of(rich_in_anki, "awkward", TYPING)
    feedback = typed_answer_feedback(rich_in_anki, awkward, "<b>Bold</b> & co")
    assert "typeBad" not in feedback and "typeMissed" not in feedback


def test_the_back_is_compact_and_the_rest_is_behind_the_toggle(rich_in_anki):
    answer = html.unescape(card_of(rich_in_anki, "rich", 0).answer())
    compact, _, more = answer.partition('<details class="more">')
    assert more.count("</details>") == 1
    for shown in ("The definition of rich.", "rich 的定义。", "y = w x + b", "An example sentence"):
        assert shown in compact, shown
    for hidden in (
        "w is the weight, b the bias.",
        "w 是权重，b 是偏置。",
        "With w = 2, b = 1 and x = 3, y = 7.",
        "A line through the origin when b = 0.",
        "affine map",
        "d2l.ai 3.1 Linear Regression",
        "Goodfellow et al., Deep Learning, §5.1",
        "tag-rich",
    ):
        assert hidden in more and hidden not in compact, hidden


def test_a_basic_deck_stays_basic_when_anki_makes_cards_itself(tmp_path, collection):
    """The card set is in the notes (AddEnZh, AddTyping), so Anki, which makes the
    missing cards of a note whenever it is edited, makes no card that was not chosen;
    setting a flag in Anki adds that card."""
    summary = export_apkg(
        example_library(), tmp_path / "basic.apkg", cards=CardSet.BASIC, timestamp=FIXED_TIME
    )
    import_into(collection, summary.path)
    assert summary.cards == len(collection.find_cards("")) == 5 * 3
    (note_id,) = collection.find_notes('"Id:gradient"')
    note = collection.get_note(note_id)
    note["Definition"] = "Edited in Anki."
    collection.update_note(note)
    assert len(collection.find_cards("")) == 5 * 3
    note["AddTyping"] = "y"
    collection.update_note(note)
    assert sorted(card.ord for card in collection.get_note(note_id).cards()) == [0, 1, 2, TYPING]


def upgrade(collection, tmp_path, **options):
    """Import the three-card deck, review a card, then import a new export of the
    same library (built later, so newer) with the import ``options``."""
    import_into(collection, THREE_CARD_DECK)
    before = {card_id: collection.get_card(card_id).ord for card_id in collection.find_cards("")}
    notes = {collection.get_note(n).guid: n for n in collection.find_notes("")}
    reviewed = review_first_card(collection, "Deep Learning::Foundations")
    export_apkg(example_library(), tmp_path / "new.apkg", timestamp=FIXED_TIME + 100)
    log = import_into(collection, tmp_path / "new.apkg", **options)
    return log, before, notes, reviewed


def test_a_three_card_deck_upgrades_in_place(tmp_path, collection):
    log, before, notes, reviewed = upgrade(
        collection, tmp_path, merge_notetypes=True, always_update=True
    )
    assert len(log.updated) == 5 and not log.new and not log.conflicting
    concept_types = [m for m in collection.models.all() if m["name"].startswith("dlkg concept")]
    assert [(m["id"], m["name"]) for m in concept_types] == [(CONCEPT_MODEL_ID, "dlkg concept")]
    assert tuple(collection.models.field_names(concept_types[0])) == CONCEPT_FIELDS
    assert len(concept_types[0]["tmpls"]) == 5

    after = {collection.get_note(n).guid: n for n in collection.find_notes("")}
    assert after == notes
    assert set(after) == {concept_guid(concept.id) for concept in example_library()}
    cards = {card_id: collection.get_card(card_id).ord for card_id in collection.find_cards("")}
    assert {card_id: cards[card_id] for card_id in before} == before  # same cards, same ords
    assert sorted(cards.values()) == sorted([*before.values()] + [EN_ZH, TYPING] * 5)
    card = collection.get_card(reviewed)
    assert card.reps == 1 and card.queue != 0
    assert collection.db.scalar("SELECT count() FROM revlog WHERE cid = ?", reviewed) == 1
    (gradient,) = collection.find_notes('"Id:gradient"')
    assert collection.get_note(gradient)["AddTyping"] == "y"
    assert check_renders(collection) == 5 * 5

    export_apkg(example_library(), tmp_path / "later.apkg", timestamp=FIXED_TIME + 200)
    log = import_into(collection, tmp_path / "later.apkg")  # the import dialog's defaults
    assert len(log.updated) == 5 and not log.conflicting


def test_merging_alone_fills_the_new_fields_at_the_next_import(tmp_path, collection):
    """Merging adds fields to the notes already there, which makes them newer than
    the package: with "Update notes: If newer" their text (and the card flags) wait
    for the next export, and until then the new cards' fronts are blank."""
    log, before, _, _ = upgrade(collection, tmp_path, merge_notetypes=True)
    assert len(log.duplicate) == 5 and not log.conflicting
    assert len(collection.find_cards("")) == len(before) + 2 * 5
    (gradient,) = collection.find_notes('"Id:gradient"')
    assert collection.get_note(gradient)["AddTyping"] == ""
    blank = card_of(collection, "gradient", TYPING).render_output().question_text
    assert "The front of this card is blank" in blank

    export_apkg(example_library(), tmp_path / "later.apkg", timestamp=FIXED_TIME + 10**9)
    log = import_into(collection, tmp_path / "later.apkg")
    assert len(log.updated) == 5
    assert collection.get_note(gradient)["AddTyping"] == "y"
    assert check_renders(collection) == 5 * 5


def test_without_merging_anki_keeps_the_old_notes_and_reports_conflicts(tmp_path, collection):
    """Why the export's help asks for "Merge note types" once."""
    log, before, _, _ = upgrade(collection, tmp_path)
    assert len(log.conflicting) == 5 and not log.updated
    assert sorted(collection.find_cards("")) == sorted(before)
    model = collection.models.get(CONCEPT_MODEL_ID)
    assert tuple(collection.models.field_names(model)) == FIRST_CONCEPT_FIELDS
