"""Every interface string dlkg prints, in English and 中文: a table, one entry per string.

:func:`message` gives the string of a key in a language:

- ``en`` and ``zh``: that language alone;
- ``both``: the entry's own ``both`` form when it has one; for a label or a
  prompt (``JOINED``), the English and the Chinese joined by `` · ``
  (``Definition · 定义``); for a sentence, the English line, then the Chinese
  line: each language once; for a part of a line (``INLINE``: a header, a
  table cell, a title, a piece another message holds), the English, its
  values as they print in both (a term: ``Term d · 术语 d``).

What :func:`message` returns is a :class:`Both`: a ``str`` (the text to print)
that also carries the English and the Chinese apart, so that a message holding
another (``{when}`` holding "in 10 min" / "10 分钟后") fills its English with the
English and its Chinese with the Chinese.

English entries may be a (singular, plural) pair chosen by the value ``n``.
The test ``tests/dlkg/test_terminal.py`` checks that no Chinese entry holds
English words (beyond names such as Ctrl-D, FSRS or an option), so that
``--lang zh`` prints an interface in Chinese only.

The entries are kept by command area: :mod:`.answering` (answers, ratings,
times), :mod:`.study` (the study session), :mod:`.progress` (placement and
stats), :mod:`.commands` (the other commands and the errors); :mod:`.entry`
holds the :class:`Entry` they are made of. This module joins them and holds
the lookup.

Examples
--------
>>> message("quiz.start", "en", n=1, seed=3)
'1 question (seed 3). Ctrl-D or Ctrl-C ends the quiz.'
>>> message("quiz.start", "zh", n=2, seed=3)
'共 2 题（种子 3）。按 Ctrl-D 或 Ctrl-C 结束测验。'
>>> message("verdict.right", "both"), message("show.definition", "both")
('✓ Right · 正确', 'Definition · 定义')
>>> print(message("summary.next.none", "both"))
Next review: nothing scheduled yet
下次复习：尚无安排
>>> later = message("time.minutes", "both", n=10)
>>> print(message("ending.limit", "both", n=5, later=message("ending.later", "both", when=later)))
Stopped after 5 answers (--limit). Then the next review is due in 10 min.
已作答 5 次，达到上限（--limit）。之后：下次复习：10 分钟后。
"""

from __future__ import annotations

from dlkg.terminal.messages.answering import ANSWERING
from dlkg.terminal.messages.commands import COMMANDS
from dlkg.terminal.messages.entry import Entry
from dlkg.terminal.messages.progress import PROGRESS
from dlkg.terminal.messages.study import STUDY

LANGUAGES = ("en", "zh", "both")


class Both(str):
    """A text as printed (a ``str``), with its English and its Chinese apart.

    >>> term = Both("Gradient · 梯度", "Gradient", "梯度")
    >>> term, term.en, term.zh
    ('Gradient · 梯度', 'Gradient', '梯度')
    """

    en: str
    zh: str

    def __new__(cls, text: str, en: str | None = None, zh: str | None = None) -> Both:
        both = super().__new__(cls, text)
        both.en = text if en is None else en
        both.zh = text if zh is None else zh
        return both


def either(en: str, zh: str, lang: str) -> str:
    """``en`` or ``zh`` in a language; in both, a :class:`Both` printed as the English."""
    if lang == "zh":
        return zh
    return en if lang == "en" else Both(en, en, zh)


MESSAGES: dict[str, Entry] = {**ANSWERING, **STUDY, **PROGRESS, **COMMANDS}
"""Every entry; the table is kept by command area, one module each (answering, study,
progress, commands); a key is in one of them only (``tests/dlkg/test_terminal.py``)."""


DOMAINS: dict[str, str] = {
    "foundations": "基础",
    "training": "训练",
    "optimization": "优化",
    "regularization": "正则化",
    "deep-networks": "深度网络",
    "vision": "计算机视觉",
    "sequence": "序列模型",
    "nlp": "自然语言处理",
    "transformer": "Transformer",
    "generative": "生成模型",
}
"""The bundled library's domains in Chinese; a domain of another library shows its id."""

ASCII_ALLOWED = frozenset(
    {
        *("Ctrl-D", "Ctrl-C", "dlkg", "study", "show", "stats", "id", "new", "R", "N"),
        *("limit", "target", "unsuspend", "n", "q", "h", "o"),
        *("format", "html", "progress", "force", "content", "check", "concept", "domain"),
        *("only", "Anki", "anki", "reviews", "FSRS", "RMSE", "export", "frontier"),
        *("max-reviews", "reset", "r"),
    }
)
"""ASCII words a Chinese entry may hold: key names, commands and options."""


