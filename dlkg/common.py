"""What every command shares: options, loading the library, turning errors into exits.

Exit statuses scripts can rely on:

- 0: success.
- 1: the data is wrong (invalid concept files, a corrupt database or deck) or
  the operation failed (a file could not be written).
- 2: the command line is wrong (an unknown option, concept or domain).

Only light modules are imported at the top: ``dlkg --help`` must stay fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from kg.concept import Concept
    from kg.errors import UnknownConceptError, UnknownDomainError
    from kg.library import Library

CONTENT_ENV = "DLKG_CONTENT"
BUNDLED = "bundled"
"""What ``--content`` (or an entry of ``$DLKG_CONTENT``) names the bundled library by;
a folder of that name is written ``./bundled``."""
CACHE_DIR_ENV = "DLKG_CACHE_DIR"
NO_CACHE_ENV = "DLKG_NO_CACHE"
MAX_PROBLEMS_SHOWN = 50
"""Beyond this many, commands other than ``check`` summarize the rest."""


class ContentFailure(click.ClickException):
    """The concept library is invalid: print every problem, one per line."""

    exit_code = 1

    def __init__(self, problems: list[Any], *, limit: int | None = None):
        super().__init__(f"{len(problems)} problem(s) in the concept library")
        self.problems = problems
        self.limit = limit

    def show(self, file: Any = None) -> None:
        from dlkg.terminal.screen import current

        out = current()
        shown = self.problems if self.limit is None else self.problems[: self.limit]
        for problem in shown:
            click.echo(str(problem), err=True)
        hidden = len(self.problems) - len(shown)
        if hidden:
            click.echo(out.t("content.more", n=hidden), err=True)
        files = len({problem.path for problem in self.problems})
        total = out.t("content.problems", n=len(self.problems), files=files)
        separator = "：" if out.lang == "zh" else ": "
        click.echo(f"{out.t('error')}{separator}{total}", err=True)


class UsageFailure(click.ClickException):
    """A wrong name on the command line: one line, exit status 2.

    Shown in the current screen's language (``Error:`` or ``错误：``).
    """

    exit_code = 2

    def show(self, file: Any = None) -> None:
        from dlkg.terminal.screen import current

        screen = current()
        separator = "：" if screen.lang == "zh" else ": "
        click.echo(f"{screen.t('error')}{separator}{self.format_message()}", err=True)


def bundled_content_dir() -> Path:
    """The concept library shipped with dlkg.

    Installed from a wheel it is package data at ``dlkg/content``; installed
    editable (or run from a checkout) it is the repository's ``content/``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "content", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    raise click.ClickException(
        f"the bundled concept library is missing; pass --content DIR or set {CONTENT_ENV}"
    )


