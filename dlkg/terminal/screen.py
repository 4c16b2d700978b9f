"""The screen a command prints to: its language, its width, and how it shows formulas.

A command makes one :class:`Screen` from its options (``--lang``, ``--latex``)
and prints through it: :meth:`Screen.echo` wraps every line at the terminal's
width (:mod:`dlkg.terminal.wrap`), :meth:`Screen.t` gives interface strings in
the screen's language (:mod:`dlkg.terminal.messages`), :meth:`Screen.formula`
gives a formula as Unicode lines (:mod:`dlkg.terminal.formula`).

:func:`use` makes a screen the current one, for code that prints on a
command's behalf without being handed the screen (:mod:`dlkg.asking`).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

import click

from dlkg.terminal.messages import Both, domain_name, either, message
from dlkg.terminal.wrap import DEFAULT_WIDTH, wrap_line

if TYPE_CHECKING:
    from kg.concept import Concept, Text

LANG_ENV = "DLKG_LANG"
LATEX_ENV = "DLKG_LATEX"
MIN_WIDTH = 40

_FULL_WIDTH = str.maketrans("。，：；（）！？“”", '.,:;()!?""')


def terminal_width() -> int:
    """The terminal's columns (``$COLUMNS`` first, as :func:`shutil.get_terminal_size`), 80
    when there is no terminal."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def same_text(english: str, chinese: str) -> bool:
    """Whether two lines differ only in punctuation width and spacing
    (``= 13.`` and ``= 13。``): printed once in ``both``."""

    def key(text: str) -> str:
        return "".join(text.translate(_FULL_WIDTH).split()).rstrip(".")

    return key(english) == key(chinese)


def _marker_width(line: str) -> int:
    from dlkg.terminal.wrap import hanging_indent

    return hanging_indent(line)


