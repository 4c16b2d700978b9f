"""The numeric-problem cache gives exactly what generating the problem gives, or nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from quiz.anki import problem_cache
from quiz.anki.problem_cache import ProblemCache, ProblemText
from quiz.numeric import load_templates
from quiz.numeric.base import fmt
from tests.quiz.anki.conftest import FIXED_TIME

SEEDS = (0, 1, 12345)


def generated(template, seed) -> ProblemText:
    problem = template.generate(seed)
    return ProblemText(problem.prompt, fmt(problem.answer), problem.solution)


def fill(path) -> ProblemCache:
    problems = ProblemCache(path)
    for template in load_templates().values():
        for seed in SEEDS:
            problems.text(template, seed)
    problems.save()
    return problems


def test_every_template_reads_back_as_generated(tmp_path):
    path = tmp_path / "problems.cache"
    assert fill(path).generated == len(load_templates()) * len(SEEDS)
    stored = ProblemCache(path)
    for template in load_templates().values():
        for seed in SEEDS:
            assert stored.text(template, seed) == generated(template, seed)
    assert stored.generated == 0


def test_a_file_made_by_other_code_is_not_used(tmp_path, monkeypatch):
    path = tmp_path / "problems.cache"
    fill(path)
    monkeypatch.setattr(problem_cache, "code_digest", lambda *names, **versions: b"0" * 64)
    template = next(iter(load_templates().values()))
    other = ProblemCache(path)
    assert other.text(template, 1) == generated(template, 1) and other.generated == 1


@pytest.mark.parametrize(
    "damage",
    [lambda raw: raw[: len(raw) // 2], lambda raw: raw.replace(b"=", b"+"), lambda raw: b"junk"],
    ids=["truncated", "tampered", "junk"],
)
def test_a_corrupt_file_is_ignored(tmp_path, damage):
    path = tmp_path / "problems.cache"
    fill(path)
    path.write_bytes(damage(path.read_bytes()))
    template = next(iter(load_templates().values()))
    again = ProblemCache(path)
    assert again.text(template, 0) == generated(template, 0) and again.generated == 1


def test_a_malformed_entry_is_generated_again(tmp_path):
    path = tmp_path / "problems.cache"
    template = next(iter(load_templates().values()))
    problems = ProblemCache(path)
    problems._texts()[(template.id, 0)] = ("only", "four", "parts", 4)
    assert problems.text(template, 0) == generated(template, 0) and problems.generated == 1


def test_the_second_export_generates_nothing_and_writes_the_same_deck(
    small_library, tmp_path, monkeypatch
):
    from tests.conftest import concept_yaml

    (small_library / "maths" / "softmax.yaml").write_text(
        concept_yaml("softmax", extra="engine: engine.losses:softmax\n"), "utf-8"
    )
    cache = tmp_path / "cache"
    env = {"SOURCE_DATE_EPOCH": str(FIXED_TIME), "DLKG_CACHE_DIR": str(cache)}
    decks = []
    for name in ("first.apkg", "second.apkg"):
        output = tmp_path / name
        arguments = ["anki", "export", "--content", str(small_library), "-o", str(output)]
        result = CliRunner().invoke(cli, arguments, env=env)
        assert result.exit_code == 0, result.output
        assert "numeric notes" in result.output and " 0 numeric" not in result.output
        decks.append(output.read_bytes())
        if name == "first.apkg":
            stamp = (cache / "numeric-problems.cache").stat().st_mtime_ns
    assert decks[0] == decks[1]
    assert (cache / "numeric-problems.cache").stat().st_mtime_ns == stamp  # nothing new to save
    uncached = tmp_path / "uncached.apkg"
    arguments = ["anki", "export", "--content", str(small_library), "-o", str(uncached)]
    result = CliRunner().invoke(cli, arguments, env={**env, "DLKG_NO_CACHE": "1"})
    assert result.exit_code == 0 and uncached.read_bytes() == decks[0]
