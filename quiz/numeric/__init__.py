"""Numeric question templates, one module per engine family.

Importing this package registers every template in :data:`TEMPLATES`.
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
    "optim",
    "language_model",
    "regularization",
    "hyperparams",
    "embedding",
)
"""The template families served. The families written for the new course concepts
(normalization, conv_shapes, metrics, information, schedules, decoding,
negative_sampling, bleu, gru, initialization) are served once they meet the
fairness properties of tests/quiz/test_numeric_templates.py (issue 18: named
mistakes on both sides of the key, the key's rank spread, readable negatives)."""


def load_templates() -> dict[str, Template]:
    """Every template, by id (importing each family module once)."""
    for family in FAMILIES:
        importlib.import_module(f"quiz.numeric.{family}")
    return TEMPLATES


def templates_for(engine: str) -> list[Template]:
    """The templates that practise the concept whose engine reference is ``engine``."""
    return [t for t in load_templates().values() if engine in t.engines]
