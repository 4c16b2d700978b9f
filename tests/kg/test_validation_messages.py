"""Validation messages a concept author can act on (issue 16): a tab named as a tab, every
problem of a file whose id does not match its name, one line each with file:line:col."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.errors import ContentError, Problem
from kg.library import load_library
from kg.safe_yaml import YamlError, parse
from tests.conftest import concept_yaml

LINE = re.compile(r"^\S+\.yaml:\d+:\d+: \S.*$")


def problems_of(root) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_library(root)
    return [str(problem) for problem in info.value.problems]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: a\nterm:\n\ten: A\n  zh: 甲\n", 3, 1),
        ("id: a\nterm:\n  en: A\n \tzh: 甲\n", 4, 2),
        ("id: a\ntags:\n\t- x\n", 3, 1),
    ],
)
def test_a_tab_is_named_with_a_hint_to_use_spaces(text, line, column):
    with pytest.raises(YamlError) as info:
        parse(text)
    assert "tab" in info.value.message and "spaces" in info.value.message
    assert "cannot start any token" not in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


def test_a_tab_inside_a_value_is_no_problem():
    assert parse('term: "a\tb"\n').value == {"term": "a\tb"}


def test_a_file_whose_id_does_not_match_its_name_has_all_its_problems_reported(write_library):
    root = write_library(
        {
            "m/a": concept_yaml("a", prerequisites=["b"]),
            "m/b": concept_yaml("b", prerequisites=["c"]),
            # Its id is c, its name "other": and it closes the cycle a -> b -> c -> a,
            # names an unknown prerequisite and has an unknown field.
            "m/other": concept_yaml("c", prerequisites=["a", "zzz"], extra="tag: [x]\n"),
            "n/c": concept_yaml("c"),  # the same id as m/other.yaml
        }
    )
    problems = problems_of(root)
    text = "\n".join(problems)
    assert "m/other.yaml:1:5: id 'c' does not match the file name 'other'" in text
    assert "unknown field 'tag'; did you mean 'tags'?" in text
    assert "unknown prerequisite 'zzz'" in text
    assert "duplicate id 'c' (also in" in text and "m/other.yaml" in text
    assert "prerequisite cycle:" in text and "m/other.yaml" in text.split("cycle:")[1]
    assert all(LINE.match(problem) for problem in problems), problems


def test_a_wrong_id_in_a_list_is_reported_once(write_library):
    text = concept_yaml("a", prerequisites=["Not An Id", "a"])
    problems = problems_of(write_library({"m/a": text}))
    assert len(problems) == 2, problems
    assert "is not a concept id" in problems[0] + problems[1]
    assert "its own prerequisite" in problems[0] + problems[1]


def test_every_message_is_one_line():
    problem = Problem("m/a.yaml", 3, 1, "while scanning\n  a simple key\ncould not find ':'")
    assert str(problem) == "m/a.yaml:3:1: while scanning a simple key could not find ':'"
    assert YamlError("one\ntwo", 1, 1).message == "one two"


def test_dlkg_check_prints_one_line_per_problem_with_file_line_col(write_library):
    root = write_library(
        {
            "m/a": "id: a\nterm:\n\ten: A\n",
            "m/other": concept_yaml("b", prerequisites=["b2"]),
            "m/c": concept_yaml("c", extra="formula: [x]\n"),
        }
    )
    result = CliRunner().invoke(cli, ["check", "--content", str(root)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert len(problems) == 4, lines  # the tab, the file name, b2, the formula's type
    assert all(LINE.match(line) for line in problems), problems
    assert summary.startswith("Error: 4 problem(s) in 3 file(s)")
