"""The fields of dlkg's notes: a concept's and a numeric problem's texts as Anki shows them
(escaped HTML, formulas in MathJax, both languages), in the order of
:data:`~quiz.anki.templates.CONCEPT_FIELDS` and :data:`~quiz.anki.templates.NUMERIC_FIELDS`."""

from __future__ import annotations

import html
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from kg.concept import Concept, Lang, Text
from kg.library import Library
from kg.text import clean_text
from quiz.anki.problem_cache import ProblemCache
from quiz.anki.templates import (
    CONCEPT_FIELDS,
    NUMERIC_FIELDS,
)
from quiz.masking import masked_definition

if TYPE_CHECKING:
    from quiz.numeric.base import Template


class CardSet(StrEnum):
    """Which cards a concept note gives: ``--cards basic|en-zh|typing|all``.

    ``basic`` is term → definition, definition → term and 中文 → English;
    ``en-zh`` adds English → 中文, ``typing`` adds the type-in card, ``all``
    adds both. The choice is made by the note's ``AddEnZh`` and ``AddTyping``
    fields, so Anki itself never makes a card that was not chosen.
    """

    BASIC = "basic"
    EN_ZH = "en-zh"
    TYPING = "typing"
    ALL = "all"

    @property
    def en_zh(self) -> bool:
        return self in (CardSet.EN_ZH, CardSet.ALL)

    @property
    def typing(self) -> bool:
        return self in (CardSet.TYPING, CardSet.ALL)


CARD_FLAG = "y"
"""The value of a set ``AddEnZh`` or ``AddTyping`` field."""


def field_escape(text: str) -> str:
    """User text as field HTML on one line: cleaned, then escaped (quotes too).

    ``[`` is written ``&#91;`` as well: Anki reads ``[sound:name.mp3]`` and
    ``[anki:tts]...`` in a field as its own tags (it plays the media file, or
    speaks), whereas the user wrote text to be shown as written.

    Examples
    --------
    >>> field_escape('"a" <b> [sound:x.mp3]\\x1f')
    '&quot;a&quot; &lt;b&gt; &#91;sound:x.mp3]\\ufffd'
    """
    return html.escape(clean_text(text)).replace("[", "&#91;")


def html_text(text: str) -> str:
    """User text as field HTML: cleaned, escaped, line breaks kept.

    Examples
    --------
    >>> html_text("a < b & c\\r\\nnext")
    'a &lt; b &amp; c<br>next'
    """
    return field_escape(text).replace("\n", "<br>")


def math_display(formula: str) -> str:
    """A LaTeX formula as MathJax display math, escaped for HTML.

    Anki's MathJax reads ``\\[ ... \\]`` and ``\\( ... \\)``, never ``$...$``;
    a ``<`` must be written ``&lt;`` or the browser takes it for a tag.

    Examples
    --------
    >>> print(math_display("0 < x"))
    \\[0 &lt; x\\]
    """
    return f"\\[{field_escape(formula)}\\]"


def _items(entries: Iterable[tuple[str | None, str]]) -> str:
    """Pills for a list field; ``data-id`` carries a concept id for the reader."""
    spans = []
    for concept_id, label in entries:
        id_attribute = f' data-id="{field_escape(concept_id)}"' if concept_id else ""
        spans.append(f'<span class="item"{id_attribute}>{field_escape(label)}</span>')
    return " ".join(spans)


def _language_part(text: Text | None, language: str, lang: Lang) -> str:
    """A field's part in ``language``, empty when ``lang`` leaves it out: with one language
    the other's fields stay empty, so its parts of the cards disappear (and the 中文 →
    English card, which needs both, is not made)."""
    return html_text(text.get(language)) if text is not None and lang.shows(language) else ""


def _term_label(concept: Concept, lang: Lang) -> str:
    if lang is Lang.BOTH:
        return concept.term.label()
    return concept.term.get(lang.value)


def concept_fields(
    library: Library, concept: Concept, lang: Lang = Lang.BOTH, cards: CardSet = CardSet.ALL
) -> list[str]:
    """The field values (HTML) of ``concept``'s note, in :data:`CONCEPT_FIELDS` order.

    Examples
    --------
    >>> from pathlib import Path
    >>> from kg.concept import Text
    >>> c = Concept("relu", Text("ReLU", "线性整流"), Text("max(0, x) < ∞", "定义"), "nn")
    >>> fields = dict(zip(CONCEPT_FIELDS, concept_fields(Library(Path("."), {"relu": c}), c)))
    >>> fields["Definition"], fields["Id"]
    ('max(0, x) &lt; ∞', 'relu')
    """
    masked = masked_definition(concept)
    values = {
        "Id": field_escape(concept.id),
        "Term": _language_part(concept.term, "en", lang),
        "TermZh": _language_part(concept.term, "zh", lang),
        "Definition": _language_part(concept.definition, "en", lang),
        "DefinitionZh": _language_part(concept.definition, "zh", lang),
        "MaskedDefinition": _language_part(masked, "en", lang),
        "MaskedDefinitionZh": _language_part(masked, "zh", lang),
        "Example": _language_part(concept.example, "en", lang),
        "ExampleZh": _language_part(concept.example, "zh", lang),
        "Formula": math_display(concept.formula) if concept.formula else "",
        "Aliases": _items((None, alias) for alias in concept.aliases),
        "Tags": _items((None, tag) for tag in concept.tags),
        "Prerequisites": _items(
            (other, _term_label(library[other], lang)) for other in concept.prerequisites
        ),
        "Related": _items((other, _term_label(library[other], lang)) for other in concept.related),
        "Domain": field_escape(concept.domain),
        "Engine": field_escape(concept.engine or ""),
        "Legend": _language_part(concept.legend, "en", lang),
        "LegendZh": _language_part(concept.legend, "zh", lang),
        "WorkedExample": _language_part(concept.worked_example, "en", lang),
        "WorkedExampleZh": _language_part(concept.worked_example, "zh", lang),
        "Notes": _language_part(concept.notes, "en", lang),
        "NotesZh": _language_part(concept.notes, "zh", lang),
        "References": _items((None, reference) for reference in concept.references),
        "AddEnZh": CARD_FLAG if cards.en_zh else "",
        "AddTyping": CARD_FLAG if cards.typing else "",
    }
    return [values[name] for name in CONCEPT_FIELDS]


def numeric_fields(
    concept: Concept, template: Template, seed: int, lang: Lang, problems: ProblemCache
) -> list[str]:
    """The field values of one numeric variant, in :data:`NUMERIC_FIELDS` order."""
    problem = problems.text(template, seed)
    values = {
        "Id": field_escape(f"{template.id}:{concept.id}:{seed}"),
        "Concept": field_escape(concept.id),
        "Title": _language_part(template.title, "en", lang),
        "TitleZh": _language_part(template.title, "zh", lang),
        "Question": _language_part(problem.prompt, "en", lang),
        "QuestionZh": _language_part(problem.prompt, "zh", lang),
        "Answer": field_escape(problem.answer),
        "Solution": _language_part(problem.solution, "en", lang),
        "SolutionZh": _language_part(problem.solution, "zh", lang),
        "Term": _language_part(concept.term, "en", lang),
        "TermZh": _language_part(concept.term, "zh", lang),
    }
    return [values[name] for name in NUMERIC_FIELDS]
