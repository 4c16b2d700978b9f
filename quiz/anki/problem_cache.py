"""Generated numeric problems, kept between runs: a deck export makes thousands.

A numeric problem is a pure function of its template's seed and of code: the
templates (:mod:`quiz.numeric`), the engine they compute with, NumPy and
Python. An Anki export of 10,000 concepts generates some 4,000 problems with
worked solutions, at a third of a millisecond each; exporting again after an
edit would make the same ones. So their texts are kept in a file keyed by a
digest of that code: the source of every module of ``quiz.numeric`` and
``engine``, and the NumPy and Python versions. Any change to any of them
starts a new file, so a cached problem is always the one the code would make.

The file is a :mod:`kg.plumbing.checked_file`; one that is corrupt, or made by other
code, is ignored and replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kg.concept import Text
from kg.plumbing.checked_file import read_table, write_table
from kg.plumbing.code_digest import code_digest

if TYPE_CHECKING:
    from quiz.numeric.base import Template

_MAGIC = b"dlkg-problems 1 "
MAX_PROBLEMS = 200_000
"""Beyond this many the file starts over: it only ever holds what exports asked for."""


class ProblemText(NamedTuple):
    """What a deck shows of a generated problem: the texts, and the answer as written."""

    prompt: Text
    answer: str
    solution: Text


PROBLEM_CODE = ("quiz.numeric", "engine", "quiz", "kg")
"""The packages a generated problem is computed by (with NumPy and Python: see
``code_digest``); tests/quiz/anki/test_cache_keys.py checks that they cover the
import closure of :mod:`quiz.numeric`."""


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
        self._digest = b""
        self._stored: dict[tuple[str, int], tuple[str, str, str, str, str]] | None = None

    def _texts(self) -> dict[tuple[str, int], tuple[str, str, str, str, str]]:
        """The stored texts, read on first use: an export whose notes are all
        cached (:mod:`quiz.anki.note_cache`) never asks for a problem."""
        if self._stored is None:
            self._stored = {}
            if self.path is not None:
                self._digest = code_digest(*PROBLEM_CODE)
                self._stored = read_table(self.path, _MAGIC, self._digest)
        return self._stored

    def text(self, template: Template, seed: int) -> ProblemText:
        """The texts of ``template.generate(seed)``."""
        texts, key = self._texts(), (template.id, seed)
        stored = texts.get(key)
        if stored is None or not _well_formed(stored):
            from quiz.numeric.base import fmt

            problem = template.generate(seed)
            prompt, solution = problem.prompt, problem.solution
            stored = (prompt.en, prompt.zh, fmt(problem.answer), solution.en, solution.zh)
            texts[key] = stored
            self.generated += 1
        prompt_en, prompt_zh, answer, solution_en, solution_zh = stored
        return ProblemText(Text(prompt_en, prompt_zh), answer, Text(solution_en, solution_zh))

    def save(self) -> None:
        """Write the file if problems were generated; a failure only costs time next run."""
        if self.path is None or not self.generated:
            return
        texts = self._texts()
        write_table(self.path, _MAGIC, texts if len(texts) <= MAX_PROBLEMS else {}, self._digest)


def _well_formed(stored: object) -> bool:
    return (
        isinstance(stored, tuple)
        and len(stored) == 5
        and all(isinstance(part, str) for part in stored)
    )
