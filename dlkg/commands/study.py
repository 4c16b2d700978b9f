"""``dlkg study`` and ``dlkg stats``: spaced-repetition sessions and the progress they leave.

The work is done by :mod:`quiz.study.session`, :mod:`quiz.study.placement`,
:mod:`quiz.study.progress` and :mod:`quiz.study.store`; this module parses options, asks
questions and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

import click

from dlkg.app import App, content_option, db_option, pass_app
from dlkg.asking import ask, prompt_line
from dlkg.common import echo_json, json_option, lang_option, latex_option, make_screen
from dlkg.terminal.screen import Screen, current
from kg.concept import Concept
from kg.library import Library
from quiz.study.clock import Clock
from quiz.study.placement import DEFAULT_PROBES, PlacementSession
from quiz.study.progress import ConceptReport, PathReport, Progress, ProgressReport, progress_report
from quiz.study.records import timestamp
from quiz.study.session import (
    DEFAULT_LIMIT,
    DEFAULT_MAX_REVIEWS,
    DEFAULT_NEW_CONCEPTS,
    Ending,
    EndReason,
    Outcome,
    Session,
    Step,
    Summary,
    UndoError,
)
from quiz.study.store import MEMORY, ReviewStore, Status, StoreError

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

DONT_KNOW = ("n", "/n", "idk", "不知道")
"""What a learner types at a placement question to say "I don't know"."""

BAR_WIDTH = 10
MAP_SYMBOLS = {"learned": "✓", "studying": "◐", "ready": "○", "locked": "·"}


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
            _run_placement(library, store, clock, target_id, limit, lang)
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
            if step.introduce and not _introduce(concept, lang):
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
                    _show_controls()
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
            _show_outcome(library, outcome, clock(), lang)
    except (click.Abort, KeyboardInterrupt):
        out.echo()
        out.echo(out.t("study.ended"))
    except StoreError as err:
        failure = err
    try:
        summary = session.summary()
    except StoreError as err:
        raise click.ClickException(str(failure or err)) from None
    _show_summary(library, summary, clock(), lang)
    if finished:
        try:
            ending = session.ending()
        except StoreError as err:
            raise click.ClickException(str(err)) from None
        out.echo(_ending_text(library, ending, session, summary, clock()), indent="  ")
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


def _show_controls() -> None:
    out = current()
    out.echo(out.t("controls.title"), bold=True)
    for word, key in CONTROLS.items():
        out.echo(f"  {word}  {out.t(key)}", hang=8)
    out.echo(f"  ?   {out.t('controls.keys')}", hang=8)
    out.echo(f"  {OVERRIDE_KEY}   {out.t('controls.override')}", hang=8)
    out.echo()


def _introduce(concept: Concept, lang: str) -> bool:
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


def _show_outcome(library: Library, outcome: Outcome, now: datetime, lang: str) -> None:
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


def _show_summary(library: Library, summary: Summary, now: datetime, lang: str) -> None:
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


def _ending_text(
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


def _run_placement(
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


@click.command()
@click.option("--target", metavar="NAME", help="Also draw the learning path to this concept.")
@click.option("--check", is_flag=True, help="Check the database's integrity; exit 1 on a problem.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the progress map as one offline page (as 'dlkg graph export --progress').",
)
@click.option(
    "--optimize",
    is_flag=True,
    help="Fit FSRS's weights to your own reviews (dlkg's and Anki's) and schedule with them "
    "from now on; needs the optimizer: pip install 'dlkg[optimizer]'.",
)
@json_option
@lang_option
@db_option
@content_option
@pass_app
def stats(app: App, target, check, html_path, optimize, as_json, lang):
    """Show study progress: per domain and concept, the frontier, a path's mastery map.

    For each concept studied, what needs attention first (due now, not learned
    yet, then the weakest): its state, retrievability (the estimated chance
    you recall it now), when it is next due, answers and accuracy. With
    --target, the learning path to that concept drawn as a map: ✓ learned,
    ◐ studying, ○ ready to learn, · locked. --check runs SQLite's integrity
    check and dlkg's own consistency checks instead.

    --optimize fits FSRS's weights to your reviews, in dlkg and in Anki
    (read with 'dlkg anki reviews'); it needs at least 512 reviews made a day
    or more after the previous review of the same concept. It shows how well
    the default and the fitted weights predict those reviews (log loss and
    RMSE, lower is better) and, when the fitted ones are better, saves them:
    'dlkg study' schedules with them from then on.

    \b
    Example:
      dlkg stats
      dlkg stats --target adam
      dlkg stats --json
      dlkg stats --check --db ~/dl-study.db
      dlkg stats --html progress.html
      dlkg stats --optimize
    """
    out = make_screen(lang)
    path = app.database(create_folder=False)
    exists = path.exists()
    if optimize:
        _optimize(app, path, exists, as_json, out)
        return
    if check:
        if not exists:
            out.echo(out.t("stats.check.none", path=path))
            return
        _check(app, path, as_json)
        return
    library = app.library
    target_id = app.find(target).id if target else None
    if html_path is not None:
        from dlkg.commands.graph import write_progress_page

        write_progress_page(app, library, target_id, html_path)
        return
    now = app.clock()
    store = app.open_store(path if exists else MEMORY)
    try:
        zone = learner_zone(current(), now)
        progress = progress_report(library, store, now, target_id, zone=zone)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        echo_json({**progress.to_dict(), "database": str(path) if exists else None})
        return
    _show_stats(library, progress, path, exists)


def _optimize(app: App, path: Path, exists: bool, as_json: bool, out: Screen) -> None:
    from quiz.study.optimize import NotEnoughHistory, OptimizerMissing, fit

    if not exists:
        raise click.ClickException(current().t("optimize.no_database", path=path))
    store = app.open_store(path)
    try:
        fitted = fit(store, app.clock())
        better = fitted.log_loss_after < fitted.log_loss_before
        if better:
            store.save_parameters(fitted)
    except (OptimizerMissing, NotEnoughHistory, StoreError) as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        echo_json(
            {
                "database": str(path),
                "saved": better,
                **fitted._asdict(),
                "fitted_at": timestamp(fitted.fitted_at),
                "weights": list(fitted.weights),
            }
        )
        return
    out = current()
    out.echo(out.t("optimize.fitted", reviews=fitted.reviews))
    scores = out.t(
        "optimize.scores",
        before=f"{fitted.log_loss_before:.4f}",
        after=f"{fitted.log_loss_after:.4f}",
        rmse_before=f"{fitted.rmse_before:.4f}",
        rmse_after=f"{fitted.rmse_after:.4f}",
    )
    out.echo(scores, indent="  ", hang=4)
    out.echo(out.t("optimize.saved" if better else "optimize.kept", path=path))


def _check(app: App, path: Path, as_json: bool) -> None:
    store = app.open_store(path)
    try:
        problems = store.check()
        counts = store.counts()
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        echo_json({"database": str(path), "ok": not problems, "problems": problems, **counts})
    elif not problems:
        out = current()
        text = out.t(
            "stats.check.ok",
            path=path,
            cards=counts["cards"],
            reviews=counts["reviews"],
            marks=counts["knowledge"],
        )
        out.echo(text)
    for problem in problems if not as_json else ():
        click.echo(problem, err=True)
    if problems:
        message = current().t("stats.check.problems", n=len(problems), path=path)
        raise click.ClickException(message)


def _show_stats(library: Library, progress: ProgressReport, path: Path, exists: bool) -> None:
    from dlkg.terminal.wrap import display_width, pad

    out = current()
    now = progress.now
    if exists:
        out.echo(out.t("stats.database", path=path, at=out.clock(now)))
    else:
        out.echo(out.t("stats.no_database", path=path))
    sources = progress.reviews_by_source
    if sources.get("answer") or sources.get("anki"):
        text = out.t("stats.reviews", dlkg=sources.get("answer", 0), anki=sources.get("anki", 0))
        out.echo(text)
    if progress.forecast is not None:
        forecast = progress.forecast
        text = out.t(
            "stats.forecast",
            today=forecast.today,
            tomorrow=forecast.tomorrow,
            week=forecast.next_7_days,
        )
        out.echo(text)
    out.echo()
    out.echo(out.t("stats.domains"), bold=True)
    names = {domain.domain: out.domain(domain.domain) for domain in progress.domains}
    width = max((display_width(name) for name in names.values()), default=0)
    for domain in progress.domains:
        accuracy = ""
        if domain.accuracy is not None:
            accuracy = out.t("stats.accuracy", share=f"{domain.accuracy:.0%}")
        line = out.t(
            "stats.domain.line",
            learned=domain.learned,
            concepts=domain.concepts,
            cards=domain.cards,
            due=domain.due_now,
            answers=domain.answers,
            accuracy=accuracy,
        )
        out.echo(f"  {pad(names[domain.domain], width)}  {line}", wrap=False)
    studied = sorted(
        (line for line in progress.concepts if line.cards or line.mark is Status.KNOWN),
        key=_attention,
    )
    out.echo()
    out.echo(out.t("stats.concepts"), bold=True)
    if not studied:
        out.echo(out.t("stats.none"), indent="  ")
    rows = [_concept_row(library, line, now) for line in studied]
    widths = [max((display_width(row[i]) for row in rows), default=0) for i in range(4)]
    for row in rows:
        cells = [pad(cell, widths[i]) for i, cell in enumerate(row[:4])]
        out.echo("  " + "  ".join([*cells, row[4]]).rstrip(), wrap=False)
    out.echo()
    out.echo(out.t("stats.frontier"), bold=True)
    frontier = progress.frontier
    out.echo(out.terms(library, frontier[:12]), indent="  ")
    if len(frontier) > 12:
        out.echo(out.t("stats.more", n=len(frontier) - 12), indent="  ")
    if progress.path is not None:
        _show_map(library, progress.path)


def _attention(line: ConceptReport) -> tuple:
    """What needs attention first: due now, then not learned, then the weakest
    (lowest retrievability), then what is due soonest; concepts only marked known last."""
    strength = line.retrievability if line.retrievability is not None else 2.0
    if not line.cards:
        group = 3
    elif line.due_now:
        group = 0
    elif not line.learned:
        group = 1
    else:
        group = 2
    due = "~" if line.next_due is None else line.next_due.isoformat()
    return (group, strength, due, line.concept)


def _progress(line: ConceptReport) -> str:
    """A concept's state, one clear label: ``reviewing``, ``已掌握（标记）``."""
    return current().t(f"progress.{line.progress.value}")


