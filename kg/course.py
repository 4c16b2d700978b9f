"""The course file of a library (``course.yaml`` in its folder): its title and domain order.

```yaml
title: {en: Deep learning, zh: 深度学习}
domains: [foundations, training, optimization]   # the order a course teaches them in
```

Both fields are optional, and so is the file: without it the title is the
folder's name and every domain ranks the same (see :func:`kg.graph.learning_order`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.concept import Text
from kg.errors import ContentError, Problem

__all__ = ["COURSE_FILE", "Course", "load_course"]

COURSE_FILE = "course.yaml"


@dataclass(frozen=True)
class Course:
    """A library's title and the teaching order of its domains."""

    title: Text
    domains: tuple[str, ...] = ()

    def rank(self, domain: str) -> int:
        """The domain's place in the course; unlisted domains come after the listed ones.

        Examples
        --------
        >>> course = Course(Text("t", "t"), ("foundations", "vision"))
        >>> course.rank("vision"), course.rank("other")
        (1, 2)
        """
        try:
            return self.domains.index(domain)
        except ValueError:
            return len(self.domains)


def load_course(root: Path) -> Course:
    """The course of the library at ``root`` (a default one if it has no course file).

    Raises
    ------
    ContentError
        If the course file is not valid, with its file, line and column.
    """
    path = root / COURSE_FILE
    name = root.resolve().name or str(root)
    if not path.is_file():
        return Course(Text(name, name))
    from kg import safe_yaml

    shown = str(path)
    try:
        document = safe_yaml.load(path)
    except safe_yaml.YamlError as err:
        raise ContentError([Problem(shown, err.line, err.column, err.message)]) from None
    data = document.value if document.value is not None else {}
    problems = []

    def problem(key: tuple, message: str) -> None:
        line, column = document.positions.get(key, (1, 1))
        problems.append(Problem(shown, line, column, message))

    if not isinstance(data, dict):
        raise ContentError([Problem(shown, 1, 1, "a course file must be a mapping")])
    for key in data:
        if key not in ("title", "domains"):
            problem((key,), f"unknown field {key!r} (a course file has title and domains)")
    title = Text(name, name)
    raw_title = data.get("title")
    if isinstance(raw_title, str) and raw_title.strip():
        title = Text(raw_title.strip(), raw_title.strip())
    elif isinstance(raw_title, dict) and all(
        isinstance(raw_title.get(lang), str) and raw_title[lang].strip() for lang in ("en", "zh")
    ):
        title = Text(raw_title["en"].strip(), raw_title["zh"].strip())
    elif raw_title is not None:
        problem(("title",), "'title' must be text, or a mapping with 'en' and 'zh'")
    domains = data.get("domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        problem(("domains",), "'domains' must be a list of domain (folder) names")
        domains = []
    elif len(set(domains)) != len(domains):
        problem(("domains",), "'domains' lists a domain twice")
    if problems:
        raise ContentError(problems)
    return Course(title, tuple(domains))
