"""Commands about the graph as a whole: export it for other tools, summarize it."""

from __future__ import annotations

from pathlib import Path

import click

from dlkg.app import App, content_option, db_option, pass_app
from dlkg.common import UsageFailure, bilingual_term, echo_json, json_option
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
@db_option
@content_option
@pass_app
def export(app: App, fmt, output, target, domain, no_related, progress):
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
    if fmt is None:
        if output is None:
            raise UsageFailure("give --format FORMAT, or -o FILE with a known extension")
        try:
            fmt = format_for_path(output)
        except ValueError as err:
            raise UsageFailure(f"{err}; or give --format") from None

    if progress and fmt != "html":
        raise UsageFailure(f"--progress is shown only by --format html, not {fmt}")
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
    try:
        atomic_write(output, document)
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(f"Wrote {output} ({fmt})", err=True)


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
        click.echo(f"No study database at {path} yet: nothing studied so far.", err=True)
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
    from kg.export import export as export_graph
    from kg.plumbing.atomic import atomic_write

    document = export_graph(
        library, "html", target=target_id, progress=progress_snapshot(app, library)
    )
    try:
        atomic_write(output, document)
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(f"Wrote {output} (html)", err=True)


def _names(ids: list[str]) -> str:
    shown = ", ".join(ids[:NAMES_SHOWN]) or "-"
    hidden = len(ids) - NAMES_SHOWN
    return shown + (f", ... and {hidden} more" if hidden > 0 else "")


@graph.command()
@json_option
@content_option
@pass_app
def stats(app: App, as_json):
    """Summarize the graph: sizes, depth, roots, leaves, the most built-on concepts.

    "Most depended on" counts a concept's direct dependents; "most
    descendants" counts everything that builds on it, directly or not.
    Isolated concepts have neither prerequisites nor dependents.

    \b
    Example:
      dlkg graph stats
      dlkg graph stats --json
    """
    library = app.library
    summary = graph_stats(library)
    if as_json:
        echo_json(summary.to_dict())
        return
    domains = ", ".join(f"{name} {count}" for name, count in summary.domains.items())
    click.echo(f"Concepts: {summary.concepts} in {len(summary.domains)} domains ({domains})")
    click.echo(
        f"Prerequisite edges: {summary.prerequisite_edges}   "
        f"Related links: {summary.related_links}   Max depth: {summary.max_depth}"
    )
    click.echo(f"Roots ({len(summary.roots)}): {_names(summary.roots)}")
    click.echo(f"Leaves ({len(summary.leaves)}): {_names(summary.leaves)}")
    click.echo(f"Isolated ({len(summary.isolated)}): {_names(summary.isolated)}")
    for title, ranking in (
        ("Most depended on (direct dependents)", summary.most_dependents),
        ("Most descendants (everything that builds on it)", summary.most_descendants),
    ):
        click.secho(title, bold=True)
        width = max((len(entry.id) for entry in ranking), default=0)
        for number, entry in enumerate(ranking, 1):
            term = bilingual_term(library[entry.id])
            click.echo(f"  {number:>2}. {entry.id:<{width}}  {entry.count:>4}  {term}")
