"""``dlkg study``: spaced-repetition sessions.

The work is done by :mod:`quiz.study.session`, :mod:`quiz.study.placement` and
:mod:`quiz.study.store`; this module parses options, runs the session loop and asks
questions; :mod:`dlkg.commands.study_screens` prints around them,
:mod:`dlkg.commands.placement` runs ``--placement`` and :mod:`dlkg.commands.stats` is
``dlkg stats``.
"""

from __future__ import annotations

import click

from dlkg.app import App, content_option, db_option, pass_app
from dlkg.asking import ask
from dlkg.commands.placement import run_placement
from dlkg.commands.study_common import explain_option, learner_zone, term_of
from dlkg.commands.study_screens import (
    CONTROLS,
    ending_text,
    introduce,
    show_controls,
    show_outcome,
    show_summary,
)
from dlkg.common import lang_option, latex_option, make_screen
from dlkg.terminal.screen import current
from kg.library import Library
from quiz.study.clock import Clock
from quiz.study.placement import DEFAULT_PROBES
from quiz.study.session import Session
from quiz.study.session_records import (
    DEFAULT_LIMIT,
    DEFAULT_MAX_REVIEWS,
    DEFAULT_NEW_CONCEPTS,
    Step,
    UndoError,
)
from quiz.study.store import ReviewStore, Status, StoreError


@click.command()
@click.option("--target", metavar="NAME", help="Learn only the concepts on the path to this one.")
@click.option(
    "--new",
    "new_concepts",
    type=click.IntRange(0),
    default=DEFAULT_NEW_CONCEPTS,
    show_default=True,
    help="New concepts to introduce, each with its cards.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    help=(
        f"Questions after which the session ends [default: {DEFAULT_LIMIT}; "
        f"{DEFAULT_PROBES} with --placement]."
    ),
)
@lang_option
@latex_option
@explain_option
@click.option(
    "--placement",
    is_flag=True,
    help="Take a short placement quiz instead, so that what you know is not taught again.",
)
@click.option(
    "--max-reviews",
    type=click.IntRange(0),
    default=DEFAULT_MAX_REVIEWS,
    show_default=True,
    help="Reviews a day at most, the most overdue first; the rest wait for tomorrow.",
)
@click.option(
    "--unsuspend",
    metavar="NAME",
    help="Resume studying a concept suspended with /x, then end.",
)
@click.option(
    "--reset",
    metavar="NAME",
    help="Bring a concept back as new (its items unscheduled, its known/unknown mark "
    "removed; its reviews stay in the log), then end.",
)
@click.option(
    "--reset-placement",
    is_flag=True,
    help="Undo placement: remove every mark a placement quiz made, then end.",
)
@db_option
@content_option
@pass_app
def study(
    app: App,
    target,
    new_concepts,
    limit,
    lang,
    latex,
    explain,
    placement,
    max_reviews,
    unsuspend,
    reset,
    reset_placement,
):
    """Study with spaced repetition (FSRS): due reviews first, then new concepts.

    A new concept is introduced only once its prerequisites are learned, in
    learning-path order. Typed and multiple-choice answers are graded and
    rated for you (wrong: Again, right: Good, right but slow, after a hint or
    with one typo: Hard); flashcards you rate yourself, 1 to 4. Type ? at a
    prompt for a hint, /h for the controls (skip, bury, suspend, undo, quit);
    after a wrong typed term, r says "I was right". Reviews are capped per day
    (--max-reviews). Every answer is saved the moment it is given; Ctrl-D or
    Ctrl-C ends the session with a summary.

    The database is study.db in dlkg's data folder unless --db or DLKG_DB
    names another. DLKG_NOW=2025-01-01T09:00:00Z fixes the clock (for testing);
    times are shown in its zone, else in the system's.

    \b
    Example:
      dlkg study
      dlkg study --target transformer --new 2 --limit 30
      dlkg study --placement --limit 8
      dlkg study --reset backpropagation
      dlkg study --reset-placement
      dlkg study --max-reviews 30
      dlkg study --db ~/dl-study.db --lang zh
    """
    out = make_screen(lang, latex)
    out.explain = explain
    library = app.library
    target_id = app.find(target).id if target else None
    clock = app.clock
    if sum(map(bool, (unsuspend, reset, reset_placement, placement))) > 1:
        raise click.UsageError(
            "choose one of --placement, --unsuspend, --reset and --reset-placement"
        )
    reset_id = app.find(reset).id if reset else None
    store = app.store
    try:
        if reset_id is not None:
            _reset(library, store, reset_id, clock, lang)
            return
        if reset_placement:
            _reset_placement(library, store, clock, lang)
            return
        if unsuspend:
            concept_id = app.find(unsuspend).id
            changed = store.suspend(concept_id, False)
            name = term_of(library, concept_id, out)
            out.echo(out.t("study.resumed" if changed else "study.not_suspended", term=name))
            return
        if placement:
            run_placement(library, store, clock, target_id, limit, lang)
        else:
            _run_session(library, store, clock, target_id, new_concepts, limit, lang, max_reviews)
    except StoreError as err:
        raise click.ClickException(str(err)) from None


