"""``dlkg study --placement``: the placement quiz asked and its result printed (the quiz
itself is :mod:`quiz.study.placement`)."""

from __future__ import annotations

import click

from dlkg.asking import ask
from dlkg.terminal.screen import current
from kg.library import Library
from quiz.study.clock import Clock
from quiz.study.placement import DEFAULT_PROBES, PlacementSession
from quiz.study.store import ReviewStore, StoreError

DONT_KNOW = ("n", "/n", "idk", "不知道")
"""What a learner types at a placement question to say "I don't know"."""


def run_placement(
    library: Library,
    store: ReviewStore,
    clock: Clock,
    target_id: str | None,
    limit: int | None,
    lang: str,
) -> None:
    placement = PlacementSession(
        library, store, clock=clock, target=target_id, limit=limit or DEFAULT_PROBES
    )
    out = current(lang)
    out.echo(out.t("placement.start", path=store.path, n=placement.limit))
    out.echo(out.t("placement.keys"))
    out.echo()
    failure = None
    try:
        while (probe := placement.next_probe()) is not None:
            domain = out.domain(library[probe.concept].domain)
            header = out.t(
                "placement.header", number=probe.number, total=placement.limit, domain=domain
            )
            answer = ask(probe.question, lang, header, hints=False, controls=DONT_KNOW)
            correct = answer.command is None and answer.grade is not None and answer.grade.correct
            if answer.command is not None:
                out.echo(out.t("placement.dont_know"))
            result = placement.answer(probe, correct=correct, seconds=answer.seconds)
            if result.known:
                known_terms = out.terms(library, result.known)
                out.echo(out.t("placement.known", terms=known_terms), fg="green")
            else:
                unknown_terms = out.terms(library, result.unknown)
                out.echo(out.t("placement.unknown", terms=unknown_terms), fg="yellow")
            out.echo()
    except (click.Abort, KeyboardInterrupt):
        out.echo()
        out.echo(out.t("placement.ended"))
    except StoreError as err:
        failure = err
    summary = placement.summary()
    out.echo(out.t("placement.title"), bold=True)
    known_text = out.t(
        "placement.marked.known", n=len(summary.known), terms=out.terms(library, summary.known)
    )
    out.echo(known_text, indent="  ")
    unknown_text = out.t(
        "placement.marked.unknown",
        n=len(summary.unknown),
        terms=out.terms(library, summary.unknown),
    )
    out.echo(unknown_text, indent="  ")
    out.echo(out.t("placement.undetermined", n=summary.undetermined), indent="  ")
    if failure is not None:
        raise click.ClickException(str(failure))
