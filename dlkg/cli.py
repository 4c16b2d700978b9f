"""The ``dlkg`` command: a group of commands, one module per area.

Commands are loaded lazily: the group knows each command's module and its
one-line help (:data:`COMMANDS`), and imports a module only when its command
runs or shows its own help, so ``dlkg --help`` imports click and nothing else
of ours. A command module can therefore import what its commands need at the
top; what every command shares is in :mod:`dlkg.common` and :mod:`dlkg.app`.
"""

from __future__ import annotations

import importlib

import click

from dlkg import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "anki": (
        "dlkg.commands.anki:anki",
        "Anki decks: export the concept library, read .apkg files back.",
    ),
    "check": ("dlkg.commands.concepts:check", "Validate the concept library and summarize it."),
    "demo": ("dlkg.commands.demo:demo", "Run a concept's NumPy implementation on a small example."),
    "graph": (
        "dlkg.commands.graph:graph",
        "Export the knowledge graph for other tools, or summarize it.",
    ),
    "list": ("dlkg.commands.concepts:list_concepts", "List the concepts, grouped by domain."),
    "path": ("dlkg.commands.concepts:path", "The ordered learning path to a concept."),
    "quiz": (
        "dlkg.commands.quiz:quiz",
        "Answer generated questions, with feedback and worked solutions.",
    ),
    "show": (
        "dlkg.commands.concepts:show",
        "Show one concept, found by id, either term or an alias.",
    ),
    "stats": (
        "dlkg.commands.stats:stats",
        "Show study progress: per domain and concept, and the frontier.",
    ),
    "study": (
        "dlkg.commands.study:study",
        "Study with spaced repetition: due reviews, then new concepts.",
    ),
}
"""Each command: where it lives (``module:attribute``) and its line in ``dlkg --help``."""


ARGS_KEY = "dlkg.args"
"""Where the group's context keeps the whole command line (``ctx.meta``)."""


def _localized(error: click.ClickException, words: list[str]) -> click.ClickException:
    """``error`` in the language ``words`` ask for (imported only on an error)."""
    from dlkg.terminal.usage import localized, requested_lang

    return localized(error, requested_lang(words))


class LazyGroup(click.Group):
    """A group whose commands are imported when they are used, not when listed.

    The listing in ``--help`` comes from :data:`COMMANDS`; that table is the
    only place a command's one-line help is written (it becomes the command's
    ``short_help`` when loaded).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        location, short_help = COMMANDS[cmd_name]
        module_name, _, attribute = location.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        command.short_help = short_help
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """An unknown command fails with a did-you-mean (``dlkg studdy`` -> ``study``)."""
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            from dlkg.terminal.messages import message
            from dlkg.terminal.usage import requested_lang

            lang = "zh" if requested_lang(ctx.meta.get(ARGS_KEY, [])) == "zh" else "en"
            text: str = message("error.unknown_command", lang, name=repr(name))
            close = difflib.get_close_matches(name, list(COMMANDS), n=2, cutoff=0.6)
            if close:
                names = message("error.or", lang).join(repr(c) for c in close)
                suggestion = message("error.did_you_mean", lang, names=names)
                text += suggestion if lang == "zh" else " " + suggestion.capitalize()
            ctx.fail(text)
        return super().resolve_command(ctx, args)

    def make_context(self, info_name, args, parent=None, **extra):
        """The group's context; click's own errors in the command line's language
        (:mod:`dlkg.terminal.usage`), which :meth:`invoke` also uses for the subcommands'."""
        words = list(args)
        try:
            context = super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as err:
            raise _localized(err, words) from None
        context.meta[ARGS_KEY] = words
        return context

    def invoke(self, ctx: click.Context):
        """Run the command; a concept found broken only when first built is one more problem.

        A warm load builds concepts lazily (:mod:`kg.cache`): if a cached record
        is bad and its file no longer parses, the error surfaces mid-command.
        """
        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            raise _localized(err, ctx.meta.get(ARGS_KEY, [])) from None
        except Exception as err:
            from kg.errors import ContentError

            if isinstance(err, ContentError):
                from dlkg.common import ContentFailure

                raise ContentFailure(err.problems) from None
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in self.list_commands(ctx)])


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
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


def main() -> None:
    """Entry point of the console script and of ``python -m dlkg``."""
    cli(prog_name="dlkg")
