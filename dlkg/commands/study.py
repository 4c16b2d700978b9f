"""``dlkg study`` and ``dlkg stats``: spaced-repetition sessions and the progress they leave.

The work is done by :mod:`quiz.study.session`, :mod:`quiz.study.placement`,
:mod:`quiz.study.knowledge` and :mod:`quiz.study.store`; this module parses options, asks
questions and prints.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click

from dlkg.common import (
    UsageFailure,
    bilingual_term,
    content_option,
    echo_json,
    find,
    json_option,
    load,
    question_lang_option,
)

DB_ENV = "DLKG_DB"
NOW_ENV = "DLKG_NOW"
"""A fixed "now" (ISO-8601 with a zone) for the whole run: a testing aid."""
DB_NAME = "study.db"
RATING_NAMES = {1: "Again · 重来", 2: "Hard · 困难", 3: "Good · 良好", 4: "Easy · 简单"}
BAR_WIDTH = 10
MAP_SYMBOLS = {"learned": "✓", "studying": "◐", "ready": "○", "locked": "·"}


def db_option(command):
    """``--db PATH`` (or ``$DLKG_DB``): the study database."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=DB_ENV,
        show_envvar=True,
        help=f"The study database (default: {DB_NAME} in dlkg's data folder).",
    )(command)


def default_db_path(*, create_folder: bool) -> Path:
    """``study.db`` in dlkg's data folder (``click.get_app_dir``), creating the folder if asked."""
    folder = Path(click.get_app_dir("dlkg"))
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise click.ClickException(
                f"{folder}: cannot create dlkg's data folder ({err.strerror})"
            ) from None
    return folder / DB_NAME


def clock_from_env():
    """The clock to use: fixed at ``$DLKG_NOW`` when it is set, else the real UTC time."""
    from quiz.study.clock import fixed_clock, parse_utc, system_clock

    text = os.environ.get(NOW_ENV)
    if not text:
        return system_clock
    try:
        return fixed_clock(parse_utc(text))
    except ValueError as err:
        raise UsageFailure(f"{NOW_ENV}: {err}") from None


def open_store(path: Path):
    """The review store at ``path``, or exit 1 with its one-line problem."""
    from quiz.study.store import ReviewStore, StoreError

    try:
        return ReviewStore.open(path)
    except StoreError as err:
        raise click.ClickException(str(err)) from None


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


def term_of(library, concept_id: str, lang: str) -> str:
    from dlkg.asking import inline

    if concept_id not in library.concepts:
        return concept_id
    return inline(library[concept_id].term, lang)


def terms(library, concept_ids, lang: str) -> str:
    return ", ".join(term_of(library, concept_id, lang) for concept_id in concept_ids)


@click.command()
@click.option("--target", metavar="NAME", help="Learn only the concepts on the path to this one.")
@click.option(
    "--new",
    "new_concepts",
    type=click.IntRange(0),
    default=3,  # quiz.study.session.DEFAULT_NEW_CONCEPTS, not imported here to keep --help fast
    show_default=True,
    help="New concepts to introduce, each with its cards.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    help="Questions after which the session ends [default: 50; 10 with --placement].",
)
@question_lang_option
@click.option(
    "--placement",
    is_flag=True,
    help="Take a short placement quiz instead, so that what you know is not taught again.",
)
@db_option
@content_option
def study(target, new_concepts, limit, lang, placement, db_path, content_dir):
    """Study with spaced repetition (FSRS): due reviews first, then new concepts.

    A new concept is introduced only once its prerequisites are learned, in
    learning-path order. Typed and multiple-choice answers are graded and
    rated for you (wrong: Again, right: Good, right but slow or after a hint:
    Hard); flashcards you rate yourself, 1 to 4. Type ? at a prompt for a hint.
    Every answer is saved the moment it is given; Ctrl-D or Ctrl-C ends the
    session with a summary.

    The database is study.db in dlkg's data folder unless --db or DLKG_DB
    names another. DLKG_NOW=2025-01-01T09:00:00Z fixes the clock (for testing).

    \b
    Example:
      dlkg study
      dlkg study --target transformer --new 2 --limit 30
      dlkg study --placement --limit 8
      dlkg study --db ~/dl-study.db --lang zh
    """
    from quiz.study.store import StoreError

    library = load(content_dir)
    target_id = find(library, target).id if target else None
    clock = clock_from_env()
    path = db_path if db_path is not None else default_db_path(create_folder=True)
    store = open_store(path)
    try:
        if placement:
            _run_placement(library, store, clock, target_id, limit, lang)
        else:
            _run_session(library, store, clock, target_id, new_concepts, limit, lang)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    finally:
        store.close()


