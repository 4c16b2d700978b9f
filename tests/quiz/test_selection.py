"""Which concepts a quiz or deck covers, chosen in the library (the CLI only parses)."""

from __future__ import annotations

import pytest

from kg.errors import UnknownConceptError, UnknownDomainError
from kg.library import load_library
from quiz.selection import select_concepts


@pytest.fixture
def small(small_library):
    return load_library(small_library)


def test_a_concept_a_path_a_domain_or_everything_in_learning_order(small):
    assert select_concepts(small, concept="Term b") == ["b"]
    assert select_concepts(small, target="d") == ["a", "b", "c", "d"]
    assert select_concepts(small, domain="MATHS") == [
        c for c in small.learning_order if small.outlines[c].domain == "maths"
    ]
    assert select_concepts(small) == small.learning_order


def test_wrong_names_and_several_choices_raise_the_library_errors(small):
    with pytest.raises(UnknownConceptError, match="no concept named 'zz'"):
        select_concepts(small, target="zz")
    with pytest.raises(UnknownDomainError) as raised:
        select_concepts(small, domain="physics")
    assert raised.value.domains == small.domains
    with pytest.raises(ValueError, match="at most one"):
        select_concepts(small, target="d", domain="maths")
