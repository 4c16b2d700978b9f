"""``dlkg demo``: every concept with a computation demonstrates it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.library import load_library
from tests.conftest import BUNDLED_CONTENT

WITH_ENGINE = sorted(c.id for c in load_library(BUNDLED_CONTENT) if c.engine)


def run(*args):
    return CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)


@pytest.mark.parametrize("concept", WITH_ENGINE)
def test_every_engine_concept_has_a_demo(concept):
    result = run(concept, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["concept"] == concept and len(data["steps"]) >= 2
    for step in data["steps"]:
        assert step["en"] and step["zh"]


@pytest.mark.parametrize(
    ("concept", "words"),
    [
        ("self-attention", ["Scores", "Scaled scores", "Weights", "Output"]),
        ("adam", ["first moment m", "second moment v", "bias-corrected m̂", "bias-corrected v̂"]),
        ("byte-pair-encoding", ["Merge 1", "Merge 2"]),
    ],
)
def test_demos_show_their_intermediate_steps(concept, words):
    result = run(concept, "--lang", "en")
    assert result.exit_code == 0
    for word in words:
        assert word in result.output


def test_demo_is_reproducible_and_seeded():
    assert run("attention", "--seed", "4").output == run("attention", "--seed", "4").output
    assert run("attention", "--seed", "4").output != run("attention", "--seed", "5").output


def test_chinese_captions():
    result = run("adam", "--lang", "zh")
    assert "一阶矩" in result.output or "偏差" in result.output


def test_concept_without_computation_says_so():
    result = run("bert")
    assert result.exit_code == 0 and "no computation to demonstrate" in result.output


def test_unknown_concept():
    result = run("attension")
    assert result.exit_code == 2 and "did you mean" in result.output
