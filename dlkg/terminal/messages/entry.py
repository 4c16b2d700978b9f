"""One entry of the message table: the English, the Chinese, and the form in both."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    en: str | tuple[str, str]
    zh: str
    both: str | None = None
    """The ``both`` form; None: the English, or both joined for a key in ``JOINED``."""


E = Entry
