"""``dlkg demo``: run a concept's NumPy implementation on a small example, step by step."""

from __future__ import annotations

import importlib

import click
import numpy as np

from dlkg.app import App, content_option, pass_app
from dlkg.common import echo_json, json_option, lang_option, latex_option, make_screen


def demo_function(reference: str):
    """The demo of an engine reference: ``engine.x:f`` -> ``engine.demos.x:f``, or None."""
    module_name, _, function = reference.partition(":")
    family = module_name.removeprefix("engine.")
    try:
        module = importlib.import_module(f"engine.demos.{family}")
    except ImportError:
        return None
    return getattr(module, function, None)


def format_value(value, width: int = 88) -> str:
    """A step's value as text: arrays with 4 decimals (rows broken between numbers to fit
    ``width``), lists and pairs one per line."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, max_line_width=width)
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    if isinstance(value, dict):
        return "\n".join(f"{key}: {format_value(item, width)}" for key, item in value.items())
    if (
        isinstance(value, list | tuple)
        and value
        and all(isinstance(item, np.ndarray | list | tuple | dict) for item in value)
    ):
        return "\n".join(format_value(item, width) for item in value)
    return str(value)


def json_value(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


@click.command()
@click.argument("concept")
@click.option(
    "--seed",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Seed for the example's numbers.",
)
@lang_option
@latex_option
@json_option
@content_option
@pass_app
def demo(app: App, concept, seed, lang, latex, as_json):
    """Run CONCEPT's NumPy implementation on a small, readable example.

    Prints the inputs, the intermediate steps and the result: attention shows
    scores, weights and output; Adam shows m, v, m̂, v̂ and the new parameter;
    BPE shows each merge.

    \b
    Example:
      dlkg demo self-attention
      dlkg demo adam --seed 3 --lang zh
      dlkg demo bpe --json
    """
    out = make_screen(lang, latex)
    found = app.find(concept)
    run = demo_function(found.engine) if found.engine else None
    if run is None:
        if as_json:
            echo_json({"concept": found.id, "engine": found.engine, "steps": []})
        else:
            out.echo(out.t("demo.none", term=out.term(found), id=found.id))
        return
    steps = run(np.random.default_rng(seed))
    if as_json:
        echo_json(
            {
                "concept": found.id,
                "engine": found.engine,
                "seed": seed,
                "steps": [
                    {"en": step.en, "zh": step.zh, "value": json_value(step.value)}
                    for step in steps
                ],
            }
        )
        return
    title = out.t("demo.title", term=out.both_terms(found), engine=found.engine, seed=seed)
    out.echo(title, bold=True)
    if found.formula:
        out.formula_block(found.formula)
    for number, step in enumerate(steps, 1):
        caption = getattr(step, lang) if lang in ("en", "zh") else f"{step.en}\n   {step.zh}"
        out.echo()
        out.echo(f"{number}. {caption}", fg="cyan", hang=len(str(number)) + 2)
        # Values are tables: NumPy breaks its rows between numbers to fit; never rewrapped.
        out.echo(format_value(step.value, max(40, out.width - 3)), indent="   ", wrap=False)
