"""Small, readable demonstrations of the engine functions.

A demo for ``engine.<family>:<function>`` lives at
``engine.demos.<family>:<function>``: the same module name and function name,
so a concept's ``engine:`` reference finds its demo without a registry.

Each demo takes a seeded ``np.random.Generator`` and returns the list of
:class:`Step` a learner reads top to bottom: the inputs, the intermediate
values that make the computation understandable, and the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    """One line of a demo: a bilingual caption and the value it shows.

    ``value`` is a NumPy array, a number, a string or a list of those.
    """

    en: str
    zh: str
    value: Any
