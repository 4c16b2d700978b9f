"""What ``dlkg study``, its placement quiz and ``dlkg stats`` share: a concept's term, the
learner's time zone, the label colon, ``--explain``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

import click

from dlkg.terminal.screen import Screen
from kg.library import Library


def term_of(library: Library, concept_id: str, out: Screen) -> str:
    """A concept's term in the screen's language; its id when the library lacks it."""
    if concept_id not in library.concepts:
        return concept_id
    return out.term(library[concept_id])


def learner_zone(out: Screen, now: datetime) -> tzinfo | None:
    """The zone the learner's days begin in: ``$DLKG_NOW``'s, else the system's."""
    from dlkg.terminal.times import in_zone

    return in_zone(now, out.zone).tzinfo


def colon(out: Screen) -> str:
    """After a label: ``: `` or the full-width ``：`` in Chinese."""
    return "：" if out.lang == "zh" else ": "


def explain_option(command: Callable) -> Callable:
    """``--explain``: the definition after right answers too."""
    return click.option(
        "--explain",
        is_flag=True,
        help="Show the full definition after every answer, not only after a wrong one.",
    )(command)