def _reset(library: Library, store: ReviewStore, concept_id: str, clock: Clock, lang: str) -> None:
    """``--reset NAME``: the concept back as new, and what that did."""
    out = current(lang)
    done = store.reset(concept_id, clock())
    term = term_of(library, concept_id, out)
    if done is None:
        out.echo(out.t("study.reset.nothing", term=term))
        return
    mark = "" if done.mark is None else out.t(f"study.reset.{done.mark.value}")
    out.echo(out.t("study.reset", term=term, items=done.items, mark=mark, reviews=done.reviews))


def _reset_placement(library: Library, store: ReviewStore, clock: Clock, lang: str) -> None:
    """``--reset-placement``: every placement mark out of force, and which."""
    out = current(lang)
    done = store.reset_placement(clock())
    if not done:
        out.echo(out.t("study.reset_placement.nothing"))
        return
    known = sum(reset.mark is Status.KNOWN for reset in done)
    out.echo(
        out.t(
            "study.reset_placement",
            n=len(done),
            known=known,
            unknown=len(done) - known,
            terms=out.terms(library, [reset.concept for reset in done]),
        )
    )


def _run_session(
    library: Library,
    store: ReviewStore,
    clock: Clock,
    target_id: str | None,
    new_concepts: int,
    limit: int | None,
    lang: str,
    max_reviews: int = DEFAULT_MAX_REVIEWS,
) -> None:
    session = Session(
        library,
        store,
        clock=clock,
        target=target_id,
        new_concepts=new_concepts,
        limit=limit or DEFAULT_LIMIT,
        max_reviews=max_reviews,
        zone=learner_zone(current(lang), clock()),
    )
    out = current(lang)
    due = store.count_due(clock())
    out.echo(out.t("study.start", path=store.path, due=due, n=due, new=new_concepts))
    out.echo(out.t("study.cap", cap=max_reviews))
    out.echo(out.t("study.keys"))
    out.echo()
    failure = None
    finished = False
    try:
        while True:
            step = session.next_step()
            if step is None:
                finished = True
                break
            concept = library[step.concept]
            if step.introduce and not introduce(concept, lang):
                break
            state = "new" if step.new else step.card.state.name.lower()
            header = out.t(
                "study.header",
                number=step.number,
                state=out.t(f"state.{state}"),
                domain=out.domain(concept.domain),
                kind=out.kind(step.question.kind),
            )
            formula = out.formula_hint(concept.formula)
            answer = ask(
                step.question, lang, header, formula=formula, controls=CONTROLS, override=True
            )
            while answer.command == "/h" or (answer.command == "/u" and _quiet_undo(session)):
                if answer.command == "/h":
                    show_controls()
                answer = ask(
                    step.question, lang, header, formula=formula, controls=CONTROLS, override=True
                )
            if answer.command == "/q":
                out.echo(out.t("study.quit"))
                break
            if answer.command is not None:
                _control(library, session, step, answer.command, lang)
                continue
            outcome = session.answer(
                step,
                correct=None if answer.grade is None else answer.grade.correct,
                seconds=answer.seconds,
                used_hint=answer.used_hint,
                self_rating=answer.self_rating,
                almost=answer.almost,
                overridden=answer.overridden,
            )
            show_outcome(library, outcome, clock(), lang)
    except (click.Abort, KeyboardInterrupt):
        out.echo()
        out.echo(out.t("study.ended"))
    except StoreError as err:
        failure = err
    try:
        summary = session.summary()
    except StoreError as err:
        raise click.ClickException(str(failure or err)) from None
    show_summary(library, summary, clock(), lang)
    if finished:
        try:
            ending = session.ending()
        except StoreError as err:
            raise click.ClickException(str(err)) from None
        out.echo(ending_text(library, ending, session, summary, clock()), indent="  ")
    if failure is not None:
        raise click.ClickException(str(failure))


def _quiet_undo(session: Session) -> bool:
    """Whether ``/u`` has nothing to take back (said so; the question is asked again)."""
    if session.can_undo():
        return False
    out = current()
    out.echo(out.t("undo.nothing"), fg="yellow")
    return True


def _control(library: Library, session: Session, step: Step, command: str, lang: str) -> None:
    """Carry out skip, bury or undo, typed at ``step``; each is stored at once."""
    out = current(lang)
    if command == "/s":
        session.skip(step)
        out.echo(out.t("control.skipped"), fg="yellow")
    elif command == "/b":
        back = session.bury(step, learner_zone(out, session.clock()))
        term = term_of(library, step.concept, out)
        if back is None:  # a new concept never answered: passed over, not introduced
            out.echo(out.t("study.passed_over", term=term), fg="yellow")
        else:
            out.echo(out.t("control.buried", at=out.clock(back), term=term), fg="yellow")
    elif command == "/x":
        session.suspend(step)
        term = term_of(library, step.concept, out)
        out.echo(out.t("control.suspended", term=term, id=step.concept), fg="yellow")
    elif command == "/u":
        try:
            session.undo()
        except UndoError as err:
            out.echo(out.t("undo.failed", reason=_undo_reason(err)), fg="yellow")
            return
        out.echo(out.t("control.undone"), fg="yellow")
    out.echo()


def _undo_reason(err: UndoError) -> str:
    """Why an answer cannot be taken back, in the screen's language."""
    out = current()
    if "another session" in str(err):
        return out.t("undo.other_session")
    return str(err)
