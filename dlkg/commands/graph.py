"""Commands about the graph as a whole: export it for other tools, summarize it."""

from __future__ import annotations

from pathlib import Path

import click

from dlkg.app import App, content_option, db_option, pass_app
from dlkg.common import UsageFailure, echo_json, json_option, lang_option, make_screen
from dlkg.terminal.screen import current
from kg.export import FORMATS, format_for_path
from kg.export import export as export_graph
from kg.plumbing.atomic import atomic_write
from kg.stats import graph_stats

NAMES_SHOWN = 12
"""Beyond this many roots, leaves or isolated concepts, the text summary says "and N more"."""


@click.group()
def graph():
    """Export the knowledge graph for other tools, or summarize it.

    \b
    Example:
      dlkg graph export -o graph.html --target transformer
      dlkg graph stats
    """


@graph.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="The output format; by default the extension of -o FILE decides.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (replaced in one step, never half-written) instead of standard output.",
)
@click.option("--target", metavar="CONCEPT", help="Only the learning path to CONCEPT.")
@click.option("--domain", help="Only the concepts of this domain.")
@click.option("--no-related", is_flag=True, help="Leave out the 'related' (see also) links.")
@click.option(
    "--progress",
    is_flag=True,
    help="html: colour each concept by your progress in the study database (see --db).",
)
@lang_option
@db_option
@content_option
@pass_app
def export(app: App, fmt, output, target, domain, no_related, progress, lang):
    """Export the graph for visualization tools.

    Formats: graphml (networkx, yEd, Gephi), gexf (Gephi), dot (Graphviz),
    json (networkx node-link, D3), cytoscape (Cytoscape.js elements), mermaid
    (a flowchart), html (one interactive page that works offline). From the
    extension of -o FILE: .graphml .gexf .dot .gv .json .cyjs .cytoscape.json
    .mmd .mermaid .html .htm.

    Nodes carry both terms, the domain, tags, both definitions, the engine
    function and the depth; edges go from prerequisite to concept, and
    'related' links are a separate kind of edge. --target keeps the learning
    path to a concept (the HTML page numbers its steps); --domain keeps one
    domain; both together keep the part of the path in that domain.

    --progress (html only) colours each concept by its state in the study
    database of 'dlkg study': due now, studying, learned, marked known, ready
    to learn, locked; the more likely you recall it, the deeper its colour. A
    panel lists what is due, the next concepts in course order and the counts
    per domain. The page is a snapshot: it says when it was made.

    \b
    Example:
      dlkg graph export -o graph.html --target transformer
      dlkg graph export -o progress.html --progress
      dlkg graph export -o graph.graphml --no-related
      dlkg graph export --format mermaid --domain optimization
      dlkg graph export --format dot | dot -Tsvg -o graph.svg
    """
    out = make_screen(lang)
    if fmt is None:
        if output is None:
            raise UsageFailure(out.t("graph.format_needed"))
        try:
            fmt = format_for_path(output)
        except ValueError as err:
            raise UsageFailure(out.t("graph.unknown_extension", reason=str(err))) from None

    if progress and fmt != "html":
        raise UsageFailure(out.t("graph.progress_html", format=fmt))
    library = app.library
    domain = app.find_domain(domain)
    target_id = app.find(target).id if target is not None else None
    snapshot = progress_snapshot(app, library) if progress else None
    try:
        document = export_graph(
            library,
            fmt,
            target=target_id,
            domain=domain,
            related=not no_related,
            progress=snapshot,
        )
    except ValueError as err:
        raise UsageFailure(str(err)) from None

    if output is None:
        click.echo(document, nl=False)
        return
    _write(output, document)
    out.echo(out.t("graph.wrote", path=output, format=fmt), err=True, wrap=False)


def _write(output: Path, document: str | bytes) -> None:
    """``document`` into ``output`` in one step, or exit 1 saying why."""
    try:
        atomic_write(output, document)
    except OSError as err:
        reason = err.strerror or str(err)
        message = current().t("cannot_write", path=output, reason=reason)
        raise click.ClickException(message) from None


def progress_snapshot(app: App, library):
    """The learner's progress from the study database, for the HTML page.

    A database that does not exist yet reads as empty (everything ready or
    locked), with a note on standard error.
    """
    from kg.export.progress import Progress
    from quiz.study.progress_map import concept_states
    from quiz.study.store import MEMORY, StoreError

    path = app.database(create_folder=False)
    if not path.exists():
        out = current()
        out.echo(out.t("graph.no_database", path=path), err=True)
    now = app.clock()
    store = app.open_store(path if path.exists() else MEMORY)
    try:
        states = concept_states(library, store, now)
    except StoreError as err:
        raise click.ClickException(str(err)) from None
    from dlkg.terminal.times import clock_text, display_zone

    shown = clock_text(now, display_zone())  # the learner's zone: DLKG_NOW's, else the system's
    return Progress(shown, str(path), states, list(library.learning_order))


def write_progress_page(app: App, library, target_id: str | None, output: Path):
    """The HTML progress map of ``library`` (the path to ``target_id`` if given) into ``output``."""
    document = export_graph(
        library, "html", target=target_id, progress=progress_snapshot(app, library)
    )
    _write(output, document)
    out = current()
    out.echo(out.t("graph.wrote", path=output, format="html"), err=True, wrap=False)


def _names(ids: list[str]) -> str:
    out = current()
    shown = ", ".join(ids[:NAMES_SHOWN]) or "-"
    hidden = len(ids) - NAMES_SHOWN
    return shown + (out.t("graph.more", n=hidden) if hidden > 0 else "")


@graph.command()
@json_option
@lang_option
@content_option
@pass_app
def stats(app: App, as_json, lang):
    """Summarize the graph: sizes, depth, roots, leaves, the most built-on concepts.

    "Most depended on" counts a concept's direct dependents; "most
    descendants" counts everything that builds on it, directly or not.
    Isolated concepts have neither prerequisites nor dependents.

    \b
    Example:
      dlkg graph stats
      dlkg graph stats --json
    """
    out = make_screen(lang)
    library = app.library
    summary = graph_stats(library)
    if as_json:
        echo_json(summary.to_dict())
        return
    separator = "、" if out.lang == "zh" else ", "
    domains = separator.join(
        f"{out.domain(name)} {count}" for name, count in summary.domains.items()
    )
    out.echo(
        out.t("graph.concepts", n=summary.concepts, d=len(summary.domains), domains=domains),
        hang=2,
    )
    edges = out.t(
        "graph.edges",
        edges=summary.prerequisite_edges,
        related=summary.related_links,
        depth=summary.max_depth,
    )
    out.echo(edges)
    for key, ids in (
        ("graph.roots", summary.roots),
        ("graph.leaves", summary.leaves),
        ("graph.isolated", summary.isolated),
    ):
        out.echo(out.t(key, n=len(ids), names=_names(ids)), hang=2)
    for key, ranking in (
        ("graph.most_dependents", summary.most_dependents),
        ("graph.most_descendants", summary.most_descendants),
    ):
        out.echo(out.t(key), bold=True)
        width = max((len(entry.id) for entry in ranking), default=0)
        for number, entry in enumerate(ranking, 1):
            term = out.term(library[entry.id])
            out.echo(f"  {number:>2}. {entry.id:<{width}}  {entry.count:>4}  {term}", wrap=False)
