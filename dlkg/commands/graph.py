"""Commands about the graph as a whole: export it for other tools, summarize it."""

from __future__ import annotations

from pathlib import Path

import click

from dlkg.app import App, content_option, pass_app
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
@content_option
@pass_app
def export(app: App, fmt, output, target, domain, no_related):
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

    \b
    Example:
      dlkg graph export -o graph.html --target transformer
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

    library = app.library
    domain = app.find_domain(domain)
    target_id = app.find(target).id if target is not None else None
    try:
        document = export_graph(
            library, fmt, target=target_id, domain=domain, related=not no_related
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
