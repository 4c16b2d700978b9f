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
    content_option,
    echo_json,
    find,
    json_option,
    lang_option,
    latex_option,
    load,
    make_screen,
)
from dlkg.terminal.screen import current

DB_ENV = "DLKG_DB"
NOW_ENV = "DLKG_NOW"
"""A fixed "now" (ISO-8601 with a zone) for the whole run: a testing aid."""
DB_NAME = "study.db"
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


def explain_option(command):
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
@lang_option
@latex_option
@explain_option
@click.option(
    "--placement",
    is_flag=True,
    help="Take a short placement quiz instead, so that what you know is not taught again.",
)
@db_option
@content_option
def study(target, new_concepts, limit, lang, latex, explain, placement, db_path, content_dir):
    """Study with spaced repetition (FSRS): due reviews first, then new concepts.

    A new concept is introduced only once its prerequisites are learned, in
    learning-path order. Typed and multiple-choice answers are graded and
    rated for you (wrong: Again, right: Good, right but slow or after a hint:
    Hard); flashcards you rate yourself, 1 to 4. Type ? at a prompt for a hint.
    Every answer is saved the moment it is given; Ctrl-D or Ctrl-C ends the
    session with a summary.

    The database is study.db in dlkg's data folder unless --db or DLKG_DB
    names another. DLKG_NOW=2025-01-01T09:00:00Z fixes the clock (for testing);
    times are shown in its zone, else in the system's.

    \b
    Example:
      dlkg study
      dlkg study --target transformer --new 2 --limit 30
      dlkg study --placement --limit 8
      dlkg study --db ~/dl-study.db --lang zh
    """
    from quiz.study.store import StoreError

    make_screen(lang, latex).explain = explain
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
    out = current(lang)
    due = store.count_due(clock())
    out.echo(out.t("study.start", path=store.path, due=due, n=due, new=new_concepts))
    out.echo(out.t("study.keys"))
    out.echo()
    failure = None
    asked = 0
    try:
        while (step := session.next_step()) is not None:
            asked += 1
            concept = library[step.concept]
            if step.introduce:
                _introduce(concept, lang)
            state = "new" if step.new else step.card.state.name.lower()
            header = out.t(
                "study.header",
                number=step.number,
                state=out.t(f"state.{state}"),
                domain=out.domain(concept.domain),
                kind=out.kind(step.question.kind),
            )
            answer = ask(step.question, lang, header, formula=out.formula_hint(concept.formula))
            outcome = session.answer(
                step,
                correct=None if answer.grade is None else answer.grade.correct,
                seconds=answer.seconds,
                used_hint=answer.used_hint,
                self_rating=answer.self_rating,
            )
            _show_outcome(library, outcome, clock(), lang)
    except (click.Abort, KeyboardInterrupt):
        out.echo()
        out.echo(out.t("study.ended"))
    except StoreError as err:
        failure = err
    else:
        if not asked:
            _nothing_to_study(library, target_id, new_concepts, lang)
    try:
        summary = session.summary()
    except StoreError as err:
        raise click.ClickException(str(failure or err)) from None
    _show_summary(library, summary, clock(), lang)
    if failure is not None:
        raise click.ClickException(str(failure))


def _nothing_to_study(library, target_id, new_concepts, lang: str) -> None:
    """Why a session asked nothing: said, rather than an empty summary."""
    out = current(lang)
    if new_concepts == 0:
        out.echo(out.t("study.nothing.new0"))
    elif target_id is not None:
        out.echo(out.t("study.nothing.target", target=out.term(library[target_id])))
    else:
        out.echo(out.t("study.nothing"))
    out.echo()


def _introduce(concept, lang: str) -> None:
    """A new concept: both terms always (the English term is part of what is learned),
    the definition and the formula in the screen's language."""
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
    out.echo()


