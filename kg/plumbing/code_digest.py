"""A digest of the code a cached result was computed by: a change to any of it starts over.

The deck caches (:mod:`quiz.anki.problem_cache`, :mod:`quiz.anki.note_cache`) key
their files by it, naming whole packages; a test checks that they cover the
import closure of the code that computes the result (:func:`import_closure`,
read from the sources with :mod:`ast`). Sources are read, never imported: a
warm deck export must not pay for importing NumPy and the numeric templates just
to learn that it does not need them. The versions of the third-party packages
named (NumPy's, genanki's) come from their ``version.py`` for the same reason.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import sys
from pathlib import Path

__all__ = ["code_digest", "import_closure", "source_files"]


def _spec_origin(name: str) -> tuple[Path, bool]:
    """The source file of module ``name``, and whether it is a package."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(name)
    return Path(spec.origin), bool(spec.submodule_search_locations)


def _imported_names(source: Path, module: str, is_package: bool) -> set[str]:
    """The absolute names of the modules ``source`` imports (at any depth of its code)."""
    tree = ast.parse(source.read_bytes(), str(source))
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_closure(*roots: str, within: tuple[str, ...]) -> list[str]:
    """Every module of the packages ``within`` that ``roots`` import, directly or not.

    A package in ``roots`` counts with every module of its folder (a registry
    such as the numeric templates imports its modules by name at run time).

    Examples
    --------
    >>> "kg.names" in import_closure("kg.concept", within=("kg",))
    True
    >>> "kg.graph" in import_closure("kg.concept", within=("kg",))
    False
    """
    seen: set[str] = set()
    pending = list(roots)
    for root in roots:
        origin, is_package = _spec_origin(root)
        if is_package:
            pending += [f"{root}.{path.stem}" for path in origin.parent.glob("*.py")]
    while pending:
        name = pending.pop().removesuffix(".__init__")
        if name in seen or not name.startswith(within):
            continue
        try:
            origin, is_package = _spec_origin(name)
        except (ModuleNotFoundError, ImportError):
            continue  # a name imported from a module, not a module
        seen.add(name)
        for imported in _imported_names(origin, name, is_package):
            if imported.split(".")[0] + "." in {w.split(".")[0] + "." for w in within}:
                pending.append(imported)
    return sorted(seen)


def _version(package: str) -> bytes:
    """The installed version of ``package``, from its ``version.py`` if it has one."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.origin is not None:
        version_file = Path(spec.origin).with_name("version.py")
        if version_file.is_file():
            return version_file.read_bytes()
    from importlib.metadata import version

    return version(package).encode()


def source_files(name: str) -> list[Path]:
    """The source of module ``name``, or every ``*.py`` in the folder of package ``name``."""
    origin, is_package = _spec_origin(name)
    return sorted(origin.parent.glob("*.py")) if is_package else [origin]


def code_digest(*modules: str, packages: tuple[str, ...] = ("numpy",)) -> bytes:
    """Hex sha256 of the named modules' and packages' sources, the third-party
    ``packages``' versions and Python's.

    Examples
    --------
    >>> code_digest("kg.text") == code_digest("kg.text") != code_digest("kg.names")
    True
    """
    digest = hashlib.sha256(b"%d.%d\0" % sys.version_info[:2])
    for package in packages:
        digest.update(package.encode() + b"\0" + _version(package) + b"\0")
    for name in modules:
        for source in source_files(name):
            digest.update(b"\0" + source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest().encode()