def _concept_row(library: Library, line: ConceptReport, now: datetime) -> list[str]:
    out = current()
    name = term_of(library, line.concept, out)
    strength = "R    -" if line.retrievability is None else f"R {line.retrievability:.2f}"
    due = ""
    if line.next_due is not None:
        due = out.t("stats.due", when=out.when(line.next_due, now))
    accuracy = ""
    if line.accuracy is not None:
        accuracy = out.t("stats.accuracy", share=f"{line.accuracy:.0%}")
    answers = out.t("stats.answers", n=line.answers, accuracy=accuracy)
    if line.anki_reviews:
        answers += out.t("stats.anki_reviews", count=line.anki_reviews)
    if line.cards and not line.learned:
        answers += " · " + out.t("stats.not_learned")
    return [name, _progress(line), strength, due, answers]


def _show_map(library: Library, path: PathReport) -> None:
    from dlkg.terminal.wrap import display_width, pad

    out = current()
    target = library[path.target]
    lines = [step.line for step in path.steps]
    learned = sum(line.learned for line in lines)
    title = out.t("stats.path", term=out.term(target), learned=learned, total=len(lines))
    out.echo()
    out.echo(title, bold=True)
    out.echo(out.t("stats.legend"), indent="  ")
    learned_ids = {line.concept for line in lines if line.learned}
    names = ["  " * step.depth + term_of(library, step.line.concept, out) for step in path.steps]
    width = max((display_width(name) for name in names), default=0)
    for step, name in zip(path.steps, names, strict=True):
        line = step.line
        if line.learned:
            symbol = MAP_SYMBOLS["learned"]
        elif line.cards:
            symbol = MAP_SYMBOLS["studying"]
        elif line.progress is Progress.READY:
            symbol = MAP_SYMBOLS["ready"]
        else:
            symbol = MAP_SYMBOLS["locked"]
        strength = line.retrievability
        bar = " " * BAR_WIDTH if strength is None else _bar(strength)
        detail = _progress(line)
        if line.progress is Progress.LOCKED:
            missing = [p for p in library[line.concept].prerequisites if p not in learned_ids]
            detail += "  " + out.t("stats.needs", terms=out.terms(library, missing))
        out.echo(f"  {symbol} {bar} {pad(name, width)}  {detail}", wrap=False)


def _bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)