class Screen:
    """Where a command prints: a language ("en", "zh" or "both"), a width, a formula mode."""

    def __init__(
        self,
        lang: str = "both",
        *,
        width: int | None = None,
        latex: bool = False,
        zone: tzinfo | None = None,
        zone_known: bool = False,
        explain: bool = False,
    ):
        self.lang = lang
        self.explain = explain
        """Whether a conceptual question's definition follows a right answer too."""
        self._width = width
        self.latex = latex
        self._zone = zone
        self._zone_known = zone_known

    def with_lang(self, lang: str) -> Screen:
        if lang == self.lang:
            return self
        return Screen(
            lang,
            width=self._width,
            latex=self.latex,
            zone=self._zone,
            zone_known=self._zone_known,
            explain=self.explain,
        )

    @property
    def width(self) -> int:
        return self._width or terminal_width()

    @property
    def zone(self) -> tzinfo | None:
        if not self._zone_known:
            from dlkg.terminal.times import display_zone

            self._zone, self._zone_known = display_zone(), True
        return self._zone

    # Text in the screen's language -----------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """The interface string ``key`` (see :mod:`dlkg.terminal.messages`)."""
        return message(key, self.lang, **values)

    def label(self, key: str) -> str:
        """A section label: ``Definition · 定义`` in both, ``定义`` in zh."""
        return message(key, self.lang)

    def pick(self, text: Text) -> str:
        """``text`` in the screen's language; in both, the English then the Chinese
        (once when they are the same)."""
        if self.lang in ("en", "zh"):
            return text.get(self.lang)
        return "\n".join(self.bilingual_lines(text))

    def bilingual_lines(self, text: Text) -> list[str]:
        """Both languages of ``text``, each line once: a worked solution's steps paired
        (the English step, then its Chinese under the same number), a step that
        differs only in punctuation printed once."""
        english, chinese = text.en.split("\n"), text.zh.split("\n")
        if text.en == text.zh:
            return english
        if len(english) != len(chinese) or len(english) == 1:
            return [*english, *chinese]
        lines = []
        for en_line, zh_line in zip(english, chinese, strict=True):
            lines.append(en_line)
            if same_text(en_line, zh_line):
                continue
            marker = _marker_width(zh_line)
            indent = _marker_width(en_line)
            lines.append(" " * indent + zh_line[marker:] if marker else zh_line)
        return lines

    def inline(self, text: Text) -> str:
        """``text`` on one line: ``English · 中文`` in both (a :class:`Both`)."""
        if self.lang in ("en", "zh"):
            return text.get(self.lang)
        return Both(text.en if text.en == text.zh else f"{text.en} · {text.zh}", text.en, text.zh)

    def either(self, en: str, zh: str) -> str:
        """``en`` or ``zh`` by the screen's language; both apart in both (:class:`Both`)."""
        return either(en, zh, self.lang)

    def term(self, concept: Concept) -> str:
        return self.inline(concept.term)

    def both_terms(self, concept: Concept) -> str:
        """Both terms, the screen's language first: learning the English term is part of
        learning a concept, in every language."""
        first, second = (
            (concept.term.zh, concept.term.en)
            if self.lang == "zh"
            else (concept.term.en, concept.term.zh)
        )
        return first if first == second else f"{first} · {second}"

    def terms(self, library: Any, concept_ids: Any) -> str:
        """The terms of ``concept_ids`` joined, ids of concepts the library lacks as written."""
        names = [
            self.term(library[concept_id]) if concept_id in library.concepts else concept_id
            for concept_id in concept_ids
        ]
        if not names:
            return message("none", self.lang)
        if self.lang == "zh":
            return "、".join(names)
        if self.lang == "en":
            return ", ".join(names)
        return Both(
            ", ".join(names),
            ", ".join(getattr(name, "en", name) for name in names),
            "、".join(getattr(name, "zh", name) for name in names),
        )

    def domain(self, domain: str) -> str:
        """A domain's name: its id, 中文 in zh (and apart in both, for a sentence)."""
        if self.lang == "both":
            return Both(domain, domain, domain_name(domain, "zh"))
        return domain_name(domain, self.lang)

    def kind(self, kind: Any) -> str:
        return message(f"kind.{getattr(kind, 'value', kind)}", self.lang)

    # Formulas and times -----------------------------------------------------

    def formula(self, latex: str) -> list[str]:
        """``latex`` as Unicode lines (or its source with ``--latex``, or when unsure)."""
        if self.latex:
            return [latex]
        from dlkg.terminal.formula import formula_lines

        return formula_lines(latex)

    def formula_hint(self, latex: str | None) -> str | None:
        """A formula for the ``?`` hint: one line as it is, several on lines of their own."""
        if not latex:
            return None
        lines = self.formula(latex)
        if len(lines) == 1:
            return lines[0]
        return "\n" + "\n".join("  " + line for line in lines)

    def when(self, moment: datetime, now: datetime) -> str:
        from dlkg.terminal.times import relative

        return relative(moment, now, self.lang)

    def clock(self, moment: datetime) -> str:
        from dlkg.terminal.times import clock_text

        return clock_text(moment, self.zone)

    # Printing ---------------------------------------------------------------

    def lines(self, text: str, *, hang: int | None = None, indent: str = "") -> list[str]:
        """``text`` wrapped at the screen's width, each line after ``indent``."""
        wrapped: list[str] = []
        for line in text.split("\n"):
            line = (indent + line if line else line).rstrip()
            wrapped.extend(wrap_line(line, self.width, hang=hang))
        return wrapped

    def echo(
        self,
        text: str = "",
        *,
        hang: int | None = None,
        indent: str = "",
        wrap: bool = True,
        err: bool = False,
        **style: Any,
    ) -> None:
        """Print ``text`` wrapped (unless ``wrap`` is False: a table row scrolls rather
        than breaks), styled with click's ``style`` arguments (``fg``, ``bold``, ``dim``)."""
        if wrap:
            lines = self.lines(text, hang=hang, indent=indent)
        else:
            lines = [(indent + line if line else line).rstrip() for line in text.split("\n")]
        for line in lines:
            click.echo(click.style(line, **style) if style and line else line, err=err)

    def formula_block(self, latex: str, *, indent: str = "  ", **style: Any) -> None:
        """A formula, one equation per line; a line too wide breaks at its spaces and
        continues further in."""
        for line in self.formula(latex):
            self.echo(line, indent=indent, hang=len(indent) + 4, **style)


_current: Screen | None = None


def use(screen: Screen) -> Screen:
    """Make ``screen`` the current one (for :func:`current`); returns it."""
    global _current
    _current = screen
    return screen


def current(lang: str | None = None) -> Screen:
    """The current screen (in ``lang`` when given), or a new one from the environment."""
    screen = _current if _current is not None else Screen(default_lang())
    return screen.with_lang(lang) if lang else screen


def default_lang() -> str:
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in ("en", "zh", "both") else "both"


RATING_WORDS = {
    "1": 1,
    "again": 1,
    "重来": 1,
    "2": 2,
    "hard": 2,
    "困难": 2,
    "3": 3,
    "good": 3,
    "良好": 3,
    "4": 4,
    "easy": 4,
    "简单": 4,
}


def parse_rating(text: str) -> int | None:
    """A flashcard rating typed as 1–4, a name in either language, full-width digits too.

    >>> [parse_rating(t) for t in ("3", "Good", "简单", "４", "5", "")]
    [3, 3, 4, 4, None, None]
    """
    import unicodedata

    word = unicodedata.normalize("NFKC", text).strip().lower()
    return RATING_WORDS.get(word)
