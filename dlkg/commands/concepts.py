"""Commands about the concept library itself: check, list, show, path."""

from __future__ import annotations

import click

from dlkg.app import App, content_option, pass_app
from dlkg.common import bilingual_term, echo_json, json_option, lang_option, load, split_names
from kg.graph import ancestors
from kg.names import normalize_name


@click.command()
@content_option
@pass_app
def check(app: App):
    """Validate the concept library and summarize it.

    Every problem is printed on its own line as PATH:LINE:COL: MESSAGE, and the
    exit status is 1 if there is any. Engine references are checked to name a
    function of dlkg's engine.

    \b
    Example:
      dlkg check
      dlkg check --content ~/my-concepts
    """
    library = load(app.content_dir, check_engines=True, all_problems=True)
    roots = library.roots()
    edges = sum(len(outline.prerequisites) for outline in library.outlines.values())
    click.echo(
        f"OK: {len(library)} concepts, {edges} prerequisite edges, "
        f"{len(library.domains)} domains ({', '.join(library.domains)}), "
        f"{len(roots)} roots ({', '.join(roots[:8])}{', ...' if len(roots) > 8 else ''})"
    )


@click.command(name="list")
@click.option("--domain", help="Only concepts in this domain (a folder of the library).")
@click.option("--tag", help="Only concepts with this tag (case and width ignored).")
@json_option
@content_option
@pass_app
def list_concepts(app: App, domain, tag, as_json):
    """List the concepts, grouped by domain.

    \b
    Example:
      dlkg list --domain transformer
      dlkg list --tag 学习率 --json
    """
    library = app.library
    domain = app.find_domain(domain)
    wanted_tag = normalize_name(tag) if tag else None
    ordered = [library[concept_id] for concept_id in library.learning_order]
    selected = [
        concept
        for concept in ordered
        if (domain is None or concept.domain == domain)
        and (wanted_tag is None or wanted_tag in {normalize_name(t) for t in concept.tags})
    ]
    if as_json:
        echo_json([concept.to_dict() for concept in selected])
        return
    width = max((len(concept.id) for concept in selected), default=0)
    for group in library.domains:
        members = [concept for concept in selected if concept.domain == group]
        if not members:
            continue
        click.secho(f"{group} ({len(members)})", bold=True)
        for concept in members:
            click.echo(f"  {concept.id:<{width}}  {bilingual_term(concept)}")
    if not selected:
        click.echo("No concepts match.", err=True)


def _show_names(library, ids):
    return ", ".join(f"{i} ({bilingual_term(library[i])})" for i in ids) or "-"


@click.command()
@click.argument("concept")
@json_option
@lang_option
@content_option
@pass_app
def show(app: App, concept, as_json, lang):
    """Show one concept, found by id, either term or an alias.

    Case, width (全角/半角) and spacing do not matter.

    \b
    Example:
      dlkg show 反向传播
      dlkg show "Gradient descent" --lang en
      dlkg show backprop --json
    """
    library = app.library
    found = app.find(concept)
    dependents = library.dependents_of(found.id)
    if as_json:
        echo_json({**found.to_dict(), "dependents": dependents})
        return
    languages = [lang] if lang else ["en", "zh"]
    labels = {"en": "EN", "zh": "中文"}

    def section(title, text):
        click.secho(title, bold=True)
        for code in languages:
            prefix = f"  {labels[code]}: " if len(languages) > 1 else "  "
            click.echo(prefix + text.get(code))

    click.secho(bilingual_term(found), bold=True, fg="cyan")
    aliases = f"   aliases: {', '.join(found.aliases)}" if found.aliases else ""
    click.echo(f"id: {found.id}   domain: {found.domain}{aliases}")
    click.echo()
    section("Definition · 定义", found.definition)
    if found.example:
        section("Example · 例句", found.example)
    if found.formula:
        click.secho("Formula · 公式", bold=True)
        click.echo(f"  {found.formula}")
    click.echo()
    click.echo(f"Tags · 标签: {', '.join(found.tags) or '-'}")
    click.echo(f"Prerequisites · 先修: {_show_names(library, found.prerequisites)}")
    click.echo(f"Builds on it · 后续: {_show_names(library, dependents)}")
    click.echo(f"Related · 相关: {_show_names(library, found.related)}")
    click.echo(f"Engine · 实现: {found.engine or '-'}")


@click.command()
@click.argument("target", required=False)
@click.option(
    "--known",
    multiple=True,
    metavar="A,B",
    help="Concepts you already know (names, comma-separated; repeatable). "
    "Their prerequisites count as known too.",
)
@json_option
@content_option
@pass_app
def path(app: App, target, known, as_json):
    """The ordered learning path to TARGET, or the whole course without one.

    The syllabus order: every prerequisite comes before the concepts that need
    it; a domain is finished before the next starts (the order of the
    library's course.yaml); a prerequisite comes right before the concept that
    needs it, in the order the concept file lists them; ids break what is left.

    \b
    Example:
      dlkg path transformer
      dlkg path 自注意力机制 --known gradient,softmax --json
      dlkg path
    """
    library = app.library
    known_ids = [app.find(name).id for name in split_names(known)]
    if target is None:
        skipped = ancestors(library.prerequisites, known_ids) | set(known_ids)
        route = [concept_id for concept_id in library.learning_order if concept_id not in skipped]
        if as_json:
            echo_json([library.concepts.to_dict(concept_id) for concept_id in route])
            return
        title = library.course.title
        click.secho(f"{title.en} · {title.zh} ({len(route)} concepts)", bold=True)
        _print_route(library, route)
        return
    goal = app.find(target)
    route = library.path_to(goal.id, known_ids)
    if as_json:
        echo_json([library.concepts.to_dict(concept_id) for concept_id in route])
        return
    if not route:
        click.echo(f"You already know {bilingual_term(goal)}: nothing to learn.")
        return
    click.secho(f"Learning path to {bilingual_term(goal)} ({len(route)} concepts)", bold=True)
    _print_route(library, route)


def _print_route(library, route):
    digits = len(str(len(route)))
    width = max(len(concept_id) for concept_id in route)
    for number, concept_id in enumerate(route, 1):
        click.echo(
            f"{number:>{digits}}. {concept_id:<{width}}  {bilingual_term(library[concept_id])}"
        )
