"""Generated numeric problems, kept between runs: a deck export makes thousands.

A numeric problem is a pure function of its template's seed and of code: the
templates (:mod:`quiz.numeric`), the engine they compute with, NumPy and
Python. An Anki export of 10,000 concepts generates some 4,000 problems with
worked solutions, at a third of a millisecond each; exporting again after an
edit would make the same ones. So their texts are kept in a file keyed by a
digest of that code: the source of every module of ``quiz.numeric`` and
``engine``, and the NumPy and Python versions. Any change to any of them
starts a new file, so a cached problem is always the one the code would make.

The file is a :mod:`kg.checked_file`; one that is corrupt, or made by other
code, is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import NamedTuple

from kg.checked_file import read_checked, write_checked
from kg.concept import Text
from quiz.numeric.base import Template, fmt

_MAGIC = b"dlkg-problems 1 "
MAX_PROBLEMS = 200_000
"""Beyond this many the file starts over: it only ever holds what exports asked for."""


class ProblemText(NamedTuple):
    """What a deck shows of a generated problem: the texts, and the answer as written."""

    prompt: Text
    answer: str
    solution: Text


def code_digest() -> bytes:
    """A digest of everything a generated problem depends on but its seed."""
    import numpy

    import engine
    import quiz.numeric

    digest = hashlib.sha256(f"{numpy.__version__} {sys.version_info[:2]}".encode())
    for package in (quiz.numeric, engine):
        folder = Path(package.__file__).parent
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest().encode()


class ProblemCache:
    """Problem texts by (template id, seed), generated when missing.

    Examples
    --------
    >>> import tempfile
    >>> from quiz.numeric import load_templates
    >>> path = Path(tempfile.mkdtemp()) / "problems.cache"
    >>> template = next(iter(load_templates().values()))
    >>> first = ProblemCache(path)
    >>> text = first.text(template, 7); first.save()
    >>> ProblemCache(path).text(template, 7) == text, first.generated
    (True, 1)
    """

    def __init__(self, path: Path | None):
        """``path`` None keeps nothing between runs (every problem is generated)."""
        self.path = path
        self.generated = 0
        self._texts: dict[tuple[str, int], tuple[str, str, str, str, str]] = {}
        self._digest = code_digest() if path is not None else b""
        stored = read_checked(path, _MAGIC) if path is not None else None
        if stored is not None and stored[1] == [self._digest] and isinstance(stored[2], dict):
            self._texts = stored[2]

    def text(self, template: Template, seed: int) -> ProblemText:
        """The texts of ``template.generate(seed)``."""
        key = (template.id, seed)
        stored = self._texts.get(key)
        if not _well_formed(stored):
            problem = template.generate(seed)
            prompt, solution = problem.prompt, problem.solution
            stored = (prompt.en, prompt.zh, fmt(problem.answer), solution.en, solution.zh)
            self._texts[key] = stored
            self.generated += 1
        prompt_en, prompt_zh, answer, solution_en, solution_zh = stored
        return ProblemText(Text(prompt_en, prompt_zh), answer, Text(solution_en, solution_zh))

    def save(self) -> None:
        """Write the file if problems were generated; a failure only costs time next run."""
        if self.path is None or not self.generated:
            return
        texts = self._texts if len(self._texts) <= MAX_PROBLEMS else {}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_checked(self.path, _MAGIC, texts, [], more=(self._digest,))
        except OSError:
            pass


def _well_formed(stored: object) -> bool:
    return (
        isinstance(stored, tuple)
        and len(stored) == 5
        and all(isinstance(part, str) for part in stored)
    )
