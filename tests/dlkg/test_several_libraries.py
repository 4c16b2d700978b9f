"""``--content`` given more than once, and ``DLKG_CONTENT`` as a path list: a learner's
own concepts beside the bundled library."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.library import load_library
from quiz.anki.package_reader import read_apkg
from tests.conftest import BUNDLED_CONTENT, write_files

MINE = """\
id: my-sgd-trick
term: {en: My SGD trick, zh: 我的随机梯度下降技巧}
definition: {en: "A note of mine about gradient descent.", zh: "我关于梯度下降的笔记。"}
prerequisites: [gradient-descent]
"""


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def bundled_size():
    return len(load_library(BUNDLED_CONTENT))


@pytest.fixture
def mine(tmp_path):
    return write_files(tmp_path / "mine", {"notes/my-sgd-trick": MINE})


def test_my_folder_beside_the_bundled_library(mine, bundled_size):
    result = run("check", "--content", "bundled", "--content", str(mine))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"OK: {bundled_size + 1} concepts")
    path = run("path", "my-sgd-trick", "--content", "bundled", "--content", str(mine))
    assert path.exit_code == 0, path.output
    assert "gradient-descent" in path.output and "my-sgd-trick" in path.output.splitlines()[-1]


def test_my_folder_alone_does_not_know_the_bundled_ids(mine):
    result = run("check", "--content", str(mine))
    assert result.exit_code == 1 and "unknown prerequisite 'gradient-descent'" in result.stderr


def test_dlkg_content_takes_a_path_list(mine, bundled_size):
    result = run("list", "--json", env={"DLKG_CONTENT": os.pathsep.join(["bundled", str(mine)])})
    assert result.exit_code == 0, result.output
    assert result.output.count('"id"') == bundled_size + 1


def test_an_id_taken_by_the_bundled_library_is_one_line_naming_both_files(mine):
    write_files(
        mine,
        {
            "notes/gradient": "id: gradient\nterm: {en: G, zh: 梯}\ndefinition: {en: d, zh: 定}\n",
            "notes/softmax": "id: softmax\nterm: {en: S, zh: 软}\ndefinition: {en: d, zh: 定}\n",
        },
    )
    result = run("check", "--content", "bundled", "--content", str(mine))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("Error: 2 problem(s) in 2 file(s)")
    gradient = next(line for line in lines if "'gradient'" in line)
    assert gradient.startswith(str(mine / "notes" / "gradient.yaml") + ":1:")
    assert "foundations/gradient.yaml, another library" in gradient


def test_a_folder_called_bundled_is_written_with_its_path(tmp_path, monkeypatch):
    write_files(tmp_path / "bundled", {"notes/my-sgd-trick": MINE.replace("gradient-descent", "")})
    monkeypatch.chdir(tmp_path)
    result = run("list", "--json", "--content", "./bundled")
    assert result.exit_code == 0, result.output
    assert result.output.count('"id"') == 1


def test_the_deck_of_both_libraries(mine, tmp_path, bundled_size):
    deck = tmp_path / "both.apkg"
    result = run(
        "anki", "export", "--content", "bundled", "--content", str(mine), "--variants", "0",
        "-o", str(deck),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{bundled_size + 1} concept notes" in result.output
    ids = {note.fields[0] for note in read_apkg(deck).notes}
    assert "my-sgd-trick" in ids and "gradient-descent" in ids
