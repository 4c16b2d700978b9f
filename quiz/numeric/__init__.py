"""Numeric question templates, one module per idea (a few templates each).

:func:`load_templates` imports the served families and returns their templates.
Which templates are served depends on :data:`FAMILIES` only, never on which other
modules happen to have been imported (a doctest run imports every module).
"""

from __future__ import annotations

import importlib

from quiz.numeric.base import TEMPLATES, Template

FAMILIES = (
    "tokenize",
    "transformer",
    "attention",
    "rnn",
    "conv",
    "losses",
    "activations",
    "calculus",
    "backprop",
    "sgd",
    "momentum",
    "adaptive",
    "language_model",
    "penalties",
    "dropout",
    "random_crop",
    "hyperparams",
    "embedding_lookup",
    "analogy",
    "word2vec",
    "normalization",
    "conv_shapes",
    "metrics",
    "information",
    "schedules",
    "decoding",
    "negative_sampling",
    "bleu",
    "gru",
    "initialization",
    "adamw",
    "squashing",
    "gelu",
    "moving_average",
    "adagrad",
    "nesterov",
    "softmax_regression",
    "linear_regression",
    "global_average_pooling",
    "detection",
    "cross_attention",
    "feed_forward",
)
"""The template families served. A family is listed here once every template of it meets
the fairness properties of tests/quiz/test_numeric_templates.py (issue 18: named
mistakes on both sides of the key so that its rank spreads, whole-number answers
graded as integers, impossible options never offered, readable negatives)."""


def load_templates() -> dict[str, Template]:
    """Every served template, by id (importing each family module once).

    A template registered outside the served family modules is not served:

    >>> from quiz.numeric.base import TEMPLATES, template
    >>> @template("outside-the-families", engines=["engine.x:y"], title=("T", "T"))
    ... def draw(rng): ...
    >>> "outside-the-families" in TEMPLATES, "outside-the-families" in load_templates()
    (True, False)
    >>> _ = TEMPLATES.pop("outside-the-families")
    """
    served = {f"quiz.numeric.{family}" for family in FAMILIES}
    for module in sorted(served):
        importlib.import_module(module)
    return {id: t for id, t in TEMPLATES.items() if t.draw.__module__ in served}


def templates_for(engine: str) -> list[Template]:
    """The templates that practise the concept whose engine reference is ``engine``."""
    return [t for t in load_templates().values() if engine in t.engines]
