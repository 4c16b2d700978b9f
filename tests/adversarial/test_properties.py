"""Property-based tests: random concepts round-trip, random text never crashes a reader."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.library import load_library
from kg.safe_yaml import YamlError, decode, parse
from quiz.grading import Unparseable, choice_index, grade_number, grade_term

# Text a person could write in a concept: any printable character, no control characters.
TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
            blacklist_characters="\ufeff\ufffe\uffff",
        ),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)
IDS = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def concepts(draw):
    concept_id = draw(IDS)
    data = {
        "id": concept_id,
        "term": {"en": draw(TEXT), "zh": draw(TEXT)},
        "definition": {"en": draw(TEXT), "zh": draw(TEXT)},
    }
    if draw(st.booleans()):
        data["example"] = {"en": draw(TEXT), "zh": draw(TEXT)}
    if draw(st.booleans()):
        data["formula"] = draw(TEXT)
    data["aliases"] = draw(st.lists(TEXT, max_size=3, unique=True))
    data["tags"] = draw(st.lists(TEXT, max_size=4, unique=True))
    return data


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(concept=concepts(), flow=st.booleans())
def test_random_valid_concepts_round_trip_through_yaml(tmp_path_factory, concept, flow):
    root = tmp_path_factory.mktemp("lib")
    (root / "d").mkdir()
    text = yaml.safe_dump(concept, allow_unicode=True, default_flow_style=flow, width=4096)
    (root / "d" / f"{concept['id']}.yaml").write_text(text, encoding="utf-8")
    loaded = load_library(root)[concept["id"]].to_dict()
    for field in ("id", "term", "definition", "aliases", "tags"):
        assert loaded[field] == concept[field]
    assert loaded["example"] == concept.get("example")
    assert loaded["formula"] == concept.get("formula")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(data):
    try:
        parse(decode(data))
    except YamlError as err:
        assert err.line >= 1 and err.column >= 1 and err.message


YAMLISH = st.text(alphabet=string.printable + "&*!|>%@`'\"{}[]-?:#,中文", max_size=200)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_random_yamlish_text_never_crashes_the_reader(text):
    try:
        parse(decode(text.encode()))
    except YamlError as err:
        assert err.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_random_answers_never_crash_the_graders(typed):
    for grade in (
        lambda: grade_number(typed, 0.5, rel=0.01, abs=0.001),
        lambda: grade_number(typed, (0.5, -1.0), rel=0.01, abs=0.001),
        lambda: grade_term(typed, ["Gradient descent", "梯度下降"]),
        lambda: choice_index(typed, 4),
    ):
        try:
            grade()
        except Unparseable as err:
            assert err.message.en and err.message.zh
