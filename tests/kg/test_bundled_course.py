"""The bundled course meets the library's own standard (issue 17): what can be checked mechanically.

Every concept has verifiable references in one of the accepted forms; every
formula has a legend; both languages are present in every bilingual field and
carry the same numbers; the course file orders every domain; a beginner's
first concept is a foundational one that much builds on.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from kg.graph import ancestors
from kg.library import load_library
from tests.conftest import BUNDLED_CONTENT

LIBRARY = load_library(BUNDLED_CONTENT)
CONCEPTS = list(LIBRARY)

REFERENCE_FORMS = (
    # d2l.ai, by section number and title: "d2l.ai 12.3 Gradient Descent"
    re.compile(r"^d2l\.ai \d+\.\d+ \S.*$"),
    # a paper or book: "Kingma & Ba 2015, Adam: ...", "Vaswani et al. 2017, Attention ..."
    re.compile(r"^[A-Z][^,]*? (?:et al\. )?\(?\d{4}\)?, \S.*$"),
    # a course note: "CS231n notes, ...", "CS224n ..."
    re.compile(r"^CS2(?:31|24)n\b.*\S$"),
)

NUMBER = re.compile(r"(?<![\w.])[−-]?\d+(?:[.,]\d+)*(?:e[−-]?\d+)?")


def digits(number: str) -> str:
    """A number's significant digits: 3.3, 33 and 3,300 all give "33" (units differ by language:
    3.3 billion = 33 亿, 65 million = 6500 万)."""
    return number.replace(",", "").replace(".", "").replace("−", "").replace("-", "").strip("0")


def computed(text: str) -> set[str]:
    """The significant digits of the computed numbers of a text (with a decimal point or commas)."""
    return {digits(n) for n in NUMBER.findall(text) if "." in n or "," in n}


def stated(text: str) -> set[str]:
    """The significant digits of every number of a text."""
    return {digits(n) for n in NUMBER.findall(text)}


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda c: c.id)
def test_every_concept_cites_a_verifiable_source(concept):
    assert concept.references, f"{concept.id} has no references"
    for reference in concept.references:
        assert any(form.match(reference) for form in REFERENCE_FORMS), reference


@pytest.mark.parametrize("concept", [c for c in CONCEPTS if c.formula], ids=lambda c: c.id)
def test_every_formula_has_a_legend_in_both_languages(concept):
    assert concept.legend is not None, f"{concept.id}: a formula without a legend"
    assert concept.legend.en.strip() and concept.legend.zh.strip()


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda c: c.id)
def test_both_languages_are_present_and_state_the_same_numbers(concept):
    for name in ("term", "definition", "example", "worked_example", "notes", "legend"):
        text = getattr(concept, name)
        if text is None:
            continue
        assert text.en.strip() and text.zh.strip(), f"{concept.id}.{name}"
        if name in ("example", "worked_example", "notes"):
            only_en = computed(text.en) - stated(text.zh)
            only_zh = computed(text.zh) - stated(text.en)
            assert not only_en and not only_zh, f"{concept.id}.{name}: {only_en} / {only_zh}"


def test_the_course_file_orders_every_domain():
    assert set(LIBRARY.domains) <= set(LIBRARY.course.domains)
    assert LIBRARY.course.title.en and LIBRARY.course.title.zh


def test_the_course_is_as_broad_as_the_issue_asks():
    per_domain = Counter(concept.domain for concept in CONCEPTS)
    assert len(CONCEPTS) >= 140
    assert per_domain["vision"] >= 15 and per_domain["sequence"] >= 10
    assert per_domain["training"] >= 5
    for llm_basic in (
        "causal-mask",
        "cross-attention",
        "pre-training-and-fine-tuning",
        "masked-language-model",
        "decoding-and-sampling",
    ):
        assert llm_basic in LIBRARY.outlines
    for general in ("residual-connection", "layer-normalization", "vanishing-gradient"):
        assert LIBRARY[general].domain == "deep-networks"


def test_a_beginner_starts_with_a_foundation_that_much_builds_on():
    first = LIBRARY.learning_order[0]
    assert LIBRARY[first].domain == "foundations"
    dependents = sum(first in ancestors(LIBRARY.prerequisites, [c]) for c in LIBRARY.outlines)
    assert dependents >= len(CONCEPTS) // 4


@pytest.mark.parametrize("target", ["transformer", "gpt", "bert", "resnet"])
def test_no_recurrent_network_on_the_way_to_attention_models_or_resnet(target):
    path = LIBRARY.path_to(target)
    assert "recurrent-neural-network" not in path and "hidden-state" not in path


def test_a_topic_is_finished_before_the_next_starts_on_the_whole_course():
    ranks = [LIBRARY.ranks[concept_id] for concept_id in LIBRARY.learning_order]
    # Going back to an earlier domain happens only when a concept needs it.
    backs = sum(1 for a, b in itertools.pairwise(ranks) if b < a)
    assert backs <= len(LIBRARY.domains)


def test_a_decoder_only_model_does_not_need_the_encoder_decoder_parts():
    """GPT is a stack of causally masked self-attention blocks: no encoder, no
    cross-attention (d2l 11.9.3); BERT is encoder-only and needs no causal mask."""
    gpt = LIBRARY.path_to("gpt")
    assert not {"transformer-encoder", "cross-attention", "transformer-decoder"} & set(gpt)
    assert {"causal-mask", "multi-head-attention", "feed-forward-network"} <= set(gpt)
    bert = LIBRARY.path_to("bert")
    assert not {"causal-mask", "cross-attention", "transformer-decoder"} & set(bert)


def test_no_name_is_shared_by_two_concepts():
    """An id, term or alias, folded for case, width, spaces and dashes, names one concept only
    (review r4: "feedforward network" / "feed-forward network" routed to two cards)."""
    from kg.names import normalize_name

    owners: dict[str, set[str]] = {}
    for concept in CONCEPTS:
        for name in concept.names():
            owners.setdefault(normalize_name(name), set()).add(concept.id)
    shared = {name: sorted(ids) for name, ids in owners.items() if len(ids) > 1}
    assert not shared, shared
