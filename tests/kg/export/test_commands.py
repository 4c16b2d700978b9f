"""``dlkg graph export`` through the command line, including bad input."""

from __future__ import annotations

import io
import json
import os

import networkx as nx
import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.export import EXTENSIONS
from tests.conftest import concept_yaml

LOOKS_LIKE = {
    "graphml": lambda text: "<graphml" in text,
    "gexf": lambda text: "<gexf" in text,
    "dot": lambda text: text.startswith("digraph dlkg {"),
    "json": lambda text: set(json.loads(text)) >= {"nodes", "edges"},
    "cytoscape": lambda text: "elements" in json.loads(text),
    "mermaid": lambda text: text.startswith("flowchart LR\n"),
    "html": lambda text: text.startswith("<!DOCTYPE html>"),
}


def run(*args):
    return CliRunner().invoke(cli, ["graph", "export", *args], catch_exceptions=False)


@pytest.mark.parametrize(("ending", "fmt"), sorted(EXTENSIONS.items()))
def test_output_format_follows_the_extension(small_library, tmp_path, ending, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / f"graph{ending}"
    result = run("-o", str(output), "--content", str(small_library))
    assert result.exit_code == 0, result.output
    assert LOOKS_LIKE[fmt](output.read_text(encoding="utf-8"))
    # The default language is both: the sentence once in English, once in Chinese.
    assert result.stderr == f"Wrote {output} ({fmt})\n已写入 {output}（{fmt}）\n"
    assert [path.name for path in folder.iterdir()] == [output.name], "no temporary file left"


def test_explicit_format_wins_over_the_extension(small_library, tmp_path):
    output = tmp_path / "graph.json"
    result = run("-o", str(output), "--format", "mermaid", "--content", str(small_library))
    assert result.exit_code == 0 and LOOKS_LIKE["mermaid"](output.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", sorted(LOOKS_LIKE))
def test_without_output_every_format_goes_to_standard_output(small_library, fmt):
    result = run("--format", fmt, "--content", str(small_library))
    assert result.exit_code == 0 and LOOKS_LIKE[fmt](result.stdout)


def test_graphml_on_standard_output_reads_back(small_library):
    result = run("--format", "graphml", "--no-related", "--content", str(small_library))
    graph = nx.read_graphml(io.BytesIO(result.stdout_bytes))
    assert sorted(graph.edges) == [("a", "b"), ("b", "d"), ("c", "d")]


def test_target_by_chinese_term_and_domain(small_library):
    result = run("--format", "json", "--target", "术语 d", "--content", str(small_library))
    assert [node["id"] for node in json.loads(result.stdout)["nodes"]] == ["a", "b", "c", "d"]
    result = run("--format", "json", "--domain", "MODELS", "--content", str(small_library))
    assert [node["id"] for node in json.loads(result.stdout)["nodes"]] == ["d", "e"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "graph.txt"], "cannot tell the format from the name 'graph.txt'"),
        ([], "give --format FORMAT, or -o FILE with a known extension"),
        (["--format", "svg"], "'svg' is not one of"),
        (["--format", "json", "--target", "bb"], "no concept named 'bb'"),
        (["--format", "json", "--domain", "physics"], "no domain 'physics'"),
        (["--format", "json", "--target", "a", "--domain", "models"], "on the path to 'a'"),
    ],
)
def test_command_line_mistakes_exit_2_with_one_line(
    small_library, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "--content", str(small_library))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    if "--format" not in args or "svg" not in args:  # click's own errors add the usage line
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "graph.txt").exists()


def test_invalid_content_exits_1(write_library):
    root = write_library({"m/a": concept_yaml("a", prerequisites=["nope"])})
    result = run("--format", "json", "--content", str(root))
    assert result.exit_code == 1 and "unknown prerequisite 'nope'" in result.stderr


def test_unwritable_output_exits_1(small_library, tmp_path):
    result = run("-o", str(tmp_path / "missing" / "graph.html"), "--content", str(small_library))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ") and "Traceback" not in result.output


def test_failed_write_keeps_the_old_file(small_library, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "graph.html"
    output.write_text("the previous export", encoding="utf-8")

    def refuse(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = run("-o", str(output), "--content", str(small_library))
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert output.read_text(encoding="utf-8") == "the previous export"
    assert [path.name for path in folder.iterdir()] == ["graph.html"]
