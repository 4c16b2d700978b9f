"""What a study session prints around the questions: the controls, a new concept, the
outcome of an answer, the summary and why the session ended."""

from __future__ import annotations

from datetime import datetime

import click

from dlkg.asking import prompt_line
from dlkg.commands.study_common import colon, term_of
from dlkg.terminal.screen import current
from kg.concept import Concept
from kg.library import Library
from quiz.study.session import Session
from quiz.study.session_records import DEFAULT_NEW_CONCEPTS, Ending, EndReason, Outcome, Summary

CONTROLS = {
    "/s": "control.skip",
    "/b": "control.bury",
    "/x": "control.suspend",
    "/u": "control.undo",
    "/q": "control.quit",
    "/h": "control.help",
}
"""What a learner may type at any study prompt instead of an answer (see the README),
with the key of its explanation in the message table (:mod:`dlkg.terminal.messages`)."""
OVERRIDE_KEY = "r"
"""Pressed after a wrong or almost-right typed term: "I was right" (logged as an override)."""


def show_controls() -> None:
    out = current()
    out.echo(out.t("controls.title"), bold=True)
    for word, key in CONTROLS.items():
        out.echo(f"  {word}  {out.t(key)}", hang=8)
    out.echo(f"  ?   {out.t('controls.keys')}", hang=8)
    out.echo(f"  {OVERRIDE_KEY}   {out.t('controls.override')}", hang=8)
    out.echo()


def introduce(concept: Concept, lang: str) -> bool:
    """Teach ``concept``: both terms always (the English term is part of what is learned),
    the definition and the formula in the screen's language; then clear it away before
    its first question. False on ``q``."""
    out = current(lang)
    out.echo(f"{out.t('study.new')}{colon(out)}{out.both_terms(concept)}", fg="cyan", bold=True)
    out.echo(out.pick(concept.definition))
    if concept.formula:
        lines = out.formula(concept.formula)
        if len(lines) == 1:
            out.echo(f"{out.t('study.formula')}{colon(out)}{lines[0]}", hang=4)
        else:
            out.echo(f"{out.t('study.formula')}{colon(out).rstrip()}")
            out.formula_block(concept.formula)
    reply = prompt_line(lang, "study.read")
    if reply.strip().lower() in ("q", "/q", "quit"):
        return False
    click.clear()  # only on a terminal: the answer is not left on screen above its question
    out.echo()
    return True


def show_outcome(library: Library, outcome: Outcome, now: datetime, lang: str) -> None:
    out = current(lang)
    rating = out.t(f"rating.{int(outcome.rating)}")
    if outcome.slow_after is not None:
        rating += out.t("study.slow", seconds=f"{outcome.slow_after:g}")
    if outcome.almost:
        rating += out.t("study.almost")
    if outcome.overridden:
        rating += out.t("study.overridden")
    out.echo(out.t("study.outcome", rating=rating, when=out.when(outcome.due, now)), dim=True)
    implicit = outcome.implicit
    credited = list(dict.fromkeys(concept for concept, _ in implicit.credited))
    if credited:
        out.echo(out.t("study.credited", terms=out.terms(library, credited)), indent="  ")
    if implicit.marked_known:
        out.echo(
            out.t("study.marked", terms=out.terms(library, implicit.marked_known)), indent="  "
        )
    if implicit.brought_forward:
        text = out.t("study.brought", terms=out.terms(library, implicit.brought_forward))
        out.echo(text, indent="  ", fg="yellow")
    if outcome.unlocked:
        text = out.t("study.unlocked", terms=out.terms(library, outcome.unlocked))
        out.echo(text, indent="  ", fg="green")
    if outcome.skills:
        text = out.t("study.skills", terms=out.terms(library, outcome.skills))
        out.echo(text, indent="  ", fg="green")
    out.echo()


def show_summary(library: Library, summary: Summary, now: datetime, lang: str) -> None:
    out = current(lang)
    out.echo(out.t("summary.title"), bold=True)
    share = ""
    if summary.reviewed:
        share = f"{summary.right / summary.reviewed:.0%}"
        share = out.either(f" ({share})", f"（{share}）")
    reviewed = out.t(
        "summary.reviewed", reviewed=summary.reviewed, right=summary.right, share=share
    )
    out.echo(reviewed, indent="  ")
    if summary.introduced:
        out.echo(out.t("summary.new", terms=out.terms(library, summary.introduced)), indent="  ")
    if summary.unlocked:
        unlocked = out.t("summary.unlocked", terms=out.terms(library, summary.unlocked))
        out.echo(unlocked, indent="  ")
    else:
        out.echo(out.t("summary.unlocked.none"), indent="  ")
    if summary.brought_forward:
        brought = out.t("summary.brought", terms=out.terms(library, summary.brought_forward))
        out.echo(brought, indent="  ")
    if summary.due_now:
        out.echo(out.t("summary.due", n=summary.due_now), indent="  ")
    if summary.deferred and summary.max_reviews is not None:
        text = out.t("study.deferred", n=summary.deferred, cap=summary.max_reviews)
        out.echo(text, indent="  ", fg="yellow")
    if summary.next_due is not None:
        text = out.t(
            "summary.next",
            when=out.when(summary.next_due, now),
            at=out.clock(summary.next_due),
            n=summary.due_within_day,
        )
        out.echo(text, indent="  ")
    elif not summary.due_now:
        out.echo(out.t("summary.next.none"), indent="  ")


def ending_text(
    library: Library, ending: Ending, session: Session, summary: Summary, now: datetime
) -> str:
    """Why the session stopped, and what to do next, in the screen's language."""
    out = current()
    later = (
        out.t("ending.later.none")
        if summary.next_due is None
        else out.t("ending.later", when=out.when(summary.next_due, now))
    )
    reason = ending.reason
    if reason is EndReason.LIMIT:
        if summary.due_now:
            return out.t("ending.limit.again", n=session.limit)
        return out.t("ending.limit", n=session.limit, later=later)
    if reason is EndReason.NO_NEW:
        return out.t("ending.no_new", later=later, new=DEFAULT_NEW_CONCEPTS)
    if reason is EndReason.NEW_DONE:
        return out.t("ending.new_done", n=session.new_concepts, later=later)
    if reason is EndReason.WAITING:
        waiting = out.terms(library, ending.waiting[:3])
        return out.t("ending.waiting", n=len(ending.waiting), terms=waiting, later=later)
    if reason is EndReason.TARGET_DONE:
        target = term_of(library, session.target or "", out)
        return out.t("ending.target_done", target=target, id=session.target, later=later)
    return out.t("ending.all_learned", later=later)
