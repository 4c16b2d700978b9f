"""A digest of the code a cached result was computed by: a change to any of it starts over.

The deck caches (:mod:`quiz.anki.problem_cache`, :mod:`quiz.anki.note_cache`) key
their files by it. Sources are read, never imported: a warm deck export
must not pay for importing NumPy and the numeric templates just to learn
that it does not need them. NumPy's version comes from its ``version.py``
for the same reason.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path


def _source_files(name: str) -> list[Path]:
    """The source of module ``name``, or every ``*.py`` in the folder of package ``name``."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(name)
    if spec.submodule_search_locations:
        return sorted(Path(spec.origin).parent.glob("*.py"))
    return [Path(spec.origin)]


def _numpy_version() -> bytes:
    spec = importlib.util.find_spec("numpy")
    if spec is not None and spec.origin is not None:
        version_file = Path(spec.origin).with_name("version.py")
        if version_file.is_file():
            return version_file.read_bytes()
    import numpy

    return numpy.__version__.encode()


def code_digest(*names: str) -> bytes:
    """Hex sha256 of the named modules' and packages' sources, NumPy's version and Python's.

    Examples
    --------
    >>> code_digest("kg.text") == code_digest("kg.text") != code_digest("kg.names")
    True
    """
    digest = hashlib.sha256(b"%d.%d\0" % sys.version_info[:2] + _numpy_version())
    for name in names:
        for source in _source_files(name):
            digest.update(b"\0" + source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest().encode()
