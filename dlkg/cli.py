"""The ``dlkg`` command: a group of commands, one module per area.

Command modules import only click and the standard library at the top, and
the heavy libraries (numpy, networkx, genanki) inside the commands that use
them, so that ``dlkg --help`` starts fast.
"""

from __future__ import annotations

import click

from dlkg import __version__
from dlkg.commands import anki, concepts, demo, graph, quiz, study

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="dlkg")
def cli():
    """dlkg: study deep-learning concepts in English and 中文.

    A knowledge graph of bilingual concept files drives learning paths,
    generated quizzes, spaced-repetition study, Anki decks and graph exports.

    \b
    Example:
      dlkg path transformer      the route to the Transformer, in order
      dlkg show 反向传播           one concept, by id, term or alias
      dlkg check                 validate the concept library

    Exit status: 0 success, 1 invalid data or a failed operation, 2 a wrong
    command line (unknown option, concept or domain).
    """


for command in (
    concepts.check,
    concepts.list_concepts,
    concepts.show,
    concepts.path,
    quiz.quiz,
    demo.demo,
    graph.graph,
    anki.anki,
    study.study,
    study.stats,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the console script and of ``python -m dlkg``."""
    cli(prog_name="dlkg")
