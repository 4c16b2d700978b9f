"""Random text in a concept never breaks the Anki deck or the Graphviz drawing.

Hypothesis fills every text field of a few concepts with text mixing HTML
(``<script>``, tags, comments, CDATA ends), quotes, ``&`` and entities, control
characters (U+001F, Anki's field separator, among them), lone surrogates, math
with ``<``, MathJax delimiters (``\\(``), template braces and CJK, and checks:

- each field of the concept's Anki note is well-formed markup (it parses as XML
  once ``<br>`` is closed) made only of the exporter's own tags (``<br>``,
  ``<span class="item">``), never the user's, with no raw ``[`` that Anki could
  take for a ``[sound:...]`` tag; unescaping it gives the text back,
  changed only as quiz/anki/notes.py documents (characters XML 1.0 cannot hold
  become U+FFFD, a carriage return becomes a line feed);
- the ``.apkg`` written to disk reads back (quiz/anki/package_reader.py) with one note per
  concept, each with exactly its note type's fields, holding the same HTML;
- Graphviz draws the DOT export as SVG that is XML and shows each term as written
  (Graphviz keeps runs of spaces as no-break spaces and draws no empty line).

The graph exporters' own formats under random text are tests/kg/export/test_hostile.py;
the Anki deck rendered by Anki itself is tests/quiz/anki/test_anki_import.py.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import genanki
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.concept import Concept, Text
from kg.export import export
from kg.export.attributes import clean_text
from kg.library import Library
from quiz.anki.note_fields import concept_fields
from quiz.anki.notes import CONCEPT_FIELDS, export_apkg
from quiz.anki.package_reader import read_apkg

DOT = shutil.which("dot")
SVG = "{http://www.w3.org/2000/svg}"
FRAGMENTS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</div></span>",
    "<!-- c -->",
    "]]>",
    "&",
    "&amp;",
    "&lt;b&gt;",
    "&#60;",
    '"',
    "'",
    "0 < x > 1",
    "a<b",
    "\\(",
    "\\)",
    "\\[x^2\\]",
    "$x$",
    "{{Term}}",
    "{{c1::cloze}}",
    "[sound:x.mp3]",
    "[anki:tts lang=en_US]hi[/anki:tts]",
    "梯度下降",
    "自注意力",
    "\x00",
    "\x1f",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\ud800",
    "\ufffe",
    "😀",
    " · ",
)
"""Pieces that try to break out of HTML, Anki's fields or MathJax."""

hostile_text = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(max_size=6), min_size=1, max_size=6
).map("".join)
"""Random text: hostile fragments and arbitrary characters, glued together."""

TEXT_FIELDS = ("Term", "TermZh", "Definition", "DefinitionZh", "Example", "ExampleZh")
ITEM_FIELDS = ("Aliases", "Tags", "Prerequisites", "Related")


@st.composite
def hostile_libraries(draw) -> Library:
    """Three concepts with random text everywhere: b needs a, and c is related to a."""

    def concept(concept_id: str, **links) -> Concept:
        return Concept(
            id=concept_id,
            term=Text(draw(hostile_text), draw(hostile_text)),
            definition=Text(draw(hostile_text), draw(hostile_text)),
            domain=draw(hostile_text),
            aliases=tuple(draw(st.lists(hostile_text, max_size=2))),
            example=draw(st.none() | st.builds(Text, hostile_text, hostile_text)),
            formula=draw(st.none() | hostile_text),
            tags=tuple(draw(st.lists(hostile_text, max_size=2))),
            engine=draw(st.none() | hostile_text),
            **links,
        )

    concepts = [concept("a"), concept("b", prerequisites=("a",)), concept("c", related=("a",))]
    return Library(Path("."), {c.id: c for c in concepts})


class _Markup(HTMLParser):
    """Every tag of a field, and anything that is neither a tag nor text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.other.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.other.append(f"<![{data}]>")


def parse_field(field: str) -> ElementTree.Element:
    """The field as an XML element, after checking it holds only the exporter's markup."""
    assert "<script" not in field.lower(), field
    markup = _Markup()
    markup.feed(field)
    markup.close()
    assert not markup.other, markup.other
    for tag, attributes in markup.tags:
        assert tag in ("br", "span"), field
        if tag == "span":
            assert attributes.get("class") == "item", field
            assert set(attributes) <= {"class", "data-id"}, field
        else:
            assert not attributes, field
    # Strict XML: every "<" opens one of those tags and every "&" starts an entity.
    return ElementTree.fromstring(f"<field>{field.replace('<br>', '<br/>')}</field>")


def field_text(field: str) -> str:
    """What the learner reads in a text field: entities decoded, ``<br>`` a line break."""
    parse_field(field)
    return html.unescape(field.replace("<br>", "\n"))


def field_items(field: str) -> list[tuple[str | None, str]]:
    """A list field's pills: (the concept id it links, its label)."""
    element = parse_field(field)
    return [(span.get("data-id"), "".join(span.itertext())) for span in element.iter("span")]


