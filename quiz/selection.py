"""Which concepts a quiz or an Anki deck covers: one, a learning path, a domain, or all."""

from __future__ import annotations

from kg.graph import learning_path
from kg.library import Library

__all__ = ["select_concepts"]


def select_concepts(
    library: Library,
    *,
    concept: str | None = None,
    target: str | None = None,
    domain: str | None = None,
) -> list[str]:
    """The concept ids to cover, in learning order: the concept called ``concept``,
    the learning path to ``target``, the concepts of ``domain``, or (given none)
    the whole library.

    Names are found as :meth:`~kg.library.Library.find` and
    :meth:`~kg.library.Library.find_domain` find them. The ids come from the
    outlines: no concept is built but those named, and networkx is not imported.

    Raises
    ------
    ValueError
        If more than one of ``concept``, ``target`` and ``domain`` is given.
    kg.errors.UnknownConceptError
        If ``concept`` or ``target`` names no concept, or several.
    kg.errors.UnknownDomainError
        If ``domain`` names no domain of the library.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> select_concepts(library, target="Gradient descent")
    ['derivative', 'gradient', 'gradient-descent']
    >>> select_concepts(library, concept="梯度")
    ['gradient']
    """
    if len([option for option in (concept, target, domain) if option]) > 1:
        raise ValueError("choose at most one of concept, target and domain")
    if concept:
        return [library.find(concept).id]
    if target:
        return learning_path(library.prerequisites, library.find(target).id)
    if domain:
        domain = library.find_domain(domain)
        outlines = library.outlines
        return [c for c in library.learning_order if outlines[c].domain == domain]
    return list(library.learning_order)
