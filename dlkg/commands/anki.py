"""``dlkg anki``: export the library as an Anki deck, and read ``.apkg`` files back.

Unlike the other command modules, the subcommands here import their libraries
inside them: export needs genanki, inspect and import need the package reader
(zstandard, SQLite), and neither should pay for the other's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dlkg.app import App, content_option, db_option, pass_app
from dlkg.common import (
    NO_CACHE_ENV,
    UsageFailure,
    echo_json,
    json_option,
    lang_option,
    make_screen,
    note_cache_file,
    problem_cache_file,
)
from dlkg.terminal.screen import LANG_ENV

PROGRESS_MIN_CONCEPTS = 50
"""Exports of at least this many concepts show a progress bar (on a terminal)."""
DEFAULT_VARIANTS = 2
DEFAULT_IMPORT_FOLDER = "anki-import"


@click.group()
def anki():
    """Anki decks: export the concept library, read .apkg files and Anki's reviews back.

    \b
    Example:
      dlkg anki export -o dlkg.apkg --variants 2
      dlkg anki export --frontier -o frontier.apkg
      dlkg anki reviews collection.colpkg
      dlkg anki inspect shared-deck.apkg
      dlkg anki import dlkg.apkg --out drafts/
    """


@anki.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default="dlkg.apkg",
    show_default=True,
    help="The .apkg file to write (replaced only once the new one is complete).",
)
@click.option("--target", metavar="NAME", help="Only the learning path to this concept.")
@click.option("--domain", help="Only the concepts of this domain.")
@click.option(
    "--variants",
    type=click.IntRange(0),
    default=DEFAULT_VARIANTS,
    show_default=True,
    help="Numeric-problem notes per numeric template of each concept (0 for none).",
)
@click.option(
    "--lang",
    type=click.Choice(["both", "en", "zh"]),
    default="both",
    envvar=LANG_ENV,
    show_envvar=True,
    show_default=True,
    help="Languages on the cards and of what is printed; the 中文 ↔ English cards need both.",
)
@click.option(
    "--cards",
    type=click.Choice(["basic", "en-zh", "typing", "all"]),
    default="all",
    show_default=True,
    help="Cards per concept: basic (term → definition, definition → term, 中文 → English); "
    "en-zh adds English → 中文, typing adds type-the-term, all adds both.",
)
@click.option(
    "--frontier",
    is_flag=True,
    help="Only what you have learned or are studying (in the study database) plus the "
    "concepts whose prerequisites you have all learned; export again as you learn.",
)
@db_option
@content_option
@pass_app
def export(app: App, output, target, domain, variants, lang, cards, frontier):
    """Write an Anki deck: a note per concept, and numeric-problem notes.

    Each concept gives up to five cards (term → definition, definition →
    term, 中文 → English, English → 中文, type the term; --cards chooses) in a
    deck per domain (Deep Learning::Optimization). The back shows the
    definitions, formula and example; the rest is behind "More · 更多". New
    cards come in learning-path order: prerequisites first. Tick "Import any
    deck presets" when importing into Anki so that this order holds across
    the domain decks too.

    Importing a new export updates the notes already in Anki and keeps their
    review history. Notes carry the build time, and Anki only applies an
    update that is newer than what it has; set SOURCE_DATE_EPOCH to fix that
    time (two builds are then byte-identical). A deck made before the
    English → 中文 and type-in cards has an older note type: import the new
    one with "Merge note types" ticked, and "Update notes: Always".

    With --frontier the deck holds only the concepts you have learned or
    are studying and the ones now unlocked (every prerequisite learned), in
    course order. Exporting again after more study (in dlkg, or in Anki and
    read back with 'dlkg anki reviews') adds the newly unlocked concepts to
    the same decks: the notes keep their GUIDs and update in place.

    \b
    Example:
      dlkg anki export -o dlkg.apkg
      dlkg anki export --target transformer --variants 3 -o transformer.apkg
      dlkg anki export --domain optimization --lang en --cards basic
      dlkg anki export --frontier -o my-frontier.apkg
    """
    from quiz.anki.note_cache import NoteCache
    from quiz.anki.note_fields import CardSet
    from quiz.anki.notes import Lang, export_apkg
    from quiz.anki.problem_cache import ProblemCache

    out = make_screen(lang)
    library = app.library
    concept_ids = app.select(None, target, domain)
    if frontier:
        concept_ids = _frontier_ids(app, concept_ids)
        if not concept_ids:
            raise click.ClickException(out.t("anki.empty_frontier"))
    keep = not os.environ.get(NO_CACHE_ENV)
    problems = ProblemCache(problem_cache_file() if keep else None)
    note_cache = NoteCache(note_cache_file(library.folders) if keep else None)
    options = {
        "variants": variants,
        "lang": Lang(lang),
        "cards": CardSet(cards),
        "problems": problems,
        "note_cache": note_cache,
    }
    show_progress = len(concept_ids) >= PROGRESS_MIN_CONCEPTS and sys.stderr.isatty()
    try:
        if show_progress:
            with click.progressbar(
                length=len(concept_ids), label=out.t("anki.building"), file=sys.stderr
            ) as bar:
                summary = export_apkg(
                    library, output, concept_ids, on_concept=lambda _: bar.update(1), **options
                )
        else:
            summary = export_apkg(library, output, concept_ids, **options)
    except ValueError as err:
        raise UsageFailure(str(err)) from None
    except OSError as err:
        reason = err.strerror or str(err)
        raise click.ClickException(out.t("cannot_write", path=output, reason=reason)) from None
    problems.save()
    note_cache.save(keep=library.outlines)
    text = out.t(
        "anki.wrote",
        path=summary.path,
        concepts=summary.concept_notes,
        numeric=summary.numeric_notes,
        cards=summary.cards,
        decks=len(summary.decks),
    )
    out.echo(text)


@anki.command(name="inspect")
@click.argument("deck", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@lang_option
def inspect_deck(deck, as_json, lang):
    """Show what an .apkg holds: decks, note types and counts.

    Reads Anki's legacy (.anki2, .anki21) and current (.anki21b, zstd)
    packages; nothing is extracted or changed.

    \b
    Example:
      dlkg anki inspect dlkg.apkg
      dlkg anki inspect shared-deck.apkg --json
    """
    out = make_screen(lang)
    summary = _read(deck).summary()
    if as_json:
        echo_json(summary)
        return
    text = out.t(
        "anki.summary",
        file=summary["file"],
        format=summary["format"],
        notes=summary["notes"],
        cards=summary["cards"],
        media=summary["media"],
    )
    out.echo(text, wrap=False)
    colon = "：" if out.lang == "zh" else ":"
    out.echo(out.t("anki.decks") + colon)
    for entry in summary["decks"]:
        out.echo(out.t("anki.deck", name=entry["name"], cards=entry["cards"]), indent="  ")
    out.echo(out.t("anki.note_types") + colon)
    for entry in summary["note_types"]:
        fields = ", ".join(entry["fields"])
        line = out.t("anki.note_type", name=entry["name"], notes=entry["notes"], fields=fields)
        out.echo(line, indent="  ", hang=4)


@anki.command(name="import")
@click.argument("deck", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_IMPORT_FOLDER,
    show_default=True,
    help="Folder for the drafts, one file per note: OUT/<domain>/<id>.yaml.",
)
@click.option("--force", is_flag=True, help="Replace draft files that already exist.")
@lang_option
def import_deck(deck, out_dir, force, lang):
    """Turn the notes of an .apkg into concept file drafts.

    Notes exported by dlkg come back as the same concepts. Other notes map
    their Front/Back-like fields to the term and definition, in the language
    their script shows (a Chinese front is the Chinese term, a short English
    back its English term); a Cloze note's sentence is the example of the
    term it hides. Ids come from the English term, else the pinyin of the
    Chinese one. The top of each draft names the deck and note it came from
    and what the deck cannot supply (often the other language). Numeric-problem
    notes are skipped, and media are not imported.

    \b
    Example:
      dlkg anki import shared-deck.apkg --out drafts/
      dlkg check --content drafts/
    """
    from quiz.anki.drafts import concept_drafts, write_drafts
    from quiz.anki.package_reader import ApkgError

    out = make_screen(lang)
    drafts = concept_drafts(_read(deck))
    try:
        result = write_drafts(drafts, out_dir, overwrite=force)
    except ApkgError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        reason = err.strerror or str(err)
        raise click.ClickException(out.t("cannot_write", path=out_dir, reason=reason)) from None
    incomplete = sum(bool(draft.missing) for draft in drafts)
    out.echo(out.t("anki.drafts", n=len(result.written), path=out_dir))
    if result.kept:
        out.echo(out.t("anki.kept", n=len(result.kept)))
    if incomplete:
        out.echo(out.t("anki.incomplete", n=incomplete))
    out.echo(out.t("anki.check", path=out_dir), wrap=False)


def _read(deck: Path):
    """Read ``deck``, or exit 1 with the reader's one-line error."""
    from quiz.anki.package_reader import ApkgError, read_apkg

    try:
        return read_apkg(deck)
    except ApkgError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"{deck}: {err.strerror or err}") from None