def _run_session(library, store, clock, target_id, new_concepts, limit, lang) -> None:
    from dlkg.asking import ask
    from quiz.study.session import DEFAULT_LIMIT, Session
    from quiz.study.store import StoreError

    session = Session(
        library,
        store,
        clock=clock,
        target=target_id,
        new_concepts=new_concepts,
        limit=limit or DEFAULT_LIMIT,
    )
    due = store.count_due(clock())
    click.echo(
        f"Study session ({store.path}): {due} card(s) due, up to {new_concepts} new concept(s).\n"
        "Type ? for a hint. Ctrl-D or Ctrl-C ends the session.\n"
    )
    failure = None
    try:
        while (step := session.next_step()) is not None:
            concept = library[step.concept]
            if step.introduce:
                _introduce(concept, lang)
            label = "new" if step.new else step.card.state.name.lower()
            header = f"[{step.number}] {label} · {concept.domain} · {step.question.kind.value}"
            answer = ask(step.question, lang, header, formula=concept.formula)
            outcome = session.answer(
                step,
                correct=None if answer.grade is None else answer.grade.correct,
                seconds=answer.seconds,
                used_hint=answer.used_hint,
                self_rating=answer.self_rating,
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
    if failure is not None:
        raise click.ClickException(str(failure))


def _introduce(concept, lang: str) -> None:
    from dlkg.asking import inline, pick

    click.secho(f"New concept · 新概念: {inline(concept.term, lang)}", fg="cyan", bold=True)
    click.echo(pick(concept.definition, lang))
    if concept.formula:
        click.echo(f"Formula · 公式: {concept.formula}")
    click.echo()


def _show_outcome(library, outcome, now: datetime, lang: str) -> None:
    rating = RATING_NAMES[int(outcome.rating)]
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
    click.echo()


def _show_summary(library, summary, now: datetime, lang: str) -> None:
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
    if summary.next_due is not None:
        click.echo(
            f"  Next review: {when(summary.next_due, now)} ({utc_text(summary.next_due)}); "
            f"{summary.due_within_day} card(s) due within a day"
        )
    elif not summary.due_now:
        click.echo("  Next review: nothing scheduled yet")


def _run_placement(library, store, clock, target_id, limit, lang) -> None:
    from dlkg.asking import ask
    from kg.graph import learning_order, learning_path
    from quiz.study.knowledge import Knowledge
    from quiz.study.placement import DEFAULT_PROBES, PlacementWalk, probe_question, save_probe
    from quiz.study.store import Status, StoreError

    concepts = (
        learning_path(library.graph, target_id) if target_id else learning_order(library.graph)
    )
    known = Knowledge.load(store).learned_set(library)
    walk = PlacementWalk(library.graph, concepts, known=known)
    budget = limit or DEFAULT_PROBES
    click.echo(
        f"Placement quiz ({store.path}): up to {budget} question(s) to find what you know "
        "already.\nAnswer what you can; a wrong answer just means the concept will be taught. "
        "Ctrl-D or Ctrl-C stops.\n"
    )
    failure = None
    try:
        for number in range(1, budget + 1):
            concept_id = walk.next_probe()
            if concept_id is None:
                break
            question = probe_question(library, concept_id)
            header = f"[{number}/{budget}] placement · {library[concept_id].domain}"
            answer = ask(question, lang, header, hints=False)
            result = walk.record(concept_id, correct=answer.grade.correct)
            save_probe(store, question, result, clock(), seconds=answer.seconds)
            if result.known:
                click.secho(f"→ probably known: {terms(library, result.known, lang)}", fg="green")
            else:
                click.secho(f"→ to learn: {terms(library, result.unknown, lang)}", fg="yellow")
            click.echo()
    except (click.Abort, KeyboardInterrupt):
        click.echo("\nPlacement ended early.")
    except StoreError as err:
        failure = err
    click.secho("Placement result · 定级结果", bold=True)
    known_now = walk.marked(Status.KNOWN)
    unknown_now = walk.marked(Status.UNKNOWN)
    click.echo(f"  Marked known ({len(known_now)}): {terms(library, known_now, lang) or '-'}")
    click.echo(
        f"  Marked to learn ({len(unknown_now)}): {terms(library, unknown_now, lang) or '-'}"
    )
    click.echo(
        f"  Not determined: {len(walk.undetermined())} concept(s); "
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
def stats(target, check, html_path, as_json, db_path, content_dir):
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
    from quiz.study.store import MEMORY, StoreError

    path = db_path if db_path is not None else default_db_path(create_folder=False)
    exists = path.exists()
    if check:
        if not exists:
            click.echo(f"No study database at {path}: nothing to check.")
            return
        _check(path, as_json)
        return
    library = load(content_dir)
    target_id = find(library, target).id if target else None
    if html_path is not None:
        from dlkg.commands.graph import write_progress_page

        write_progress_page(library, db_path, target_id, html_path)
        return
    now = clock_from_env()()
    store = open_store(path if exists else MEMORY)
    try:
        data = _stats_data(library, store, now, target_id)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    finally:
        store.close()
    data["database"] = str(path) if exists else None
    if as_json:
        echo_json(data)
        return
    _show_stats(library, data, now, path, exists)


def _check(path: Path, as_json: bool) -> None:
    from quiz.study.store import StoreError

    store = open_store(path)
    try:
        problems = store.check()
        counts = store.counts()
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    finally:
        store.close()
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


def _stats_data(library, store, now: datetime, target_id: str | None) -> dict:
    from kg.graph import depths, learning_path
    from quiz.study.knowledge import Knowledge, frontier, report
    from quiz.study.store import timestamp

    lines = report(library, store, now)
    domains = []
    for domain in library.domains:
        members = [line for line in lines if line.domain == domain]
        answers = sum(line.answers for line in members)
        right = sum(line.right for line in members)
        domains.append(
            {
                "domain": domain,
                "concepts": len(members),
                "learned": sum(line.learned for line in members),
                "cards": sum(line.cards for line in members),
                "due_now": sum(line.due_now for line in members),
                "answers": answers,
                "accuracy": right / answers if answers else None,
            }
        )
    path = None
    if target_id is not None:
        route = learning_path(library.graph, target_id)
        depth = depths(library.graph.subgraph(route))
        by_id = {line.concept: line for line in lines}
        path = {
            "target": target_id,
            "concepts": [{**by_id[c].to_dict(), "depth": depth[c]} for c in route],
        }
    return {
        "now": timestamp(now),
        "domains": domains,
        "concepts": [line.to_dict() for line in lines],
        "frontier": frontier(library, Knowledge.load(store)),
        "path": path,
    }


def _show_stats(library, data: dict, now: datetime, path: Path, exists: bool) -> None:
    if exists:
        click.echo(f"Study database: {path} (at {utc_text(now)})")
    else:
        click.echo(f"No study database yet at {path}; 'dlkg study' starts one.")
    click.secho("\nDomains · 领域", bold=True)
    width = max(len(domain["domain"]) for domain in data["domains"])
    for domain in data["domains"]:
        accuracy = "" if domain["accuracy"] is None else f" · {domain['accuracy']:.0%} right"
        click.echo(
            f"  {domain['domain']:<{width}}  {domain['learned']}/{domain['concepts']} learned"
            f" · {domain['cards']} cards · {domain['due_now']} due · "
            f"{domain['answers']} answers{accuracy}"
        )
    studied = [line for line in data["concepts"] if line["cards"] or line["mark"]]
    click.secho("\nConcepts · 概念", bold=True)
    if not studied:
        click.echo("  none studied yet")
    width = max((len(line["concept"]) for line in studied), default=0)
    for line in studied:
        click.echo(f"  {line['concept']:<{width}}  {_concept_columns(line, now)}")
    click.secho("\nFrontier · 可以开始学的概念", bold=True)
    frontier = data["frontier"]
    click.echo("  " + (", ".join(frontier[:12]) if frontier else "none"))
    if len(frontier) > 12:
        click.echo(f"  ... and {len(frontier) - 12} more")
    if data["path"] is not None:
        _show_map(library, data["path"])


def _concept_columns(line: dict, now: datetime) -> str:
    state = line["progress"] + ("" if line["mark"] is None else f" ({line['mark']})")
    strength = "R    -" if line["retrievability"] is None else f"R {line['retrievability']:.2f}"
    due = ""
    if line["next_due"] is not None:
        due = "due " + when(datetime.fromisoformat(line["next_due"]), now)
    accuracy = "" if line["accuracy"] is None else f" {line['accuracy']:.0%} right"
    return f"{state:<18} {strength}  {due:<16} {line['answers']} answers{accuracy}" + (
        "" if line["learned"] else "  (not learned)"
    )


def _show_map(library, path: dict) -> None:
    target = library[path["target"]]
    concepts = path["concepts"]
    learned = sum(line["learned"] for line in concepts)
    click.secho(f"\nPath to {bilingual_term(target)}: {learned}/{len(concepts)} learned", bold=True)
    click.echo("  ✓ learned   ◐ studying   ○ ready to learn   · locked   bar: retrievability")
    learned_ids = {line["concept"] for line in concepts if line["learned"]}
    for line in concepts:
        if line["learned"]:
            symbol = MAP_SYMBOLS["learned"]
        elif line["cards"]:
            symbol = MAP_SYMBOLS["studying"]
        elif line["progress"] == "ready":
            symbol = MAP_SYMBOLS["ready"]
        else:
            symbol = MAP_SYMBOLS["locked"]
        strength = line["retrievability"]
        bar = " " * BAR_WIDTH if strength is None else _bar(strength)
        name = "  " * line["depth"] + line["concept"]
        detail = line["progress"] + ("" if line["mark"] is None else f" ({line['mark']})")
        if line["progress"] == "locked":
            missing = [p for p in library[line["concept"]].prerequisites if p not in learned_ids]
            detail += f" (needs {', '.join(missing)})"
        click.echo(f"  {symbol} {bar} {name:<36} {detail}")


def _bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)
