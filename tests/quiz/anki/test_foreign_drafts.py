"""Drafts from other people's decks, made here with genanki's stock note types (Basic,
Basic and reversed, Cloze) and a Chinese-front type: each field's language told by its
script, a Cloze note's sentence as the example, pinyin ids, the source in the header."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.errors import ContentError
from kg.library import load_library
from quiz.anki.drafts import ConceptDraft, concept_drafts
from quiz.anki.package_reader import read_apkg

genanki = pytest.importorskip("genanki")

CHINESE_FRONT = genanki.Model(
    1607392319,
    "Chinese (front)",
    fields=[{"name": name} for name in ("Hanzi", "Pinyin", "English", "Example")],
    templates=[{"name": "Card 1", "qfmt": "{{Hanzi}}", "afmt": "{{Pinyin}}<br>{{English}}"}],
)
"""A note type as Chinese vocabulary decks have them: characters, pinyin, meaning, example."""


def deck_file(tmp_path, name: str, model, notes: list[list[str]], deck="Shared::ML terms"):
    """An .apkg written by genanki: ``notes`` (their fields) of ``model`` in ``deck``."""
    deck_ = genanki.Deck(2059400111, deck)
    for fields in notes:
        deck_.add_note(genanki.Note(model=model, fields=fields, tags=["shared"]))
    path = tmp_path / name
    genanki.Package(deck_).write_to_file(str(path))
    return path


def drafts_of(path) -> dict[str, ConceptDraft]:
    return {draft.id: draft for draft in concept_drafts(read_apkg(path))}


def test_basic_english_notes(tmp_path):
    path = deck_file(
        tmp_path,
        "basic.apkg",
        genanki.BASIC_MODEL,
        [["Gradient", "The vector of <b>partial derivatives</b>."], ["ReLU", "max(0, x)"]],
    )
    drafts = drafts_of(path)
    assert drafts["gradient"].data["term"] == {"en": "Gradient"}
    assert drafts["gradient"].data["definition"] == {"en": "The vector of partial derivatives."}
    assert drafts["gradient"].missing == ("term.zh", "definition.zh")
    assert drafts["gradient"].domain == "ml-terms" and drafts["gradient"].data["tags"] == ["shared"]
    assert drafts["relu"].data["definition"] == {"en": "max(0, x)"}


def test_a_chinese_front_is_the_chinese_term_and_its_english_back_the_english_one(tmp_path):
    path = deck_file(
        tmp_path,
        "vocab.apkg",
        genanki.BASIC_MODEL,
        [
            ["梯度", "gradient"],
            ["反向传播", "backpropagation<br>通过链式法则逐层计算梯度的算法。"],
            ["损失函数", "衡量预测与真实值差距的函数。"],
        ],
    )
    drafts = drafts_of(path)
    assert set(drafts) == {"gradient", "backpropagation", "sun-shi-han-shu"}
    assert drafts["gradient"].data["term"] == {"zh": "梯度", "en": "gradient"}
    assert "definition" not in drafts["gradient"].data
    assert drafts["gradient"].missing == ("definition.en", "definition.zh")
    assert drafts["backpropagation"].data["term"] == {"zh": "反向传播", "en": "backpropagation"}
    assert drafts["backpropagation"].data["definition"] == {
        "zh": "通过链式法则逐层计算梯度的算法。"
    }
    chinese_only = drafts["sun-shi-han-shu"]  # a readable id: the pinyin of 损失函数
    assert chinese_only.data["term"] == {"zh": "损失函数"}
    assert chinese_only.data["definition"] == {"zh": "衡量预测与真实值差距的函数。"}


def test_basic_and_reversed_gives_one_draft_per_note(tmp_path):
    path = deck_file(
        tmp_path,
        "reversed.apkg",
        genanki.BASIC_AND_REVERSED_CARD_MODEL,
        [["Softmax 函数", "把一组分数变成概率分布的函数。"], ["Dropout", "随机丢弃神经元。"]],
    )
    deck = read_apkg(path)
    assert sum(deck.cards_per_deck.values()) == 4
    drafts = {draft.id: draft for draft in concept_drafts(deck)}
    assert set(drafts) == {"softmax-han-shu", "dropout"}
    assert drafts["softmax-han-shu"].data["term"] == {"zh": "Softmax 函数"}
    assert drafts["dropout"].data["term"] == {"en": "Dropout"}
    assert drafts["dropout"].data["definition"] == {"zh": "随机丢弃神经元。"}


def test_a_cloze_note_is_a_concept_whose_example_is_the_sentence(tmp_path):
    path = deck_file(
        tmp_path,
        "cloze.apkg",
        genanki.CLOZE_MODEL,
        [
            [
                "{{c1::Gradient descent}} moves the parameters against the {{c2::gradient}}.",
                "An optimization algorithm that steps against the gradient.",
            ],
            ["{{c1::梯度下降::优化算法}}沿着梯度的反方向更新参数。", ""],
        ],
    )
    drafts = drafts_of(path)
    english = drafts["gradient-descent"].data
    assert english["term"] == {"en": "Gradient descent"}
    assert english["example"] == "Gradient descent moves the parameters against the gradient."
    assert english["definition"] == {
        "en": "An optimization algorithm that steps against the gradient."
    }
    chinese = drafts["ti-du-xia-jiang"].data
    assert chinese["term"] == {"zh": "梯度下降"}
    assert chinese["example"] == "梯度下降沿着梯度的反方向更新参数。"
    assert "definition" not in chinese
    assert drafts["ti-du-xia-jiang"].missing == (
        "term.en",
        "definition.en",
        "definition.zh",
    )


def test_a_chinese_front_note_type_with_pinyin_and_meaning(tmp_path):
    path = deck_file(
        tmp_path,
        "hanzi.apkg",
        CHINESE_FRONT,
        [
            ["梯度", "tī dù", "gradient", "梯度是偏导数组成的向量。"],
            ["激活函数", "jī huó hán shù", "", ""],
        ],
    )
    drafts = drafts_of(path)
    assert drafts["gradient"].data == {
        "id": "gradient",
        "term": {"zh": "梯度", "en": "gradient"},
        "example": "梯度是偏导数组成的向量。",
        "tags": ["shared"],
    }
    assert drafts["ji-huo-han-shu"].data["term"] == {"zh": "激活函数"}  # not the pinyin


def test_the_header_names_the_package_the_deck_and_the_note(tmp_path):
    path = deck_file(
        tmp_path,
        "vocab.apkg",
        genanki.BASIC_MODEL,
        [["梯度", "gradient"]],
        deck="Chinese::深度学习",
    )
    (note,) = read_apkg(path).notes
    out = tmp_path / "drafts"
    result = CliRunner().invoke(cli, ["anki", "import", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (draft,) = out.rglob("*.yaml")
    assert draft.relative_to(out).as_posix() == "shen-du-xue-xi/gradient.yaml"
    assert draft.read_text(encoding="utf-8").splitlines()[:4] == [
        "# Draft imported by dlkg from vocab.apkg.",
        "# Deck: Chinese::深度学习",
        f"# Note: {note.id} (Basic (genanki)), GUID {note.guid}",
        "# Not in the deck, to fill in: definition.en, definition.zh.",
    ]


def test_drafts_load_once_what_the_header_names_is_filled_in(tmp_path):
    """A draft is a concept file but for the fields its header lists."""
    path = deck_file(
        tmp_path,
        "vocab.apkg",
        genanki.BASIC_MODEL,
        [["梯度", "gradient"], ["Gradient descent", "Steps against the gradient."]],
    )
    out = tmp_path / "drafts"
    result = CliRunner().invoke(cli, ["anki", "import", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with pytest.raises(ContentError) as caught:
        load_library(out)
    found = sorted((Path(problem.path).name, problem.message) for problem in caught.value.problems)
    assert (
        found
        == [
            ("gradient-descent.yaml", "missing 'term.zh'"),
            ("gradient-descent.yaml", "missing 'definition.zh'"),
            ("gradient.yaml", "missing required field 'definition' (with 'en' and 'zh')"),
        ]
        or found
    )


def test_fields_of_unclosed_markers_are_read_in_linear_time(tmp_path):
    """Cloze and sound markers are found by a scan: the regular expressions used before
    took a minute on a field of a thousand unclosed ``{{c1::``."""
    hostile = [
        "{{c1::" * 100_000,
        "{{c1::x::" * 50_000 + "}}",
        "[sound:" * 100_000,
        "{{c1::{{c2::" * 50_000 + "}}" * 50_000,
    ]
    path = deck_file(tmp_path, "hostile.apkg", genanki.BASIC_MODEL, [[f, "x"] for f in hostile])
    deck = read_apkg(path)
    started = time.perf_counter()
    drafts = concept_drafts(deck)
    assert len(drafts) == 4 and time.perf_counter() - started < 20
