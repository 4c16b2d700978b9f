"""Loading and validating a library: one small bad file per rule.

Every problem must name the file, line and column; all problems are reported
together, never just the first.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from kg.engine_refs import defined_callables
from kg.errors import ContentError
from kg.library import load_library
from tests.conftest import concept_yaml


def problems_of(root, **kwargs) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_library(root, **kwargs)
    return [str(problem) for problem in info.value.problems]


def only_problem(root, **kwargs) -> str:
    problems = problems_of(root, **kwargs)
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_library_loads(small_library):
    library = load_library(small_library)
    assert sorted(library.concepts) == ["a", "b", "c", "d", "e"]
    assert library.domains == ["maths", "models"]
    assert library["d"].domain == "models"
    assert library["d"].prerequisites == ("b", "c")
    assert library.roots() == ["a", "c", "e"]
    assert library.dependents["b"] == ["d"]


def test_unknown_field_with_did_you_mean(write_library):
    root = write_library({"m/a": concept_yaml("a", extra="prerequisite: [b]\n")})
    problem = only_problem(root)
    assert problem.endswith("unknown field 'prerequisite'; did you mean 'prerequisites'?")
    assert ":14:1:" in problem


@pytest.mark.parametrize("missing", ["id", "term", "definition"])
def test_missing_required_field(write_library, missing):
    lines = concept_yaml("a").splitlines()
    keep, skipping = [], False
    for line in lines:
        if line.startswith(missing + ":"):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        keep.append(line)
    root = write_library({"m/a": "\n".join(keep) + "\n"})
    assert f"missing required field '{missing}'" in only_problem(root)


def test_missing_language(write_library):
    text = concept_yaml("a").replace("  zh: 术语 a\n", "")
    assert only_problem(write_library({"m/a": text})).endswith("missing 'term.zh'")


def test_unknown_language(write_library):
    text = concept_yaml("a").replace("  zh: 术语 a\n", "  zh: 术语 a\n  fr: terme\n")
    assert "unknown language 'term.fr'" in only_problem(write_library({"m/a": text}))


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("tags: [tag-a]", "tags: just-one", "'tags' must be a list, found a text value"),
        ("tags: [tag-a]", "tags: [[x]]", "'tags' item 1 must be text, found a list"),
        ("  en: Term a", "  en: [Term, a]", "'term.en' must be text, found a list"),
        ("term:\n", "term: Term\nx_term:\n", "'term' must be a mapping with 'en' and 'zh'"),
        ("tags: [tag-a]", "tags: [x, x]", "'tags' lists 'x' twice"),
        ("  en: Term a", "  en: ''", "'term.en' is empty"),
    ],
)
def test_wrong_types(write_library, replace, by, message):
    text = concept_yaml("a").replace(replace, by)
    assert message in "\n".join(problems_of(write_library({"m/a": text})))


def test_id_must_be_kebab_case(write_library):
    text = concept_yaml("a").replace("id: a", "id: Gradient_Descent")
    problem = only_problem(write_library({"m/a": text}))
    assert "id 'Gradient_Descent' is not kebab-case" in problem and ":1:5:" in problem


@pytest.mark.parametrize("bad_id", ["../etc/passwd", "<script>", "a b", "a--b", "-a"])
def test_ids_with_path_or_html_characters_are_refused(write_library, bad_id):
    text = concept_yaml("a").replace("id: a", f"id: '{bad_id}'")
    assert "is not kebab-case" in only_problem(write_library({"m/a": text}))


def test_id_must_match_file_name(write_library):
    problem = only_problem(write_library({"m/other": concept_yaml("a")}))
    assert "id 'a' does not match the file name 'other'" in problem


def test_duplicate_ids_across_files(write_library):
    root = write_library({"m/a": concept_yaml("a"), "n/a": concept_yaml("a")})
    problem = only_problem(root)
    assert "n/a.yaml:1:5: duplicate id 'a' (also in" in problem and "m/a.yaml" in problem


def test_unknown_prerequisite_with_did_you_mean(write_library):
    root = write_library(
        {
            "m/gradient": concept_yaml("gradient"),
            "m/b": concept_yaml("b", prerequisites=["gradiant"]),
        }
    )
    problem = only_problem(root)
    assert problem.endswith("unknown prerequisite 'gradiant'; did you mean 'gradient'?")
    assert ":12:17:" in problem


def test_unknown_related(write_library):
    root = write_library({"m/a": concept_yaml("a", related=["nowhere"])})
    assert "unknown related concept 'nowhere'" in only_problem(root)


def test_self_prerequisite(write_library):
    problem = only_problem(write_library({"m/a": concept_yaml("a", prerequisites=["a"])}))
    assert "concept 'a' is its own prerequisite" in problem


def test_cycle_is_reported_whole_with_its_files(write_library):
    root = write_library(
        {
            "m/a": concept_yaml("a", prerequisites=["c"]),
            "m/b": concept_yaml("b", prerequisites=["a"]),
            "n/c": concept_yaml("c", prerequisites=["b"]),
            "n/d": concept_yaml("d", prerequisites=["a"]),
        }
    )
    problem = only_problem(root)
    assert "prerequisite cycle:" in problem
    cycle = problem.split("prerequisite cycle: ")[1].split(" (files")[0].split(" -> ")
    assert cycle[0] == cycle[-1] and sorted(cycle[:-1]) == ["a", "b", "c"]
    for name in ("m/a.yaml", "m/b.yaml", "n/c.yaml"):
        assert name in problem


def test_long_chain_has_no_recursion_limit(write_library):
    files = {
        f"m/c{i}": concept_yaml(f"c{i}", prerequisites=[f"c{i - 1}"] if i else [])
        for i in range(3000)
    }
    library = load_library(write_library(files))
    assert len(library) == 3000


def test_engine_reference_shape(write_library):
    text = concept_yaml("a", extra="engine: os:system\n")
    assert "must look like 'engine.module:function'" in only_problem(write_library({"m/a": text}))


def test_engine_reference_must_resolve_when_checked(write_library):
    root = write_library(
        {
            "m/a": concept_yaml("a", extra="engine: engine.nothing:here\n"),
            "m/b": concept_yaml("b", extra="engine: engine.demos:Step_missing\n"),
        }
    )
    load_library(root)  # not checked unless asked
    problems = problems_of(root, check_engines=True)
    assert "cannot import module 'engine.nothing'" in problems[0]
    assert "module 'engine.demos' has no 'Step_missing'" in problems[1]


def test_engine_reference_must_be_callable(write_library):
    root = write_library({"m/a": concept_yaml("a", extra="engine: engine.demos:annotations\n")})
    assert "is not callable" in only_problem(root, check_engines=True)


def test_checking_engine_references_imports_no_numpy():
    code = (
        "import sys; from kg.library import load_library;"
        "from tests.conftest import BUNDLED_CONTENT;"
        "load_library(BUNDLED_CONTENT, check_engines=True); print('numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_static_engine_check_agrees_with_importing_every_engine_module():
    import engine

    for module_info in pkgutil.iter_modules(engine.__path__, "engine."):
        defined = defined_callables(module_info.name)
        module = importlib.import_module(module_info.name)
        assert defined is not None and defined <= {
            name for name, value in vars(module).items() if callable(value)
        }


def test_every_problem_is_reported_at_once(write_library):
    root = write_library(
        {
            "m/a": concept_yaml("a", extra="colour: red\n"),
            "m/b": concept_yaml("b", prerequisites=["zzz"]),
            "m/c": "id: [c\n",
            "m/d": "",
        }
    )
    problems = problems_of(root)
    assert len(problems) == 4
    assert any("unknown field 'colour'" in p for p in problems)
    assert any("unknown prerequisite 'zzz'" in p for p in problems)
    assert any("YAML syntax error" in p for p in problems)
    assert any("the file is empty" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: a\n", "must be a mapping of fields, found a list"),
        ("just text\n", "must be a mapping of fields, found a text value"),
    ],
)
def test_top_level_must_be_a_mapping(write_library, text, message):
    assert message in only_problem(write_library({"m/a": text}))


def test_yaml_reader_errors_carry_file_line_and_column(write_library):
    root = write_library({"m/a": concept_yaml("a").replace("tags: [tag-a]", "tags: [&t x, *t]")})
    assert "m/a.yaml:11:8: anchors (&t) are not allowed" in only_problem(root)


def test_invalid_utf8_file(write_library):
    root = write_library({"m/a": concept_yaml("a").encode() + b"formula: '\xc3\x28'\n"})
    assert "invalid UTF-8 (byte 0xc3)" in only_problem(root)


def test_bom_crlf_file_is_valid(write_library):
    text = "\ufeff" + concept_yaml("a").replace("\n", "\r\n")
    assert "a" in load_library(write_library({"m/a": text.encode("utf-8")})).concepts


def test_example_may_be_a_single_string(write_library):
    text = concept_yaml("a").replace(
        "example:\n  en: An example sentence using a.\n  zh: 一个使用 a 的例句。\n",
        "example: Only one language.\n",
    )
    concept = load_library(write_library({"m/a": text}))["a"]
    assert concept.example.en == concept.example.zh == "Only one language."


def test_implicit_typing_does_not_change_values(write_library):
    text = concept_yaml("no").replace("tags: [tag-no]", "tags: [no, 2024-01-15, 0x1F, '12:30']")
    concept = load_library(write_library({"m/no": text}))["no"]
    assert concept.tags == ("no", "2024-01-15", "0x1F", "12:30")


def test_missing_or_empty_folder(tmp_path):
    assert "no such folder" in only_problem(tmp_path / "nowhere")
    assert "no concept files" in only_problem(tmp_path)


def test_ids_differing_only_in_case_cannot_exist(write_library):
    text = concept_yaml("a").replace("id: a", "id: A")
    assert "not kebab-case" in only_problem(write_library({"m/A": text}))


def test_files_at_the_top_get_the_general_domain(write_library):
    root = write_library({"a": concept_yaml("a")})
    assert load_library(root)["a"].domain == "general"
