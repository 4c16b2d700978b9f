"""``dlkg stats``: the progress a learner's sessions leave, per domain and concept, the
frontier and the map; ``--check``, ``--optimize`` and ``--html``.

The rollup is :mod:`quiz.study.progress`; this module prints it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from dlkg.app import App, content_option, db_option, pass_app
from dlkg.commands.study_common import learner_zone, term_of
from dlkg.common import echo_json, json_option, lang_option, make_screen
from dlkg.terminal.screen import current
from kg.library import Library
from quiz.study.progress import ConceptReport, PathReport, Progress, ProgressReport, progress_report
from quiz.study.records import timestamp
from quiz.study.store import MEMORY, Status, StoreError

BAR_WIDTH = 10
MAP_SYMBOLS = {"learned": "✓", "studying": "◐", "ready": "○", "locked": "·"}


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
        _optimize(app, path, exists, as_json)
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


def _optimize(app: App, path: Path, exists: bool, as_json: bool) -> None:
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
