"""Concept text made safe for every output format, in one function.

Graph exports (XML formats, JSON, DOT, Mermaid, HTML) and Anki fields all
start from :func:`clean_text`, so that each carries exactly the same text.
Kept apart from :mod:`kg.export` so that a command cleaning text (``dlkg anki
export``) does not import networkx with it.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
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