def json_option(command: Callable) -> Callable:
    """``--json``: print data as JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(
        command
    )


LANG_ENV = "DLKG_LANG"
LATEX_ENV = "DLKG_LATEX"


def lang_option(command: Callable) -> Callable:
    """``--lang en|zh|both`` (or ``$DLKG_LANG``): the language of everything printed."""
    return click.option(
        "--lang",
        type=click.Choice(["en", "zh", "both"]),
        default="both",
        envvar=LANG_ENV,
        show_envvar=True,
        show_default=True,
        help="Language of the concepts and the interface: en (English), zh (中文) or both.",
    )(command)


question_lang_option = lang_option
"""The same option: quiz and study ask their questions in it."""


def latex_option(command: Callable) -> Callable:
    """``--latex`` (or ``$DLKG_LATEX``): formulas as their LaTeX source, not Unicode."""
    return click.option(
        "--latex",
        is_flag=True,
        envvar=LATEX_ENV,
        show_envvar=True,
        help="Print formulas as LaTeX source instead of Unicode text.",
    )(command)


def make_screen(lang: str, latex: bool = False):
    """The screen a command prints through (:mod:`dlkg.terminal.screen`), made current."""
    from dlkg.terminal.screen import Screen, use

    return use(Screen(lang, latex=latex))


def user_cache_dir() -> Path:
    """Where dlkg keeps its compile cache.

    ``$DLKG_CACHE_DIR`` if set, else the platform's user cache folder:
    ``~/.cache/dlkg`` (or ``$XDG_CACHE_HOME/dlkg``), ``~/Library/Caches/dlkg``
    on macOS, ``%LOCALAPPDATA%/dlkg/Cache`` on Windows.
    """
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dlkg"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "dlkg" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlkg"


def cached_parser(root: Path):
    """The compile cache's parser for the library at ``root``, in the user's cache folder."""
    from dlkg import __version__
    from kg.cache import CachedParser
    from kg.cache_file import cache_file_for

    salt = f"{__version__} {sys.version_info.major}.{sys.version_info.minor}"
    return CachedParser(cache_file_for(user_cache_dir(), root, salt=salt))


def problem_cache_file() -> Path:
    """Where `dlkg anki export` keeps its generated numeric problems (quiz.anki.problem_cache)."""
    return user_cache_dir() / "numeric-problems.cache"


def note_cache_file(folders: Path | Sequence[Path]) -> Path:
    """Where `dlkg anki export` keeps the rendered notes (quiz.anki.note_cache) of the library
    in ``folders``: one file per library (per set of folders loaded together)."""
    from kg.cache_file import cache_file_for

    return cache_file_for(user_cache_dir(), folders, kind="anki-notes")


def content_folders(content_dir: Path | str | Sequence[Path | str] | None) -> list[Path]:
    """The library folders ``--content`` names: the bundled library when none,
    and :data:`BUNDLED` (exactly that text, not ``./bundled``) replaced by it.

    Examples
    --------
    >>> str(content_folders(["bundled", "./bundled"])[1])  # the folder
    'bundled'
    >>> content_folders(None) == content_folders("bundled") == [bundled_content_dir()]
    True
    """
    given = [content_dir] if isinstance(content_dir, Path | str) else list(content_dir or ())
    folders = [
        bundled_content_dir() if folder == BUNDLED else Path(folder)
        for folder in given
        if str(folder)
    ]
    return folders or [bundled_content_dir()]


def load(
    content_dir: Path | str | Sequence[Path | str] | None,
    *,
    check_engines: bool = False,
    all_problems: bool = False,
):
    """Load the library through the compile cache, or exit with its problems (status 1).

    ``content_dir`` is what ``--content`` gave: none (the bundled library), or
    one or several folders, loaded as one library (:func:`kg.library.load_libraries`),
    each with its own compile cache. ``$DLKG_NO_CACHE`` (any non-empty value)
    loads without the cache.
    """
    from kg.errors import ContentError
    from kg.library import load_libraries

    folders = content_folders(content_dir)
    parsers = None if os.environ.get(NO_CACHE_ENV) else [cached_parser(f) for f in folders]
    # The one place dlkg pauses the cyclic collector (benchmarks/README.md has
    # what it saves). The library lives as long as the command: its objects are
    # put out of the collector's sight before it is back on, else the first
    # collection, right after the load, walks them all, and later ones again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        library = load_libraries(folders, check_engines=check_engines, parsers=parsers)
        library.course  # noqa: B018  (the course file is checked with the library)
    except ContentError as err:
        raise ContentFailure(
            err.problems, limit=None if all_problems else MAX_PROBLEMS_SHOWN
        ) from None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return library


def find(library: Library, name: str) -> Concept:
    """The concept called ``name``, or exit 2 with a did-you-mean."""
    from kg.errors import UnknownConceptError

    try:
        return library.find(name)
    except UnknownConceptError as err:
        raise _unknown_concept(library, err) from None


def _unknown_concept(library: Library, err: UnknownConceptError) -> UsageFailure:
    """The exit-2 error for a name that matches no concept (with a did-you-mean), or several,
    in the current screen's language."""
    from dlkg.terminal.screen import current

    screen = current()
    name = repr(err.name)
    if err.suggestions and library.lookup(err.name):
        choices = ", ".join(err.suggestions)
        return UsageFailure(screen.t("error.ambiguous", name=name, choices=choices))
    text = screen.t("error.unknown_concept", name=name)
    if err.suggestions:
        names = screen.t("error.or").join(repr(s) for s in err.suggestions)
        text += ("；" if screen.lang == "zh" else "; ") + screen.t(
            "error.did_you_mean", names=names
        )
    return UsageFailure(text)


def check_domain(library: Library, domain: str | None) -> str | None:
    """``domain`` as the library spells it, or exit 2 naming the domains."""
    from kg.errors import UnknownDomainError

    if domain is None:
        return None
    try:
        return library.find_domain(domain)
    except UnknownDomainError as err:
        raise _unknown_domain(err) from None


def _unknown_domain(err: UnknownDomainError) -> UsageFailure:
    """The exit-2 error for a domain the library lacks, naming its domains."""
    from dlkg.terminal.screen import current

    domains = ", ".join(err.domains)
    return UsageFailure(current().t("error.unknown_domain", name=repr(err.name), domains=domains))


def select(
    library: Library, concept: str | None, target: str | None, domain: str | None
) -> list[str]:
    """The concept ids a quiz or deck covers (:func:`quiz.selection.select_concepts`),
    or exit 2: more than one of the options, or a name the library does not know."""
    from kg.errors import UnknownConceptError, UnknownDomainError
    from quiz.selection import select_concepts

    if len([option for option in (concept, target, domain) if option]) > 1:
        from dlkg.terminal.screen import current

        raise UsageFailure(current().t("error.one_selection"))
    try:
        return select_concepts(library, concept=concept, target=target, domain=domain)
    except UnknownConceptError as err:
        raise _unknown_concept(library, err) from None
    except UnknownDomainError as err:
        raise _unknown_domain(err) from None


def split_names(values: tuple[str, ...]) -> list[str]:
    """``--known a,b --known c`` -> ["a", "b", "c"] (commas in either width)."""
    names: list[str] = []
    for value in values:
        names.extend(part.strip() for part in value.replace("，", ",").split(",") if part.strip())
    return names


def echo_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (Chinese stays readable): the text of
    ``json.dumps(data, ensure_ascii=False, indent=2)``, written without the
    Python encoder json uses for indented output (:mod:`kg.plumbing.indented_json`)."""
    from kg.plumbing.indented_json import indented_json

    click.echo(indented_json(data))


def bilingual_term(concept: Concept) -> str:
    """``Gradient descent · 梯度下降``."""
    return concept.term.label()
