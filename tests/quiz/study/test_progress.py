"""The progress report behind ``dlkg stats``: each concept's line, domains, the path."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fsrs import Rating

from quiz.question import Kind
from quiz.study import progress
from quiz.study.store import Source, Status

from .conftest import NOW
from .test_knowledge import answer, graduate


def test_the_report_describes_each_concept(store, chain):
    graduate(store, chain, "a", [Kind.CLOZE], NOW - timedelta(days=1))
    answer(store, chain, "b", Kind.CLOZE, Rating.Again, NOW, False)
    store.mark("x", Status.KNOWN, Source.PLACEMENT, NOW)
    lines = {line.concept: line for line in progress.report(chain, store, NOW)}
    assert lines["a"].progress is progress.Progress.REVIEW and lines["a"].learned
    assert (lines["a"].answers, lines["a"].right, lines["a"].accuracy) == (2, 2, 1.0)
    assert lines["b"].progress is progress.Progress.LEARNING and not lines["b"].learned
    assert lines["c"].progress is progress.Progress.LOCKED
    assert lines["x"].progress is progress.Progress.KNOWN and lines["x"].mark is Status.KNOWN
    assert lines["y"].progress is progress.Progress.READY
    assert lines["a"].to_dict()["retrievability"] == pytest.approx(lines["a"].retrievability)
    for line in lines.values():
        row = line.to_dict()
        assert json.loads(json.dumps(row)) == row  # JSON-ready, as dlkg stats --json prints it
        assert (row["concept"], row["progress"], row["answers"], row["right"]) == (
            line.concept,
            line.progress.value,
            line.answers,
            line.right,
        )
        assert row["mark"] == (None if line.mark is None else line.mark.value)


def test_the_progress_report_rolls_up_domains_and_walks_the_path(store, chain):
    graduate(store, chain, "a", [Kind.CLOZE], NOW - timedelta(days=1))
    answer(store, chain, "b", Kind.CLOZE, Rating.Again, NOW, False)
    report = progress.progress_report(chain, store, NOW, target="c")
    domains = {domain.domain: domain for domain in report.domains}
    assert (domains["maths"].concepts, domains["maths"].learned) == (5, 1)
    assert (domains["maths"].answers, domains["maths"].accuracy) == (3, 2 / 3)
    assert domains["other"].accuracy is None
    assert report.frontier == ("x", "y")
    assert [(step.line.concept, step.depth) for step in report.path.steps] == [
        ("a", 0),
        ("b", 1),
        ("c", 2),
    ]
    data = report.to_dict()
    # The forecast and the reviews per source were added after the others
    # (dlkg stats --json keeps its shape).
    assert list(data) == [
        "now",
        "domains",
        "concepts",
        "frontier",
        "path",
        "forecast",
        "reviews_by_source",
    ]
    assert data["path"]["concepts"][2]["depth"] == 2
