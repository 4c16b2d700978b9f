"""The errors ``kg`` raises: every problem names its file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the concept library, and where.

    ``line`` and ``column`` are 1-based; 0 means the problem is not inside a file
    (a missing folder, an empty library).

    Examples
    --------
    >>> str(Problem("content/a.yaml", 3, 5, "unknown field 'tag'"))
    "content/a.yaml:3:5: unknown field 'tag'"
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one line: a message never breaks a listing
        return f"{self.path}:{self.line}:{self.column}: {message}"


class ContentError(Exception):
    """The concept library is invalid: carries every :class:`Problem` found.

    Validation collects all problems before raising, so a user fixes them in
    one pass rather than one per run.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        first = str(self.problems[0]) if self.problems else "invalid content"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))


class UnknownConceptError(LookupError):
    """A name matches no concept id, term or alias.

    ``suggestions`` holds the closest ids, best first, for a did-you-mean.
    """

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no concept named {name!r}{hint}")


class UnknownDomainError(LookupError):
    """A name matches no domain of the library; ``domains`` lists them all."""

    def __init__(self, name: str, domains: list[str]):
        self.name = name
        self.domains = domains
        super().__init__(f"no domain {name!r}; the domains are: {', '.join(domains)}")
