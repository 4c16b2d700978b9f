"""check, list, show and path through the command line, including bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from tests.conftest import concept_yaml


def run(*args, env=None, input=None):
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("dlkg, version ")


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(flag):
    result = run(flag)
    assert result.exit_code == 0 and "Commands:" in result.output


def test_python_dash_m():
    done = subprocess.run(
        [sys.executable, "-m", "dlkg", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "dlkg, version" in done.stdout


def test_check_bundled_content_summarizes():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    for word in ("concepts", "prerequisite edges", "domains", "roots"):
        assert word in result.output


def test_check_reports_every_problem_one_line_each(write_library):
    root = write_library(
        {
            "m/a": concept_yaml("a", extra="colour: red\n"),
            "m/b": concept_yaml("b", prerequisites=["zzz"]),
            "m/c": "id: [c\n",
        }
    )
    result = run("check", "--content", str(root))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4 and lines[-1].startswith("Error: 3 problem(s) in 3 file(s)")
    for line in lines[:-1]:
        path, line_number, column, message = line.split(":", 3)
        assert path.endswith(".yaml") and line_number.isdigit() and column.isdigit() and message
    assert "Traceback" not in result.output


def test_content_from_environment_variable(small_library):
    result = run("list", env={"DLKG_CONTENT": str(small_library)})
    assert result.exit_code == 0 and "Term a · 术语 a" in result.output


def test_other_commands_refuse_invalid_content(write_library):
    root = write_library({"m/a": concept_yaml("a", prerequisites=["nope"])})
    result = run("path", "a", "--content", str(root))
    assert result.exit_code == 1 and "unknown prerequisite 'nope'" in result.stderr


def test_list_json_has_the_documented_fields():
    result = run("list", "--json")
    data = json.loads(result.output)
    assert len(data) >= 50
    for item in data:
        assert {"id", "term", "domain", "tags", "prerequisites", "related", "engine"} <= set(item)
        assert set(item["term"]) == {"en", "zh"}


def test_list_filters_by_domain_and_tag():
    by_domain = json.loads(run("list", "--domain", "Transformer", "--json").output)
    assert by_domain and {item["domain"] for item in by_domain} == {"transformer"}
    by_tag = json.loads(run("list", "--tag", "学习率", "--json").output)
    assert "gradient-descent" in {item["id"] for item in by_tag}


def test_list_unknown_domain_is_a_usage_error():
    result = run("list", "--domain", "astrology")
    assert result.exit_code == 2 and "no domain 'astrology'; the domains are:" in result.output


def test_list_text_groups_by_domain(small_library):
    result = run("list", "--content", str(small_library))
    assert result.output.splitlines()[0] == "maths (3)"


@pytest.mark.parametrize(
    "name", ["反向传播", "Backpropagation", "backprop", "BACKPROP", "ｂａｃｋｐｒｏｐ"]
)
def test_show_finds_by_any_name(name):
    result = run("show", name, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == "backpropagation"


def test_show_text_has_every_part():
    result = run("show", "gradient descent")
    assert result.exit_code == 0
    for part in (
        "Gradient descent · 梯度下降",
        "Definition",
        "Example",
        "Formula",
        "Tags",
        "Prerequisites",
        "Builds on it",
        "Related",
        "engine.optim:gradient_descent",
        "stochastic-gradient-descent",
    ):
        assert part in result.output


def test_show_one_language():
    english = run("show", "gradient-descent", "--lang", "en").output
    chinese = run("show", "gradient-descent", "--lang", "zh").output
    assert "iteratively adjusts" in english and "沿着" not in english.split("Definition")[1]
    assert "沿着" in chinese


def test_show_json_lists_dependents():
    data = json.loads(run("show", "gradient", "--json").output)
    assert "gradient-descent" in data["dependents"]


def test_show_unknown_name_gets_did_you_mean():
    result = run("show", "backprob")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]  # one line
    assert "did you mean" in result.output and "backprop" in result.output


def test_path_numbered_with_both_terms():
    result = run("path", "transformer")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("Learning path to Transformer · Transformer 架构")
    assert lines[1].lstrip().startswith("1. ") and " · " in lines[1]
    assert lines[-1].split()[1] == "transformer"


def test_path_json_is_ordered_concept_objects():
    data = json.loads(run("path", "adam", "--json").output)
    order = [item["id"] for item in data]
    assert order[-1] == "adam"
    for index, item in enumerate(data):
        for prerequisite in item["prerequisites"]:
            assert order.index(prerequisite) < index


def test_path_known_leaves_out_known_concepts():
    full = [item["id"] for item in json.loads(run("path", "adam", "--json").output)]
    known = json.loads(run("path", "adam", "--known", "gradient,learning rate", "--json").output)
    shorter = [item["id"] for item in known]
    assert "gradient" in full and "gradient" not in shorter and "derivative" not in shorter
    assert "learning-rate" not in shorter and shorter[-1] == "adam"


def test_path_known_unknown_name_is_a_usage_error():
    result = run("path", "adam", "--known", "gradiant")
    assert result.exit_code == 2 and "did you mean" in result.output


def test_path_to_a_known_target():
    result = run("path", "gradient", "--known", "gradient")
    assert result.exit_code == 0 and "nothing to learn" in result.output


def test_bad_option_is_a_usage_error():
    result = run("list", "--colour")
    assert result.exit_code == 2 and "No such option" in result.output


def test_content_folder_that_does_not_exist(tmp_path):
    result = run("check", "--content", str(tmp_path / "missing"))
    assert result.exit_code == 1 and "no such folder" in result.output
