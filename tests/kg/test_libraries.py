"""Several library folders loaded as one: links across them, unique ids, the course of
the first folder that has one, and the compile cache kept per folder."""

from __future__ import annotations

import pytest

from kg.cache import CachedParser
from kg.course import COURSE_FILE
from kg.errors import ContentError
from kg.library import load_libraries, load_library
from tests.conftest import concept_yaml, write_files


@pytest.fixture
def base(small_library):
    """The five-concept library (maths: a, b, c; models: d, e)."""
    return small_library


@pytest.fixture
def mine(tmp_path):
    """A learner's own folder whose concepts build on the base library's."""
    return write_files(
        tmp_path / "mine",
        {
            "maths/f": concept_yaml("f", prerequisites=["a"], related=["g"]),
            "notes/g": concept_yaml("g", prerequisites=["f", "d"]),
        },
    )


def problems_of(roots, **kwargs) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_libraries(roots, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def test_a_folder_beside_the_library_links_to_its_ids(base, mine):
    library = load_libraries([base, mine])
    assert len(library) == 7 and library.folders == (base, mine) and library.root == base
    assert library["f"].domain == "maths" and library["g"].domain == "notes"
    assert library.domains == ["maths", "models", "notes"]
    path = library.path_to("g")
    assert sorted(path) == ["a", "b", "c", "d", "f", "g"] and path[-1] == "g"
    assert path.index("a") < path.index("f") < path.index("g")
    assert library.dependents["a"] == ["b", "f"]


def test_one_folder_loads_as_load_library_does(base):
    alone, listed = load_library(base), load_libraries([base])
    assert listed.concepts == alone.concepts and listed.folders == (base,)


def test_an_id_in_two_libraries_is_one_problem_naming_both_files(base, mine):
    write_files(mine, {"models/d": concept_yaml("d"), "notes/a": concept_yaml("a")})
    problems = problems_of([base, mine])
    assert len(problems) == 2
    first = next(problem for problem in problems if "'a'" in problem)
    assert str(mine / "notes" / "a.yaml") in first
    assert f"also in {base / 'maths' / 'a.yaml'}, another library" in first
    assert "ids must be unique across libraries" in first


def test_a_duplicate_inside_one_library_reads_as_before(base, mine):
    write_files(mine, {"notes/f": concept_yaml("f")})
    (problem,) = problems_of([base, mine])
    assert problem.endswith(f"duplicate id 'f' (also in {mine / 'maths' / 'f.yaml'})")


def test_a_link_to_a_library_not_loaded_is_unknown(mine):
    problems = problems_of([mine])
    assert any("unknown prerequisite 'a'" in problem for problem in problems)


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (lambda base, tmp: base, "this library folder is given twice"),
        (lambda base, tmp: base / "maths", "this library folder is inside"),
        (lambda base, tmp: tmp / "missing", "no such folder"),
        (lambda base, tmp: tmp, "no concept files"),
    ],
)
def test_folders_that_cannot_be_loaded_together(base, tmp_path, second, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    folder = second(base, empty)
    (problem,) = problems_of([base, folder])
    assert problem.startswith(f"{folder}:") and message in problem


def test_the_course_comes_from_the_first_folder_that_has_one(base, mine):
    (mine / COURSE_FILE).write_text("title: Mine\ndomains: [notes, maths]\n", encoding="utf-8")
    assert load_libraries([base, mine]).course.domains == ("notes", "maths")
    (base / COURSE_FILE).write_text("title: Base\ndomains: [models]\n", encoding="utf-8")
    library = load_libraries([base, mine])
    assert library.course.title.en == "Base" and library.course.domains == ("models",)
    assert library.ranks["g"] == library.ranks["f"] == 1 and library.ranks["d"] == 0


def test_each_folder_keeps_its_own_compile_cache(base, mine, tmp_path):
    parsers = [CachedParser(tmp_path / "cache" / name) for name in ("base.cache", "mine.cache")]
    load_libraries([base, mine], parsers=parsers)
    assert [parser.parsed for parser in parsers] == [5, 2]
    warm = load_libraries([base, mine], parsers=parsers)
    assert [parser.parsed for parser in parsers] == [0, 0] and len(warm) == 7
    edited = mine / "notes" / "g.yaml"
    edited.write_text(edited.read_text("utf-8").replace("Term g", "Term gee"), "utf-8")
    library = load_libraries([base, mine], parsers=parsers)
    assert [parser.parsed for parser in parsers] == [0, 1] and library["g"].term.en == "Term gee"


def test_a_warm_load_still_checks_links_across_the_folders(base, mine, tmp_path):
    """The compile cache checks only what changed since a load that passed; that
    holds for one folder, never across several: a concept removed from the base
    library is found missing in the other folder, whose files did not change."""
    base_parser = CachedParser(tmp_path / "cache" / "base.cache")
    mine_parser = CachedParser(tmp_path / "cache" / "mine.cache")
    load_library(base, parse=base_parser)
    load_libraries([base, mine], parsers=[base_parser, mine_parser])
    (base / "maths" / "a.yaml").unlink()
    (base / "maths" / "b.yaml").write_text(concept_yaml("b"), encoding="utf-8")
    problems = problems_of([base, mine], parsers=[base_parser, mine_parser])
    assert [problem for problem in problems if "unknown prerequisite 'a'" in problem]
    assert load_library(base, parse=base_parser).roots() == ["b", "c", "e"]


def test_parsers_must_match_the_folders(base, mine):
    with pytest.raises(ValueError, match="a parser for each"):
        load_libraries([base, mine], parsers=[CachedParser(base / "x.cache")])
    with pytest.raises(ValueError):
        load_libraries([])
