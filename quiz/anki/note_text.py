"""The text of other people's Anki notes read: HTML to plain text, clozes resolved, the
script and language of a field, a term told from a sentence, pinyin ids
(:mod:`quiz.anki.drafts` turns the notes into concept drafts)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from kg.text import CONTROL_CHARACTERS
from quiz.masking import has_cjk

MAX_FIELD_CHARS = 20_000
"""Longest text kept from one field of a foreign note (a draft stays a small file)."""
MAX_FIELD_MARKUP = 1_000_000
"""Longest markup read from one field of a foreign note (the rest could not be kept)."""
MAX_ID_LENGTH = 60

MAX_TERM_CHARS = 48
MAX_TERM_WORDS = 6
"""Longest text taken for a term rather than a definition (a name, not a sentence)."""
CJK_WEIGHT = 4
"""A Chinese character counts as this many Latin letters when a text's language is
told by its script (a word of Chinese is one or two characters, of English five letters)."""
"""Fields a draft needs in both languages (``example`` may be one text for both)."""
_CLOZE_OPENING = re.compile(r"\{\{c(\d{1,4})::")
MAX_CLOZE_DEPTH = 4
"""Nested deletions (``{{c1::a {{c2::b}}}}``) resolved, innermost first; deeper ones stay."""
_SOUND = re.compile(r"\[sound:[^\[\]]*\]")
"""Bounded by the next ``[``, so that a field of unclosed tags is read in linear time."""
_TONE_MARKS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
_SENTENCE_END = tuple(".。!！?？;；")
_PAIR_SEPARATORS = re.compile(r"\s+[·/|]\s+|\s*[｜；]\s*")
_GLOSS = re.compile(r"^(?P<main>[^()（）]+?)\s*[(（](?P<gloss>[^()（）]+)[)）]$")


def slugify(text: str, fallback: str) -> str:
    """A kebab-case id from ``text`` (ASCII letters and digits), or ``fallback``.

    Examples
    --------
    >>> slugify("Café au lait (FR)!", "note-1")
    'cafe-au-lait-fr'
    >>> slugify("梯度", "note-7")
    'note-7'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:MAX_ID_LENGTH].strip("-")
    return slug or fallback