def _frontier_ids(app: App, selected: list[str]) -> list[str]:
    """The concepts of ``selected`` that are learned, studied or on the frontier, in
    course order (:func:`quiz.study.knowledge.frontier_deck`)."""
    from quiz.study.knowledge import Knowledge, frontier_deck
    from quiz.study.store import MEMORY, StoreError

    path = app.database(create_folder=False)
    store = app.open_store(path if path.exists() else MEMORY)
    try:
        knowledge = Knowledge.load(store)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    chosen = set(selected)
    return [concept for concept in frontier_deck(app.library, knowledge) if concept in chosen]


MAX_SUBJECTS_SHOWN = 6


@anki.command(name="reviews")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@content_option
@json_option
@lang_option
@pass_app
def reviews_command(app: App, file, as_json, lang):
    """Add the reviews you made in Anki of dlkg's cards to the study database.

    FILE is what Anki exports or keeps: a collection package (.colpkg), a
    deck package exported with "Include scheduling information" (.apkg), or
    the collection file itself (collection.anki2 in your Anki profile folder;
    it is copied, never changed). Each card is matched to its concept by its
    note's GUID; reviews of other notes, of concepts not in the library, and
    Anki rows that are not reviews (cramming in a filtered deck, manual
    reschedules) are skipped and counted. Reading the same file again adds
    nothing: Anki's review ids are kept. Each concept's schedule is then
    recomputed from all its reviews, dlkg's and Anki's, in time order.

    \b
    Example:
      dlkg anki reviews ~/Desktop/collection.colpkg
      dlkg anki reviews deck-with-scheduling.apkg --db ~/dl-study.db --json
    """
    from quiz.anki.package_reader import ApkgError
    from quiz.anki.revlog import read_reviews
    from quiz.study.merge import merge_reviews
    from quiz.study.store import StoreError

    out = make_screen(lang)
    library = app.library
    try:
        history = read_reviews(file, library)
    except ApkgError as err:
        raise click.ClickException(str(err)) from None
    path = app.database(create_folder=True)
    store = app.open_store(path)
    try:
        result = merge_reviews(store, history.reviews)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    skipped = history.skipped_summary()
    if as_json:
        echo_json(
            {
                "file": str(file),
                "format": history.format,
                "database": str(path),
                "added": result.total,
                "added_per_concept": dict(sorted(result.added.items())),
                "already_there": result.already_there,
                "introduced": result.introduced,
                "skipped": skipped,
            }
        )
        return
    if result.total:
        added = out.t(
            "reviews.added", added=result.total, concepts=len(result.added), database=path
        )
        out.echo(added)
        width = max(map(len, result.added))
        for concept in library.learning_order:
            if concept in result.added:
                out.echo(f"  {concept:<{width}}  +{result.added[concept]}", wrap=False)
    else:
        out.echo(out.t("reviews.none_added", database=path, file=file))
    if result.already_there:
        out.echo(out.t("reviews.already", count=result.already_there))
    if result.introduced:
        out.echo(out.t("reviews.introduced", concepts=", ".join(result.introduced)), hang=2)
    if skipped:
        out.echo(out.t("reviews.skipped", count=sum(s["reviews"] for s in skipped)))
        for entry in skipped:
            subjects = list(entry["subjects"])
            shown = ", ".join(subjects[:MAX_SUBJECTS_SHOWN])
            if len(subjects) > MAX_SUBJECTS_SHOWN:
                shown += f", … (+{len(subjects) - MAX_SUBJECTS_SHOWN})"
            # The reason is quiz.anki.revlog's own words (English).
            out.echo(f"  {entry['reviews']:>5}  {entry['reason']}: {shown}", hang=9)
    out.echo(out.t("reviews.next"))