def colon(out) -> str:
    """After a label: ``: `` or the full-width ``：`` in Chinese."""
    return "：" if out.lang == "zh" else ": "


def _show_outcome(library, outcome, now: datetime, lang: str) -> None:
    out = current(lang)
    rating = out.t(f"rating.{int(outcome.rating)}")
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
    out.echo()


def _show_summary(library, summary, now: datetime, lang: str) -> None:
    out = current(lang)
    out.echo(out.t("summary.title"), bold=True)
    share = ""
    if summary.reviewed:
        share = f"{summary.right / summary.reviewed:.0%}"
        share = f"（{share}）" if out.lang == "zh" else f" ({share})"
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


def _run_placement(library, store, clock, target_id, limit, lang) -> None:
    from dlkg.asking import ask
    from kg.graph import learning_order, learning_path
    from quiz.study.knowledge import Knowledge
    from quiz.study.placement import DEFAULT_PROBES, PlacementWalk, probe_question, save_probe
    from quiz.study.store import Status, StoreError

    concepts = (
        learning_path(library.graph, target_id) if target_id else learning_order(library.graph)
    )
    out = current(lang)
    known = Knowledge.load(store).learned_set(library)
    walk = PlacementWalk(library.graph, concepts, known=known)
    budget = limit or DEFAULT_PROBES
    out.echo(out.t("placement.start", path=store.path, n=budget))
    out.echo(out.t("placement.keys"))
    out.echo()
    failure = None
    try:
        for number in range(1, budget + 1):
            concept_id = walk.next_probe()
            if concept_id is None:
                break
            question = probe_question(library, concept_id)
            domain = out.domain(library[concept_id].domain)
            header = out.t("placement.header", number=number, total=budget, domain=domain)
            answer = ask(question, lang, header, hints=False)
            result = walk.record(concept_id, correct=answer.grade.correct)
            save_probe(store, question, result, clock(), seconds=answer.seconds)
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
    out.echo(out.t("placement.title"), bold=True)
    known_now = walk.marked(Status.KNOWN)
    unknown_now = walk.marked(Status.UNKNOWN)
    known_text = out.t(
        "placement.marked.known", n=len(known_now), terms=out.terms(library, known_now)
    )
    out.echo(known_text, indent="  ")
    unknown_text = out.t(
        "placement.marked.unknown", n=len(unknown_now), terms=out.terms(library, unknown_now)
    )
    out.echo(unknown_text, indent="  ")
    out.echo(out.t("placement.undetermined", n=len(walk.undetermined())), indent="  ")
    if failure is not None:
        raise click.ClickException(str(failure))


