"""Fixtures for the study tests: a fixed clock, small libraries, a store on disk."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kg.library import load_library
from quiz.study.store import ReviewStore
from tests.conftest import concept_yaml

NOW = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
"""The fixed "now" of every study test."""


def builds_on(concept_id: str, prerequisite: str) -> str:
    """A concept file whose definition names its prerequisite, as a prerequisite
    question's key must be (quiz.prerequisite_question.evident_prerequisites)."""
    return concept_yaml(concept_id, prerequisites=[prerequisite]).replace(
        f"en: The definition of {concept_id}.",
        f"en: The definition of {concept_id}, built on Term {prerequisite}.",
    )


@pytest.fixture
def small(small_library):
    """The suite's five-concept library, loaded: a -> b -> d, c -> d, e alone."""
    return load_library(small_library)


@pytest.fixture
def chain(write_library):
    """A chain a -> b -> c -> d -> e plus two loose concepts x, y (for distractors); each
    definition names the concept before it."""
    return load_library(
        write_library(
            {
                "maths/a": concept_yaml("a"),
                "maths/b": builds_on("b", "a"),
                "maths/c": builds_on("c", "b"),
                "maths/d": builds_on("d", "c"),
                "maths/e": builds_on("e", "d"),
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
