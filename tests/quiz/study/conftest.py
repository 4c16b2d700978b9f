"""Fixtures for the study tests: a fixed clock, small libraries, a store on disk."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kg.library import load_library
from quiz.study.store import ReviewStore
from tests.conftest import concept_yaml

NOW = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
"""The fixed "now" of every study test."""


@pytest.fixture
def small(small_library):
    """The suite's five-concept library, loaded: a -> b -> d, c -> d, e alone."""
    return load_library(small_library)


@pytest.fixture
def chain(write_library):
    """A chain a -> b -> c -> d -> e plus two loose concepts x, y (for distractors)."""
    return load_library(
        write_library(
            {
                "maths/a": concept_yaml("a"),
                "maths/b": concept_yaml("b", prerequisites=["a"]),
                "maths/c": concept_yaml("c", prerequisites=["b"]),
                "maths/d": concept_yaml("d", prerequisites=["c"]),
                "maths/e": concept_yaml("e", prerequisites=["d"]),
                "other/x": concept_yaml("x"),
                "other/y": concept_yaml("y"),
            }
        )
    )


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "study.db"


@pytest.fixture
def store(db_path):
    with ReviewStore.open(db_path) as opened:
        yield opened