def check_concept_note(library: Library, concept: Concept, fields: list[str]) -> None:
    """The note's fields are safe markup and carry the concept's text as documented."""
    assert len(fields) == len(CONCEPT_FIELDS)
    values = dict(zip(CONCEPT_FIELDS, fields, strict=True))
    for field in fields:
        parse_field(field)
        # Anki would play "[sound:x.mp3]" or speak "[anki:tts]" written in the text.
        assert "[" not in field.removeprefix("\\["), field
    example = concept.example or Text("", "")
    written = {
        "Term": concept.term.en,
        "TermZh": concept.term.zh,
        "Definition": concept.definition.en,
        "DefinitionZh": concept.definition.zh,
        "Example": example.en,
        "ExampleZh": example.zh,
    }
    for name in TEXT_FIELDS:
        assert field_text(values[name]) == clean_text(written[name]), name
    for name, text in (("Id", concept.id), ("Domain", concept.domain)):
        assert field_text(values[name]) == clean_text(text), name
    assert field_text(values["Engine"]) == clean_text(concept.engine or "")
    formula = field_text(values["Formula"])
    assert formula == (f"\\[{clean_text(concept.formula)}\\]" if concept.formula else "")

    def label(other: str) -> str:
        return clean_text(f"{library[other].term.en} · {library[other].term.zh}")

    assert field_items(values["Aliases"]) == [(None, clean_text(a)) for a in concept.aliases]
    assert field_items(values["Tags"]) == [(None, clean_text(t)) for t in concept.tags]
    for name, links in (("Prerequisites", concept.prerequisites), ("Related", concept.related)):
        assert field_items(values[name]) == [(other, label(other)) for other in links], name


@settings(max_examples=100, deadline=None)
@given(hostile_libraries())
def test_random_text_becomes_safe_field_html_that_keeps_the_text(library):
    for concept in library:
        check_concept_note(library, concept, concept_fields(library, concept))


def test_text_already_safe_comes_out_unchanged():
    """Text a concept file can hold (no control characters) loses nothing, not even a quote."""
    text = "<script>alert('x')</script> & \"q\" 0 < x \\( y \\) {{Term}} 梯度\nline two"
    library = Library(
        Path("."), {"a": Concept("a", Text(text, text), Text(text, text), "maths", formula=text)}
    )
    values = dict(zip(CONCEPT_FIELDS, concept_fields(library, library["a"]), strict=True))
    assert clean_text(text) == text
    assert field_text(values["Term"]) == field_text(values["DefinitionZh"]) == text
    assert field_text(values["Formula"]) == f"\\[{text}\\]"


def test_anki_field_separator_in_user_text_cannot_split_a_note():
    """U+001F separates a note's fields in Anki's database: one in a term would shift them all."""
    concept = Concept("a", Text("left\x1fright", "左\x1f右"), Text("d\x1fe", "定义"), "maths")
    fields = concept_fields(Library(Path("."), {"a": concept}), concept)
    assert not any("\x1f" in field for field in fields)
    assert dict(zip(CONCEPT_FIELDS, fields, strict=True))["Term"] == "left\ufffdright"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(library=hostile_libraries())
def test_random_text_survives_an_apkg_written_and_read_back(library, tmp_path_factory):
    package = tmp_path_factory.mktemp("apkg") / "random.apkg"
    summary = export_apkg(library, package, timestamp=1_700_000_000)

    deck = read_apkg(package)
    for note in deck.notes:  # what genanki's Note.write_to_db warns about: broken HTML
        assert not any(genanki.Note._INVALID_HTML_TAG_RE.search(field) for field in note.fields)

    assert summary.concept_notes == len(deck.notes) == len(library)
    by_id = {html.unescape(note.fields[0]): note for note in deck.notes}
    assert set(by_id) == set(library.concepts)
    for concept in library:
        fields = list(by_id[concept.id].fields)
        assert fields == concept_fields(library, concept)
        check_concept_note(library, concept, fields)


def svg_node_lines(svg: str) -> dict[str, list[str]]:
    """Each node's text lines in Graphviz's SVG (by the node's title, its id)."""
    root = ElementTree.fromstring(svg)
    lines = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title").text
            lines[title] = [text.text or "" for text in group.iter(f"{SVG}text")]
    return lines


def shown_lines(text: str) -> list[str]:
    """The lines Graphviz draws for ``text`` (it draws nothing for an empty line)."""
    return [line for line in clean_text(text).split("\n") if line]


def spaces(line: str) -> str:
    return line.replace("\xa0", " ")


@pytest.mark.skipif(DOT is None, reason="Graphviz (dot) is not installed")
@settings(max_examples=20, deadline=None)
@given(hostile_libraries())
def test_graphviz_draws_random_terms_as_written(library):
    done = subprocess.run(
        [DOT, "-Tsvg"],
        input=export(library.graph, "dot"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    drawn = svg_node_lines(done.stdout)
    assert set(drawn) == set(library.concepts)
    for concept in library:
        want = shown_lines(concept.term.en) + shown_lines(concept.term.zh)
        # Graphviz writes runs of spaces as no-break spaces, so that SVG keeps them.
        assert [spaces(line) for line in drawn[concept.id]] == [spaces(line) for line in want]