def domain_name(domain: str, lang: str) -> str:
    """``nlp`` in ``lang``: the id in English and in both, 中文 in zh (when known)."""
    return DOMAINS.get(domain, domain) if lang == "zh" else domain


JOINED = frozenset(
    {
        "prompt.answer",
        "study.read",
        "control.skip",
        "control.bury",
        "control.suspend",
        "control.undo",
        "control.quit",
        "control.help",
        "controls.keys",
        "content.problems",
        "content.more",
        "graph.format_needed",
        "graph.progress_html",
        "cannot_write",
        "stats.check.problems",
        "undo.failed",
        "optimize.no_database",
        "anki.empty_frontier",
        "error.one_selection",
        "quiz.no_questions",
        "quiz.only",
        "graph.unknown_extension",
        "prompt.reveal",
        "hint.none",
        "answer.definition",
        "rating.1",
        "rating.2",
        "rating.3",
        "rating.4",
        "diff.typed",
        "diff.expected",
        "study.new",
        "study.formula",
        "summary.title",
        "placement.title",
        "stats.domains",
        "stats.concepts",
        "stats.frontier",
        "quiz.missed",
        "show.definition",
        "show.example",
        "show.worked",
        "show.notes",
        "show.formula",
        "show.legend",
        "show.tags",
        "show.prerequisites",
        "show.dependents",
        "show.related",
        "show.engine",
        "show.sources",
        "graph.most_dependents",
        "graph.most_descendants",
        "anki.decks",
        "anki.note_types",
    }
)
"""Labels, prompts and errors (one line each): ``Definition · 定义`` in both."""

INLINE = frozenset(
    {
        "undo.other_session",
        "ending.later",
        "ending.later.none",
        "study.header",
        "state.new",
        "state.learning",
        "state.review",
        "state.relearning",
        "stats.answers",
        "stats.not_learned",
        "stats.anki_reviews",
        "stats.needs",
        "stats.path",
        "progress.learning",
        "progress.review",
        "progress.known",
        "progress.ready",
        "progress.locked",
        "quiz.header",
        "quiz.missed.item",
        "kind.definition-to-term",
        "kind.definition-to-term-typed",
        "kind.term-to-definition",
        "kind.zh-to-en",
        "kind.en-to-zh",
        "kind.cloze",
        "kind.prerequisite",
        "kind.numeric",
        "kind.numeric-choice",
        "kind.flashcard",
        "show.id",
        "show.aliases",
        "path.title",
        "path.course",
        "demo.title",
        "check.ok",
        "graph.concepts",
        "graph.edges",
        "graph.roots",
        "graph.leaves",
        "graph.isolated",
        "anki.building",
        "anki.summary",
        "anki.deck",
        "anki.note_type",
    }
)
"""Parts of a line, and lines of data (names, counts) that two lines would print twice:
English in both (their values, terms say, still come in both languages)."""


def message(key: str, lang: str, **values: object) -> Both:
    """The interface string ``key`` in ``lang`` ("en", "zh" or "both"), filled with ``values``
    (a :class:`Both` value gives its English to the English and its Chinese to the Chinese).

    Raises ``KeyError`` for an unknown key: every string printed is in the table.
    """
    entry = MESSAGES[key]
    english = entry.en
    if isinstance(english, tuple):
        english = english[0] if values.get("n") == 1 else english[1]
    en = english.format(**{k: getattr(v, "en", v) for k, v in values.items()})
    zh = entry.zh.format(**{k: getattr(v, "zh", v) for k, v in values.items()})
    if lang == "en":
        text = en
    elif lang == "zh":
        text = zh
    elif entry.both is not None:
        text = entry.both.format(**values)
    elif key in INLINE:  # the English, its values as printed in both ("Term d · 术语 d")
        text = english.format(**values)
    elif en == zh:
        text = en
    elif key in JOINED:
        text = f"{en} · {zh}"
    else:
        text = f"{en}\n{zh}"
    return Both(text, en, zh)


def english_strings() -> list[str]:
    """The literal parts of every English entry (what must not show in ``zh`` mode)."""
    import string

    parts: list[str] = []
    for entry in MESSAGES.values():
        forms = entry.en if isinstance(entry.en, tuple) else (entry.en,)
        for form in forms:
            for literal, *_ in string.Formatter().parse(form):
                parts.append(literal)
    return parts
