"""``dlkg study`` and ``dlkg stats``: spaced-repetition sessions and the progress they leave.

The work is done by :mod:`quiz.study.session`, :mod:`quiz.study.placement`,
:mod:`quiz.study.progress` and :mod:`quiz.study.store`; this module parses options, asks
questions and prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import click

from dlkg import study_text
from dlkg.app import App, content_option, db_option, pass_app
from dlkg.asking import ask, inline, pick
from dlkg.common import bilingual_term, echo_json, json_option, question_lang_option
from dlkg.study_text import say
from kg.concept import Concept
from kg.library import Library
from quiz.study.clock import Clock
from quiz.study.placement import DEFAULT_PROBES, PlacementSession
from quiz.study.progress import ConceptReport, PathReport, Progress, ProgressReport, progress_report
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
    "/s": "skip: ask it later in this session, with other numbers",
    "/b": "bury: put this concept away until tomorrow (a new one: pass it over)",
    "/x": "suspend: stop studying this concept (dlkg study --unsuspend NAME resumes it)",
    "/u": "undo: take back your last answer and answer it again",
    "/q": "quit: end the session with its summary (q alone at a rating)",
    "/h": "help: list these controls (? or h alone at a rating)",
}
"""What a learner may type at any study prompt instead of an answer (see the README)."""
OVERRIDE_KEY = "r"
"""Pressed after a wrong or almost-right typed term: "I was right" (logged as an override)."""

DONT_KNOW = ("n", "/n", "idk", "不知道")
"""What a learner types at a placement question to say "I don't know"."""

RATING_NAMES = {1: "Again · 重来", 2: "Hard · 困难", 3: "Good · 良好", 4: "Easy · 简单"}
BAR_WIDTH = 10
MAP_SYMBOLS = {"learned": "✓", "studying": "◐", "ready": "○", "locked": "·"}


def when(moment: datetime, now: datetime) -> str:
    """``moment`` relative to ``now``, to the nearest minute, hour or day.

    Examples
    --------
    >>> from datetime import timedelta
    >>> start = datetime(2025, 1, 1)
    >>> [when(start + delta, start) for delta in (timedelta(seconds=59), timedelta(hours=5),
    ...                                            timedelta(days=3))]
    ['in 1 min', 'in 5 h', 'in 3 days']
    """
    seconds = (moment - now).total_seconds()
    if seconds < 30:
        return "now"
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 48 * 3600:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} days"


def utc_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def term_of(library: Library, concept_id: str, lang: str) -> str:
    if concept_id not in library.concepts:
        return concept_id
    return inline(library[concept_id].term, lang)


def terms(library: Library, concept_ids: Iterable[str], lang: str) -> str:
    return ", ".join(term_of(library, concept_id, lang) for concept_id in concept_ids)


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
@question_lang_option
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
    "reset",
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
    names another. DLKG_NOW=2025-01-01T09:00:00Z fixes the clock (for testing).

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
            name = term_of(library, concept_id, lang)
            click.echo(f"Resumed: {name}." if changed else f"{name} was not suspended.")
            return
        if placement:
            _run_placement(library, store, clock, target_id, limit, lang)
        else:
            _run_session(library, store, clock, target_id, new_concepts, limit, lang, max_reviews)
    except StoreError as err:
        raise click.ClickException(str(err)) from None


def _reset(library: Library, store: ReviewStore, concept_id: str, clock: Clock, lang: str) -> None:
    """``--reset NAME``: the concept back as new, and what that did."""
    done = store.reset(concept_id, clock())
    term = term_of(library, concept_id, lang)
    if done is None:
        click.echo(say(study_text.RESET_NOTHING, lang, term=term))
        return
    mark = "" if done.mark is None else say(study_text.RESET_MARK, lang, status=done.mark.value)
    click.echo(
        say(
            study_text.RESET_DONE,
            lang,
            term=term,
            items=done.items,
            mark=mark.replace("\n", " "),
            reviews=done.reviews,
        )
    )


def _reset_placement(library: Library, store: ReviewStore, clock: Clock, lang: str) -> None:
    """``--reset-placement``: every placement mark out of force, and which."""
    done = store.reset_placement(clock())
    if not done:
        click.echo(say(study_text.RESET_PLACEMENT_NOTHING, lang))
        return
    known = sum(reset.mark is Status.KNOWN for reset in done)
    click.echo(
        say(
            study_text.RESET_PLACEMENT_DONE,
            lang,
            n=len(done),
            known=known,
            unknown=len(done) - known,
            terms=terms(library, [reset.concept for reset in done], lang),
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
    )
    due = store.count_due(clock())
    cap = say(study_text.CAP_START, "en" if lang == "both" else lang, cap=max_reviews)
    click.echo(
        f"Study session ({store.path}): {due} card(s) due, up to {new_concepts} new concept(s), "
        f"{cap}.\n"
        "Type ? for a hint, /h for the controls (skip, bury, suspend, undo, quit). "
        "Ctrl-D or Ctrl-C ends the session.\n"
    )
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
            label = "new" if step.new else step.card.state.name.lower()
            header = f"[{step.number}] {label} · {concept.domain} · {step.question.kind.value}"
            answer = ask(
                step.question,
                lang,
                header,
                formula=concept.formula,
                controls=CONTROLS,
                override=True,
            )
            while answer.command == "/h" or (answer.command == "/u" and _quiet_undo(session)):
                if answer.command == "/h":
                    _show_controls()
                answer = ask(
                    step.question,
                    lang,
                    header,
                    formula=concept.formula,
                    controls=CONTROLS,
                    override=True,
                )
            if answer.command == "/q":
                click.echo("Session ended. · 本次学习结束。")
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
        click.echo("\nSession ended early.")
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
        click.echo("  " + _ending_text(library, ending, session, summary, clock(), lang))
    if failure is not None:
        raise click.ClickException(str(failure))


def _quiet_undo(session: Session) -> bool:
    """Whether ``/u`` has nothing to take back (said so; the question is asked again)."""
    if session.can_undo():
        return False
    click.secho("Nothing to undo in this session yet. · 没有可撤销的回答", fg="yellow")
    return True


def _control(library: Library, session: Session, step: Step, command: str, lang: str) -> None:
    """Carry out skip, bury or undo, typed at ``step``; each is stored at once."""
    if command == "/s":
        session.skip(step)
        click.secho("Skipped: it comes back later, with other numbers. · 已跳过", fg="yellow")
    elif command == "/b":
        back = session.bury(step)
        term = term_of(library, step.concept, lang)
        if back is None:
            click.secho(say(study_text.PASSED_OVER, lang, term=term), fg="yellow")
        else:
            click.secho(f"Buried until {utc_text(back)}: {term} · 已搁置到明天", fg="yellow")
    elif command == "/x":
        session.suspend(step)
        click.secho(
            f"Suspended: {term_of(library, step.concept, lang)}; 'dlkg study --unsuspend "
            f"{step.concept}' resumes it. · 已暂停",
            fg="yellow",
        )
    elif command == "/u":
        try:
            session.undo()
        except UndoError as err:
            click.secho(f"Cannot undo: {err}.", fg="yellow")
            return
        click.secho(
            "Undone: your last answer is taken back; answer it again. · 已撤销", fg="yellow"
        )
    click.echo()


def _show_controls() -> None:
    click.secho("Controls · 操作 (type one instead of an answer):", bold=True)
    for word, meaning in CONTROLS.items():
        click.echo(f"  {word}  {meaning}")
    click.echo("  ?   a hint (at an answer); 1–4 rate a flashcard with one keypress")
    click.echo(
        f"  {OVERRIDE_KEY}   after a wrong or almost-right typed term: I was right "
        "(counted right, logged as your override)"
    )


def _introduce(concept: Concept, lang: str) -> bool:
    """Teach ``concept``, then clear it away before its first question; False on ``q``."""
    click.secho(f"New concept · 新概念: {inline(concept.term, lang)}", fg="cyan", bold=True)
    click.echo(pick(concept.definition, lang))
    if concept.formula:
        click.echo(f"Formula · 公式: {concept.formula}")
    reply = click.prompt(
        "Read it, then press Enter for a question on it (the text is cleared first; q ends)",
        default="",
        show_default=False,
    )
    if reply.strip().lower() in ("q", "/q", "quit"):
        return False
    click.clear()  # only on a terminal: the answer is not left on screen above its question
    click.echo()
    return True


def _show_outcome(library: Library, outcome: Outcome, now: datetime, lang: str) -> None:
    rating = RATING_NAMES[int(outcome.rating)]
    if outcome.slow_after is not None:
        rating += f" (right, but slower than {outcome.slow_after:g} s · 答对了，但用时较长)"
    if outcome.almost:
        rating += " (one typo · 差一个字符)"
    if outcome.overridden:
        rating += " (your override · 你的更正)"
    click.secho(f"→ {rating}; next review {when(outcome.due, now)}", dim=True)
    implicit = outcome.implicit
    credited = list(dict.fromkeys(concept for concept, _ in implicit.credited))
    if credited:
        click.echo(
            f"  Also counted as a review of its prerequisite(s): {terms(library, credited, lang)}"
        )
    if implicit.marked_known:
        click.echo(f"  Marked as known: {terms(library, implicit.marked_known, lang)}")
    if implicit.brought_forward:
        click.secho(
            "  Repeated misses: prerequisite(s) to review now · 先复习先修概念: "
            + terms(library, implicit.brought_forward, lang),
            fg="yellow",
        )
    if outcome.unlocked:
        click.secho(f"  Unlocked · 已解锁: {terms(library, outcome.unlocked, lang)}", fg="green")
    if outcome.skills:
        click.secho(
            "  " + say(study_text.SKILL_READY, lang, terms=terms(library, outcome.skills, lang)),
            fg="green",
        )
    click.echo()


def _show_summary(library: Library, summary: Summary, now: datetime, lang: str) -> None:
    click.secho("Session summary · 本次小结", bold=True)
    share = f" ({summary.right / summary.reviewed:.0%})" if summary.reviewed else ""
    click.echo(f"  Reviewed: {summary.reviewed}, right: {summary.right}{share}")
    if summary.introduced:
        click.echo(f"  New concepts: {terms(library, summary.introduced, lang)}")
    if summary.unlocked:
        click.echo(f"  Newly unlocked: {terms(library, summary.unlocked, lang)}")
    else:
        click.echo("  Newly unlocked: none")
    if summary.brought_forward:
        click.echo(f"  Brought forward: {terms(library, summary.brought_forward, lang)}")
    if summary.due_now:
        click.echo(f"  Still due now: {summary.due_now} card(s)")
    if summary.deferred and summary.max_reviews is not None:
        click.secho(
            "  " + say(study_text.CAP_DEFERRED, lang, n=summary.deferred, cap=summary.max_reviews),
            fg="yellow",
        )
    if summary.next_due is not None:
        click.echo(
            f"  Next review: {when(summary.next_due, now)} ({utc_text(summary.next_due)}); "
            f"{summary.due_within_day} card(s) due within a day"
        )
    elif not summary.due_now:
        click.echo("  Next review: nothing scheduled yet")


def _ending_text(
    library: Library, ending: Ending, session: Session, summary: Summary, now: datetime, lang: str
) -> str:
    """Why the session stopped, and what to do next."""
    later = (
        "nothing is scheduled yet"
        if summary.next_due is None
        else f"the next review is due {when(summary.next_due, now)}"
    )
    reason = ending.reason
    if reason is EndReason.LIMIT:
        return f"Stopped after {session.limit} answers (--limit). " + (
            "Run 'dlkg study' again to go on." if summary.due_now else f"Then {later}."
        )
    if reason is EndReason.NO_NEW:
        return (
            f"Nothing is due, and --new 0 introduces no new concept; {later}. "
            f"'dlkg study' learns up to {DEFAULT_NEW_CONCEPTS} new concepts."
        )
    if reason is EndReason.NEW_DONE:
        return (
            f"Nothing else is due, and this session introduced the {session.new_concepts} new "
            f"concept(s) it may (--new); {later}. 'dlkg study --new N' takes on more now."
        )
    if reason is EndReason.WAITING:
        return (
            "Nothing else is due: the next concepts wait until "
            f"{terms(library, ending.waiting[:3], lang)} "
            f"{'is' if len(ending.waiting) == 1 else 'are'} learned; {later}. Come back then."
        )
    if reason is EndReason.TARGET_DONE:
        target = term_of(library, session.target or "", lang)
        return (
            f"Everything on the path to {target} is learned or marked known; {later}. "
            f"'dlkg stats --target {session.target}' shows the path; 'dlkg study --reset "
            f"{session.target}' studies it anyway, or choose another --target to learn more."
        )
    return f"Every concept is learned or marked known; {later}."


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
    click.echo(
        f"Placement quiz ({store.path}): up to {placement.limit} question(s) to find what you "
        "know already.\nAnswer what you can, and type n if you don't know: a wrong answer or "
        "n just means the concept will be taught; it is marked known only on strong evidence "
        "(three right picks on it or on what builds on it, or one right typed answer). "
        "Ctrl-D or Ctrl-C stops.\n"
    )
    failure = None
    try:
        while (probe := placement.next_probe()) is not None:
            header = (
                f"[{probe.number}/{placement.limit}] placement · {library[probe.concept].domain}"
                " · n: I don't know · 不知道"
            )
            answer = ask(probe.question, lang, header, hints=False, controls=DONT_KNOW)
            correct = answer.command is None and answer.grade is not None and answer.grade.correct
            if answer.command is not None:
                click.echo("→ I don't know · 不知道")
            result = placement.answer(probe, correct=correct, seconds=answer.seconds)
            if result.known:
                click.secho(f"→ probably known: {terms(library, result.known, lang)}", fg="green")
            else:
                click.secho(f"→ to learn: {terms(library, result.unknown, lang)}", fg="yellow")
            click.echo()
    except (click.Abort, KeyboardInterrupt):
        click.echo("\nPlacement ended early.")
    except StoreError as err:
        failure = err
    summary = placement.summary()
    click.secho("Placement result · 定级结果", bold=True)
    click.echo(
        f"  Marked known ({len(summary.known)}): {terms(library, summary.known, lang) or '-'}"
    )
    click.echo(
        f"  Marked to learn ({len(summary.unknown)}): "
        f"{terms(library, summary.unknown, lang) or '-'}"
    )
    click.echo(
        f"  Not determined: {summary.undetermined} concept(s); "
        "'dlkg study' introduces them in learning-path order."
    )
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
@json_option
@db_option
@content_option
@pass_app
def stats(app: App, target, check, html_path, as_json):
    """Show study progress: per domain and concept, the frontier, a path's mastery map.

    For each concept studied: its state, retrievability (the estimated chance
    you recall it now), when it is next due, reviews and accuracy. With
    --target, the learning path to that concept drawn as a map: ✓ learned,
    ◐ studying, ○ ready to learn, · locked. --check runs SQLite's integrity
    check and dlkg's own consistency checks instead.

    \b
    Example:
      dlkg stats
      dlkg stats --target adam
      dlkg stats --json
      dlkg stats --check --db ~/dl-study.db
      dlkg stats --html progress.html
    """
    path = app.database(create_folder=False)
    exists = path.exists()
    if check:
        if not exists:
            click.echo(f"No study database at {path}: nothing to check.")
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
        progress = progress_report(library, store, now, target_id)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        echo_json({**progress.to_dict(), "database": str(path) if exists else None})
        return
    _show_stats(library, progress, path, exists)


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
        click.echo(
            f"OK: {path}: integrity ok; {counts['cards']} cards, {counts['reviews']} reviews, "
            f"{counts['knowledge']} knowledge marks"
        )
    for problem in problems if not as_json else ():
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {path}")


def _show_stats(library: Library, progress: ProgressReport, path: Path, exists: bool) -> None:
    now = progress.now
    if exists:
        click.echo(f"Study database: {path} (at {utc_text(now)})")
    else:
        click.echo(f"No study database yet at {path}; 'dlkg study' starts one.")
    if progress.forecast is not None:
        forecast = progress.forecast
        click.echo(
            f"Due · 待复习: today {forecast.today}, tomorrow {forecast.tomorrow}, "
            f"next 7 days {forecast.next_7_days}"
        )
    click.secho("\nDomains · 领域", bold=True)
    width = max(len(domain.domain) for domain in progress.domains)
    for domain in progress.domains:
        accuracy = "" if domain.accuracy is None else f" · {domain.accuracy:.0%} right"
        click.echo(
            f"  {domain.domain:<{width}}  {domain.learned}/{domain.concepts} learned"
            f" · {domain.cards} cards · {domain.due_now} due · "
            f"{domain.answers} answers{accuracy}"
        )
    studied = [line for line in progress.concepts if line.cards or line.mark]
    click.secho("\nConcepts · 概念", bold=True)
    if not studied:
        click.echo("  none studied yet")
    width = max((len(line.concept) for line in studied), default=0)
    for line in studied:
        click.echo(f"  {line.concept:<{width}}  {_concept_columns(line, now)}")
    click.secho("\nFrontier · 可以开始学的概念", bold=True)
    frontier = progress.frontier
    click.echo("  " + (", ".join(frontier[:12]) if frontier else "none"))
    if len(frontier) > 12:
        click.echo(f"  ... and {len(frontier) - 12} more")
    if progress.path is not None:
        _show_map(library, progress.path)


def _state(line: ConceptReport) -> str:
    """``review``, or ``known (known)`` with the mark in force."""
    return line.progress.value + ("" if line.mark is None else f" ({line.mark.value})")


def _concept_columns(line: ConceptReport, now: datetime) -> str:
    strength = "R    -" if line.retrievability is None else f"R {line.retrievability:.2f}"
    due = "" if line.next_due is None else "due " + when(line.next_due, now)
    accuracy = "" if line.accuracy is None else f" {line.accuracy:.0%} right"
    return f"{_state(line):<18} {strength}  {due:<16} {line.answers} answers{accuracy}" + (
        "" if line.learned else "  (not learned)"
    )


def _show_map(library: Library, path: PathReport) -> None:
    target = library[path.target]
    lines = [step.line for step in path.steps]
    learned = sum(line.learned for line in lines)
    click.secho(f"\nPath to {bilingual_term(target)}: {learned}/{len(lines)} learned", bold=True)
    click.echo("  ✓ learned   ◐ studying   ○ ready to learn   · locked   bar: retrievability")
    learned_ids = {line.concept for line in lines if line.learned}
    for step in path.steps:
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
        name = "  " * step.depth + line.concept
        detail = _state(line)
        if line.progress is Progress.LOCKED:
            missing = [p for p in library[line.concept].prerequisites if p not in learned_ids]
            detail += f" (needs {', '.join(missing)})"
        click.echo(f"  {symbol} {bar} {name:<36} {detail}")


def _bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)
