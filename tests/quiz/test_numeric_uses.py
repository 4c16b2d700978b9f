"""Numeric templates declare every concept they use (quiz/numeric/uses.py, issue 15)."""

from __future__ import annotations

import importlib
import pkgutil

import quiz.numeric
from dlkg.common import load
from quiz.numeric import load_templates
from quiz.numeric.base import TEMPLATES
from quiz.numeric.uses import USES, home, ready, templates_at, uses


def test_every_served_template_declares_the_concepts_it_uses():
    undeclared = sorted(set(load_templates()) - set(USES))
    assert not undeclared, f"declare these in quiz/numeric/uses.py: {undeclared}"


def test_every_declared_concept_is_in_the_bundled_library_and_every_id_is_a_template():
    library = load(None)
    for module in pkgutil.iter_modules(quiz.numeric.__path__):
        importlib.import_module(f"quiz.numeric.{module.name}")
    for template_id, concepts in USES.items():
        assert template_id in TEMPLATES, f"{template_id}: no such template"
        assert concepts, f"{template_id}: declares no concept"
        unknown = [c for c in concepts if c not in library.concepts]
        assert not unknown, f"{template_id}: not concepts of the bundled library: {unknown}"


def test_a_template_lives_on_the_most_advanced_concept_it_uses():
    library = load(None)
    assert home(library, "relu-gradient") == "backpropagation"  # not derivative
    assert home(library, "causal-attention-output") == "causal-mask"  # not attention
    assert home(library, "central-difference") == "derivative"
    assert [t.id for t in templates_at(library, "derivative")] == ["central-difference"]
    assert templates_at(library, "attention") == []
    assert templates_at(library, "hidden-state") == []
    for concept in library.concepts:  # each template has one home, among what it uses
        for template in templates_at(library, concept):
            assert concept in USES[template.id]


def test_a_template_is_ready_only_when_everything_it_uses_is_learned():
    assert not ready("relu-gradient", {"relu", "backpropagation"})
    assert ready("relu-gradient", {"relu", "backpropagation", "chain-rule", "derivative"})
    assert not ready("no-such-template", {"relu"})


def test_a_quiz_on_a_concept_asks_only_the_templates_that_live_on_it():
    from quiz.builder import KindFilter, slots_for

    library = load(None)
    slots = slots_for(library, "derivative", KindFilter.NUMERIC)
    assert {slot.template.id for slot in slots} == {"central-difference"}
    backprop = {s.template.id for s in slots_for(library, "backpropagation", KindFilter.NUMERIC)}
    assert "relu-gradient" in backprop


def test_a_concept_asked_for_by_itself_practises_every_template_that_uses_it():
    """`dlkg quiz --concept gradient-descent`: its steps live on the learning rate (the
    more advanced concept they use), yet asking for gradient descent practises them."""
    from quiz.builder import KindFilter, build_quiz, slots_for

    library = load(None)
    assert not slots_for(library, "gradient-descent", KindFilter.NUMERIC)
    alone = {
        s.template.id
        for s in slots_for(library, "gradient-descent", KindFilter.NUMERIC, alone=True)
    }
    assert alone and all("gradient-descent" in uses(t) for t in alone)
    quiz = build_quiz(library, ["gradient-descent"], kinds=KindFilter.NUMERIC, n=4, seed=2)
    assert len(quiz) == 4 and {q.concept for q in quiz} == {"gradient-descent"}
    # A concept with templates of its own keeps to them (no MLP backprop for cross-entropy).
    own = {t.id for t in templates_at(library, "cross-entropy")}
    assert {
        s.template.id for s in slots_for(library, "cross-entropy", KindFilter.NUMERIC, alone=True)
    } == own