@click.command()
@click.option("--target", metavar="NAME", help="Also draw the learning path to this concept.")
@click.option("--check", is_flag=True, help="Check the database's integrity; exit 1 on a problem.")
@json_option
@lang_option
@db_option
@content_option
def stats(target, check, as_json, lang, db_path, content_dir):
    """Show study progress: per domain and concept, the frontier, a path's mastery map.

    For each concept studied, what needs attention first (due now, not learned
    yet, then the weakest): its state, retrievability (the estimated chance
    you recall it now), when it is next due, answers and accuracy. With
    --target, the learning path to that concept drawn as a map: ✓ learned,
    ◐ studying, ○ ready to learn, · locked. --check runs SQLite's integrity
    check and dlkg's own consistency checks instead.

    \b
    Example:
      dlkg stats
      dlkg stats --target adam
      dlkg stats --json
      dlkg stats --check --db ~/dl-study.db
    """
    from quiz.study.store import MEMORY, StoreError

    out = make_screen(lang)
    path = db_path if db_path is not None else default_db_path(create_folder=False)
    exists = path.exists()
    if check:
        if not exists:
            out.echo(out.t("stats.check.none", path=path))
            return
        _check(path, as_json)
        return
    library = load(content_dir)
    target_id = find(library, target).id if target else None
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
    from dlkg.terminal.wrap import display_width, pad

    out = current()
    if exists:
        out.echo(out.t("stats.database", path=path, at=out.clock(now)))
    else:
        out.echo(out.t("stats.no_database", path=path))
    out.echo()
    out.echo(out.t("stats.domains"), bold=True)
    names = {domain["domain"]: out.domain(domain["domain"]) for domain in data["domains"]}
    width = max(display_width(name) for name in names.values())
    for domain in data["domains"]:
        accuracy = ""
        if domain["accuracy"] is not None:
            accuracy = out.t("stats.accuracy", share=f"{domain['accuracy']:.0%}")
        line = out.t(
            "stats.domain.line",
            learned=domain["learned"],
            concepts=domain["concepts"],
            cards=domain["cards"],
            due=domain["due_now"],
            answers=domain["answers"],
            accuracy=accuracy,
        )
        out.echo(f"  {pad(names[domain['domain']], width)}  {line}", wrap=False)
    studied = sorted(
        (line for line in data["concepts"] if line["cards"] or line["mark"] == "known"),
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
    frontier = data["frontier"]
    out.echo(out.terms(library, frontier[:12]), indent="  ")
    if len(frontier) > 12:
        out.echo(out.t("stats.more", n=len(frontier) - 12), indent="  ")
    if data["path"] is not None:
        _show_map(library, data["path"])


def _attention(line: dict) -> tuple:
    """What needs attention first: due now, then not learned, then the weakest
    (lowest retrievability), then what is due soonest; concepts only marked known last."""
    strength = line["retrievability"] if line["retrievability"] is not None else 2.0
    if not line["cards"]:
        group = 3
    elif line["due_now"]:
        group = 0
    elif not line["learned"]:
        group = 1
    else:
        group = 2
    return (group, strength, line["next_due"] or "~", line["concept"])


def _progress(line: dict) -> str:
    """A concept's state, one clear label: ``reviewing · 复习中``, ``已掌握（标记）``."""
    return current().t(f"progress.{line['progress']}")


def _concept_row(library, line: dict, now: datetime) -> list[str]:
    out = current()
    concept_id = line["concept"]
    name = out.term(library[concept_id]) if concept_id in library.concepts else concept_id
    strength = "R    -" if line["retrievability"] is None else f"R {line['retrievability']:.2f}"
    due = ""
    if line["next_due"] is not None:
        due = out.t("stats.due", when=out.when(datetime.fromisoformat(line["next_due"]), now))
    accuracy = ""
    if line["accuracy"] is not None:
        accuracy = out.t("stats.accuracy", share=f"{line['accuracy']:.0%}")
    answers = out.t("stats.answers", n=line["answers"], accuracy=accuracy)
    if line["cards"] and not line["learned"]:
        answers += " · " + out.t("stats.not_learned")
    return [name, _progress(line), strength, due, answers]


def _show_map(library, path: dict) -> None:
    from dlkg.terminal.wrap import display_width, pad

    out = current()
    target = library[path["target"]]
    concepts = path["concepts"]
    learned = sum(line["learned"] for line in concepts)
    title = out.t("stats.path", term=out.term(target), learned=learned, total=len(concepts))
    out.echo()
    out.echo(title, bold=True)
    out.echo(out.t("stats.legend"), indent="  ")
    learned_ids = {line["concept"] for line in concepts if line["learned"]}
    names = ["  " * line["depth"] + out.term(library[line["concept"]]) for line in concepts]
    width = max((display_width(name) for name in names), default=0)
    for line, name in zip(concepts, names, strict=True):
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
        detail = _progress(line)
        if line["progress"] == "locked":
            missing = [p for p in library[line["concept"]].prerequisites if p not in learned_ids]
            detail += "  " + out.t("stats.needs", terms=out.terms(library, missing))
        out.echo(f"  {symbol} {bar} {pad(name, width)}  {detail}", wrap=False)


def _bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)
