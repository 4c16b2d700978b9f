"""The study store as the graph page's per-concept states (:mod:`kg.export.progress`).

One function, :func:`concept_states`, is all the page needs of the store: when
the store changes, only this mapping changes.
"""

from __future__ import annotations

from datetime import datetime

from kg.export.progress import ConceptState
from kg.library import Library
from quiz.study.progress import Progress, report
from quiz.study.store import ReviewStore, timestamp


def concept_states(library: Library, store: ReviewStore, now: datetime) -> dict[str, ConceptState]:
    """Each concept's state at ``now``: due, studying, learned, known, ready or locked.

    A concept with cards is ``due`` when one of them is due now, else
    ``learned`` or ``studying`` as :mod:`quiz.study.knowledge` decides; one
    without cards is ``known`` (marked), ``ready`` (on the frontier) or ``locked``.

    Parameters
    ----------
    library : Library
    store : ReviewStore
    now : datetime
        The time "due now" and retrievability are computed at.

    Returns
    -------
    dict of str to ConceptState

    Raises
    ------
    quiz.study.store.StoreError
        If the database fails.

    Examples
    --------
    >>> from datetime import UTC
    >>> from kg.examples import example_library
    >>> from quiz.question import Kind
    >>> library = example_library()
    >>> now = datetime(2025, 1, 1, tzinfo=UTC)
    >>> with ReviewStore.open(":memory:") as store:
    ...     _ = store.add_card("derivative", Kind.CLOZE, now)
    ...     states = concept_states(library, store, now)
    >>> states["derivative"].state, states["gradient"].state
    ('due', 'locked')
    """
    states = {}
    for line in report(library, store, now):
        if line.cards:
            if line.due_now:
                state = "due"
            elif line.learned:
                state = "learned"
            else:
                state = "studying"
        elif line.progress is Progress.KNOWN:
            state = "known"
        elif line.progress is Progress.READY:
            state = "ready"
        else:
            state = "locked"
        states[line.concept] = ConceptState(
            state,
            retrievability=line.retrievability,
            due_now=line.due_now,
            next_due=None if line.next_due is None else timestamp(line.next_due),
        )
    return states
