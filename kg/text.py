"""Concept text made safe for every output format, in one function.

Graph exports (XML formats, JSON, DOT, Mermaid, HTML) and Anki fields all
start from :func:`clean_text`, so that each carries exactly the same text.
Kept apart from :mod:`kg.export` so that a command cleaning text (``dlkg anki
export``) does not import networkx with it.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""C0 controls other than tab, LF and CR; DEL; C1 controls (NEL would also silently act
as a line break); and the two Unicode non-characters: what no name or text read from a
file (a concept file, an Anki package) may keep."""
_NOT_XML_CHARACTER = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """``text`` with what XML 1.0 cannot hold replaced by U+FFFD, and CR by LF.

    Parameters
    ----------
    text : str
        Any text from a concept.

    Returns
    -------
    str
        Text every format can carry; what XML 1.0 allows (tabs, line feeds,
        and printable characters) is unchanged.

    Examples
    --------
    >>> clean_text("a\\x01b\\r\\nc")
    'a\\ufffdb\\nc'
    >>> clean_text("梯度 <ok> & \\t")
    '梯度 <ok> & \\t'
    """
    return _NOT_XML_CHARACTER.sub(REPLACEMENT, text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` on one line: control characters and line breaks become single spaces, and
    with ``limit`` it is cut to that many characters (ending in …).

    For untrusted text inside a comment or a message (an SQLite report spans lines).

    Examples
    --------
    >>> one_line("deck\\n\\x1b[31mred  name")
    'deck [31mred name'
    >>> one_line("a" * 10, limit=5)
    'aaaa…'
    """
    folded = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
    if limit is None or len(folded) <= limit:
        return folded
    return folded[: limit - 1] + "…"
