"""The context object of every command (click's ``repo`` example): the concept
library, the study store and the clock, each made the first time a command asks.

The shared options :func:`content_option` and :func:`db_option` fill in an
:class:`App` as click parses them; a command takes it with :data:`pass_app`
and never loads, opens or parses an environment variable itself. A test can
pass its own with ``CliRunner().invoke(cli, args, obj=App(...))``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dlkg.common import BUNDLED, CONTENT_ENV, UsageFailure, check_domain, find, load, select
from quiz.study.clock import Clock, fixed_clock, parse_utc, system_clock

if TYPE_CHECKING:
    from kg.concept import Concept
    from kg.library import Library
    from quiz.study.store import ReviewStore

__all__ = ["App", "content_option", "db_option", "pass_app"]

DB_ENV = "DLKG_DB"
NOW_ENV = "DLKG_NOW"
"""A fixed "now" (ISO-8601 with a zone) for the whole run: a testing aid."""
DB_NAME = "study.db"


def default_db_path(*, create_folder: bool) -> Path:
    """``study.db`` in dlkg's data folder (``click.get_app_dir``), creating the folder if asked."""
    folder = Path(click.get_app_dir("dlkg"))
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise click.ClickException(
                f"{folder}: cannot create dlkg's data folder ({err.strerror})"
            ) from None
    return folder / DB_NAME


class App:
    """What a command works with: nothing is loaded or opened before it is asked for.

    Parameters
    ----------
    content_dir : path or sequence of paths, optional
        The concept library's folders (``--content``); None for the bundled one.
    db_path : Path, optional
        The study database (``--db``); None for ``study.db`` in dlkg's data folder.
    """

    def __init__(
        self,
        *,
        content_dir: Path | str | Sequence[Path | str] | None = None,
        db_path: Path | None = None,
    ):
        self.content_dir = content_dir
        self.db_path = db_path

    @cached_property
    def library(self) -> Library:
        """The concept library, through the compile cache; exit 1 with its problems."""
        return load(self.content_dir)

    def find(self, name: str) -> Concept:
        """The concept called ``name``; exit 2 with a did-you-mean."""
        return find(self.library, name)

    def find_domain(self, name: str | None) -> str | None:
        """The domain called ``name`` as the library spells it (None for None); exit 2."""
        return check_domain(self.library, name)

    def select(self, concept: str | None, target: str | None, domain: str | None) -> list[str]:
        """The concepts a quiz or deck covers (:func:`dlkg.common.select`); exit 2."""
        return select(self.library, concept, target, domain)

    @cached_property
    def clock(self) -> Clock:
        """Fixed at ``$DLKG_NOW`` when it is set, else the real UTC time; exit 2 if unreadable."""
        text = os.environ.get(NOW_ENV)
        if not text:
            return system_clock
        try:
            return fixed_clock(parse_utc(text))
        except ValueError as err:
            raise UsageFailure(f"{NOW_ENV}: {err}") from None

    def database(self, *, create_folder: bool) -> Path:
        """Where the study database is: ``--db``, else the default (its folder made if asked)."""
        if self.db_path is not None:
            return self.db_path
        return default_db_path(create_folder=create_folder)

    @cached_property
    def store(self) -> ReviewStore:
        """The study database, created if missing (:meth:`open_store`)."""
        return self.open_store(self.database(create_folder=True))

    def open_store(self, path: Path | str) -> ReviewStore:
        """The review store at ``path``, closed when the command ends; exit 1 with its problem."""
        # Imported here: it brings SQLite and FSRS, which dlkg show and path never need.
        from quiz.study.store import ReviewStore, StoreError

        try:
            store = ReviewStore.open(path)
        except StoreError as err:
            raise click.ClickException(str(err)) from None
        click.get_current_context().call_on_close(store.close)
        return store


pass_app = click.make_pass_decorator(App, ensure=True)
"""Passes the command's :class:`App` as its first argument."""


def _into_app(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """An option callback that sets the App's ``attribute`` to the option's value, if given."""

    def remember(context: click.Context, parameter: click.Parameter, value: Any) -> None:
        app = context.ensure_object(App)
        if value not in (None, ()):  # not given: the App's own value stands (a test's, say)
            setattr(app, attribute, value)

    return remember


def content_option(command: Callable) -> Callable:
    """``--content DIR``, repeatable (or ``$DLKG_CONTENT``, folders separated by
    ``os.pathsep``): the concept library to use, one or several folders."""
    return click.option(
        "--content",
        "content_dir",
        # Text, not Path: Path("./bundled") would read as the name BUNDLED.
        type=click.Path(file_okay=False, path_type=str),
        multiple=True,
        envvar=CONTENT_ENV,
        show_envvar=True,
        expose_value=False,
        callback=_into_app("content_dir"),
        help=(
            "Folder of concept files to use instead of the bundled library; give it again "
            f"to load several as one ('{BUNDLED}' names the bundled library: "
            f"--content {BUNDLED} --content my-concepts). {CONTENT_ENV} takes a list, "
            f"separated by '{os.pathsep}'."
        ),
    )(command)


def db_option(command: Callable) -> Callable:
    """``--db PATH`` (or ``$DLKG_DB``): the study database."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=DB_ENV,
        show_envvar=True,
        expose_value=False,
        callback=_into_app("db_path"),
        help=f"The study database (default: {DB_NAME} in dlkg's data folder).",
    )(command)
