"""Commands about the concept library itself: check, list, show, path."""

from __future__ import annotations

import click

from dlkg.app import App, content_option, pass_app
from dlkg.common import (
    echo_json,
    json_option,
    lang_option,
    latex_option,
    load,
    make_screen,
    split_names,
)
from kg.graph import ancestors
from kg.names import normalize_name


@click.command()
@lang_option
@content_option
@pass_app
def check(app: App, lang):
    """Validate the concept library and summarize it.

    Every problem is printed on its own line as PATH:LINE:COL: MESSAGE, and the
    exit status is 1 if there is any. Engine references are checked to name a
    function of dlkg's engine.

    \b
    Example:
      dlkg check
      dlkg check --content ~/my-concepts
    """
    out = make_screen(lang)
    library = load(app.content_dir, check_engines=True, all_problems=True)
    roots = library.roots()
    edges = sum(len(outline.prerequisites) for outline in library.outlines.values())
    separator = "、" if out.lang == "zh" else ", "
    text = out.t(
        "check.ok",
        n=len(library),
        edges=edges,
        domains=len(library.domains),
        names=separator.join(out.domain(domain) for domain in library.domains),
        roots=len(roots),
        root_names=", ".join(roots[:8]) + (", ..." if len(roots) > 8 else ""),
    )
    out.echo(text)


@click.command(name="list")
@click.option("--domain", help="Only concepts in this domain (a folder of the library).")
@click.option("--tag", help="Only concepts with this tag (case and width ignored).")
@json_option
@lang_option
@content_option
@pass_app
def list_concepts(app: App, domain, tag, as_json, lang):
    """List the concepts, grouped by domain.

    \b
    Example:
      dlkg list --domain transformer
      dlkg list --tag 学习率 --json
    """
    from dlkg.terminal.wrap import display_width, pad

    out = make_screen(lang)
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
    width = max((display_width(concept.id) for concept in selected), default=0)
    for group in library.domains:
        members = [concept for concept in selected if concept.domain == group]
        if not members:
            continue
        out.echo(f"{out.domain(group)} ({len(members)})", bold=True)
        for concept in members:
            out.echo(f"  {pad(concept.id, width)}  {out.term(concept)}", hang=width + 4)
    if not selected:
        out.echo(out.t("list.none"), err=True)


def _show_names(library, ids, out):
    if out.lang == "zh":
        return "、".join(f"{i}（{out.term(library[i])}）" for i in ids) or "-"
    return ", ".join(f"{i} ({out.term(library[i])})" for i in ids) or "-"


@click.command()
@click.argument("concept")
@json_option
@lang_option
@latex_option
@content_option
@pass_app
def show(app: App, concept, as_json, lang, latex):
    """Show one concept, found by id, either term or an alias.

    Case, width (全角/半角) and spacing do not matter. Prints the definition,
    the example, the worked example, the formula (as Unicode; --latex keeps
    the source) with what its symbols mean, the notes, the links and the
    sources.

    \b
    Example:
      dlkg show 反向传播
      dlkg show "Gradient descent" --lang en
      dlkg show adam --lang zh --latex
      dlkg show backprop --json
    """
    from dlkg.terminal.messages import message
    from dlkg.terminal.wrap import display_width

    out = make_screen(lang, latex)
    library = app.library
    found = app.find(concept)
    dependents = library.dependents_of(found.id)
    if as_json:
        echo_json({**found.to_dict(), "dependents": dependents})
        return
    languages = ["en", "zh"] if lang == "both" else [lang]
    labels = {"en": "EN: ", "zh": "中文: "}
    colon = "：" if lang == "zh" else ": "

    def section(key, text):
        out.echo(out.label(key), bold=True)
        for code in languages:
            prefix = labels[code] if len(languages) > 1 else ""
            out.echo(prefix + text.get(code), indent="  ", hang=2 + display_width(prefix))

    out.echo(out.both_terms(found), bold=True, fg="cyan")
    header = out.t("show.id", id=found.id, domain=out.domain(found.domain))
    if found.aliases:
        header += "   " + out.t("show.aliases", aliases=", ".join(found.aliases))
    out.echo(header, hang=4)
    out.echo()
    section("show.definition", found.definition)
    if found.example:
        section("show.example", found.example)
    if found.worked_example:
        section("show.worked", found.worked_example)
    if found.formula:
        out.echo(out.label("show.formula"), bold=True)
        out.formula_block(found.formula)
        if found.legend:
            for code in languages:
                _legend(out, message("show.legend", code), found.legend.get(code), code)
    if found.notes:
        section("show.notes", found.notes)
    out.echo()
    tags = ("、" if lang == "zh" else ", ").join(found.tags) or "-"
    out.echo(f"{out.label('show.tags')}{colon}{tags}", hang=4)
    for key, ids in (
        ("show.prerequisites", found.prerequisites),
        ("show.dependents", dependents),
        ("show.related", found.related),
    ):
        out.echo(f"{out.label(key)}{colon}{_show_names(library, ids, out)}", hang=4)
    out.echo(f"{out.label('show.engine')}{colon}{found.engine or '-'}")
    if found.references:
        out.echo(out.label("show.sources"), bold=True)
        for reference in found.references:
            out.echo(f"- {reference}", indent="  ")


def _legend(out, label: str, legend: str, code: str) -> None:
    """What each symbol of the formula stands for: one symbol a line, under the formula."""
    import re

    out.echo(f"{label}{'：' if code == 'zh' else ':'}", indent="  ")
    for item in re.split(r"[;；]\s*", legend.strip()):
        if item.strip():
            out.echo(item.strip().rstrip("。."), indent="    ", hang=6)


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
@lang_option
@content_option
@pass_app
def path(app: App, target, known, as_json, lang):
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
    out = make_screen(lang)
    library = app.library
    known_ids = [app.find(name).id for name in split_names(known)]
    if target is None:
        skipped = ancestors(library.prerequisites, known_ids) | set(known_ids)
        route = [concept_id for concept_id in library.learning_order if concept_id not in skipped]
        if as_json:
            echo_json([library.concepts.to_dict(concept_id) for concept_id in route])
            return
        title = out.inline(library.course.title)
        out.echo(out.t("path.course", title=title, n=len(route)), bold=True)
        _print_route(library, route, out)
        return
    goal = app.find(target)
    route = library.path_to(goal.id, known_ids)
    if as_json:
        echo_json([library.concepts.to_dict(concept_id) for concept_id in route])
        return
    if not route:
        out.echo(out.t("path.known", term=out.term(goal)))
        return
    out.echo(out.t("path.title", term=out.term(goal), n=len(route)), bold=True)
    _print_route(library, route, out)


def _print_route(library, route, out):
    digits = len(str(len(route)))
    width = max(len(concept_id) for concept_id in route)
    for number, concept_id in enumerate(route, 1):
        line = f"{number:>{digits}}. {concept_id:<{width}}  {out.term(library[concept_id])}"
        out.echo(line, hang=digits + width + 4)