class _HtmlText(HTMLParser):
    """Field HTML to plain text: ``<br>`` and block ends become line breaks;
    scripts, styles and images are dropped; ``item`` spans are collected."""

    BLOCKS = frozenset({"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
    SKIPPED = frozenset({"script", "style"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.items: list[tuple[str | None, str]] = []
        self._item: tuple[str | None, list[str]] | None = None
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "span" and "item" in (dict(attrs).get("class") or "").split():
            self._item = (dict(attrs).get("data-id"), [])

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "span" and self._item is not None:
            self.items.append((self._item[0], "".join(self._item[1]).strip()))
            self._item = None

    def handle_data(self, data):
        if self._skipping:
            return
        self.parts.append(data)
        if self._item is not None:
            self._item[1].append(data)


def _parse_html(markup: str) -> _HtmlText:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return parser


def html_to_text(markup: str) -> str:
    """The text of a field: tags dropped, entities decoded, line breaks kept.

    Examples
    --------
    >>> html_to_text("a &lt; b<br>next <b>bold</b><script>x()</script>")
    'a < b\\nnext bold'
    """
    text = "".join(_parse_html(markup).parts).replace("\xa0", " ")
    text = CONTROL_CHARACTERS.sub("", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()


def _capped(text: str) -> str:
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


def _cloze_round(markup: str) -> tuple[str, list[tuple[int, str]]]:
    """``markup`` with its innermost cloze deletions replaced by their answers, and those
    deletions as (number, answer).

    A scan, not a regular expression: a field is untrusted, and a pattern that
    looks ahead for ``}}`` from every ``{{c1::`` takes time that grows with the
    square (or the cube) of its length. Here every character is looked at a
    bounded number of times. A deletion with another one opening inside is
    left for the next round; ``::hint`` is dropped.
    """
    parts, deletions = [], []
    position = close = 0
    while (start := markup.find("{{c", position)) != -1:
        opening = _CLOZE_OPENING.match(markup, start)
        if opening is None:
            parts.append(markup[position : start + 3])
            position = start + 3
            continue
        if close < opening.end():
            close = markup.find("}}", opening.end())
            if close == -1:
                break
        inner = markup.find("{{c", opening.end(), close)
        if inner != -1:  # another deletion opens first: this one waits for the next round
            parts.append(markup[position:inner])
            position = inner
            continue
        answer = markup[opening.end() : close].split("::", 1)[0]
        parts += [markup[position:start], answer]
        deletions.append((int(opening[1]), answer))
        position = close + 2
    parts.append(markup[position:])
    return "".join(parts), deletions


def resolve_clozes(markup: str) -> tuple[str, list[tuple[int, str]]]:
    """``markup`` with Anki's cloze deletions replaced by their answers, and the deletions.

    Examples
    --------
    >>> resolve_clozes("{{c1::Adam::optimizer}} keeps {{c2::two {{c3::moments}}}}.")
    ('Adam keeps two moments.', [(1, 'Adam'), (3, 'moments'), (2, 'two moments')])
    """
    deletions: list[tuple[int, str]] = []
    for _ in range(MAX_CLOZE_DEPTH):
        markup, found = _cloze_round(markup)
        if not found:
            break
        deletions += found
    return markup, deletions


def _foreign_text(markup: str) -> str:
    """A foreign field's text: cloze markers and sound tags removed, length capped."""
    return _capped(html_to_text(_SOUND.sub("", resolve_clozes(markup)[0])))


def script_language(text: str) -> str | None:
    """``"zh"`` or ``"en"``, as the script of ``text``'s letters shows; None without letters.

    A Chinese character weighs :data:`CJK_WEIGHT` Latin letters: a Chinese
    name with a Latin acronym is Chinese, an English sentence quoting a
    Chinese word is English.

    Examples
    --------
    >>> script_language("梯度"), script_language("Softmax 函数"), script_language("ReLU")
    ('zh', 'zh', 'en')
    >>> script_language("The gradient (梯度) of f at x."), script_language("3.14")
    ('en', None)
    """
    chinese = sum(has_cjk(char) for char in text)
    latin = sum(char.isalpha() for char in text) - chinese
    if not chinese and not latin:
        return None
    return "zh" if chinese * CJK_WEIGHT >= latin else "en"


def _looks_like_pinyin(text: str) -> bool:
    """Whether ``text`` is romanised Chinese with tone marks (``tī dù``), not English.

    Examples
    --------
    >>> _looks_like_pinyin("tī dù"), _looks_like_pinyin("Tīdù xiàjiàng")
    (True, True)
    >>> _looks_like_pinyin("café au lait"), _looks_like_pinyin("gradient")
    (False, False)
    """
    words = text.casefold().split()
    marked = sum(any(char in _TONE_MARKS for char in word) for word in words)
    return bool(words) and not has_cjk(text) and marked * 2 > len(words)


def is_term_like(text: str) -> bool:
    """Whether ``text`` reads as a name (a term) rather than a sentence (a definition).

    Examples
    --------
    >>> is_term_like("Gradient descent"), is_term_like("梯度下降")
    (True, True)
    >>> is_term_like("The vector of partial derivatives."), is_term_like("偏导数组成的向量。")
    (False, False)
    """
    if not text or "\n" in text or len(text) > MAX_TERM_CHARS or text.endswith(_SENTENCE_END):
        return False
    return script_language(text) == "zh" or len(text.split()) <= MAX_TERM_WORDS


def by_language(text: str, *, term: bool = False) -> dict[str, str]:
    """The parts of ``text`` in each language: ``{"en": ..., "zh": ...}``.

    Lines in different scripts are told apart (pinyin lines are dropped), and
    so, in a ``term``, are the halves of ``Gradient · 梯度``, ``梯度 / gradient``
    or ``梯度 (gradient)``. Text in one script is one part.

    Examples
    --------
    >>> by_language("偏导数组成的向量。\\nThe vector of partial derivatives.")
    {'zh': '偏导数组成的向量。', 'en': 'The vector of partial derivatives.'}
    >>> by_language("梯度（gradient）", term=True), by_language("tī dù\\n梯度")
    ({'zh': '梯度', 'en': 'gradient'}, {'zh': '梯度'})
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parts: dict[str, list[str]] = {}
    for line in lines:
        if _looks_like_pinyin(line):
            continue
        halves = _split_pair(line) if term else None
        for language, half in halves.items() if halves else [(script_language(line), line)]:
            if language is not None:
                parts.setdefault(language, []).append(half)
    return {language: "\n".join(texts) for language, texts in parts.items()}


def _split_pair(line: str) -> dict[str, str] | None:
    """The English and Chinese halves of a bilingual term, or None if it is not one."""
    gloss = _GLOSS.match(line)
    halves = [gloss["main"], gloss["gloss"]] if gloss else _PAIR_SEPARATORS.split(line)
    halves = [half.strip() for half in halves if half.strip() and not _looks_like_pinyin(half)]
    languages = [script_language(half) for half in halves]
    if len(halves) != 2 or set(languages) != {"en", "zh"}:
        return None
    return {str(language): half for language, half in zip(languages, halves, strict=True)}


def pinyin_id(text: str, fallback: str) -> str:
    """A kebab-case id from a Chinese name, by its pinyin (toneless), or ``fallback``.

    Examples
    --------
    >>> pinyin_id("梯度下降", "note-1"), pinyin_id("Softmax 函数", "note-2")
    ('ti-du-xia-jiang', 'softmax-han-shu')
    >>> pinyin_id("！", "note-3")
    'note-3'
    """
    from pypinyin import lazy_pinyin  # its dictionaries take half a second to load

    return slugify(" ".join(lazy_pinyin(text)), fallback)


def _cloze_answer(deletions: list[tuple[int, str]]) -> str:
    """The text hidden by a note's first cloze deletion (the lowest number), or ``""``."""
    if not deletions:
        return ""
    first = min(number for number, _ in deletions)
    answers = dict.fromkeys(html_to_text(a) for n, a in deletions if n == first and a.strip())
    return _capped(" … ".join(answer for answer in answers if answer))
