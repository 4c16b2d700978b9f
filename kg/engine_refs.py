"""Checking a concept's ``engine:`` reference without importing NumPy.

``dlkg check`` must fail when a reference such as ``engine.losses:cross_entropy``
does not name a callable. Importing the engine to find out costs NumPy's import
time (about a tenth of a second), on every check. Instead, the module's source
is read and parsed with :mod:`ast`: a top-level ``def`` or ``class`` of that
name is a callable, for certain, once the module imports, and the test suite
imports every engine module. Anything the source does not settle (a name bound
by assignment or import, a module already imported, a source that cannot be
read) falls back to the real import, so the verdict is always the import's.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Callable
from functools import cache

Resolver = Callable[[str], object]


@cache
def defined_callables(module_name: str) -> frozenset[str] | None:
    """The names a module defines at top level with ``def`` or ``class``.

    None when the module's source cannot be found or read (the caller then
    imports the module to decide).

    Examples
    --------
    >>> "cross_entropy" in defined_callables("engine.losses")
    True
    >>> defined_callables("engine.no_such_module") is None
    True
    """
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    try:
        with open(spec.origin, "rb") as stream:
            tree = ast.parse(stream.read(), spec.origin)
    except (OSError, SyntaxError, ValueError):
        return None
    return frozenset(
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    )


def check_engine_reference(reference: str, resolve: Resolver) -> str | None:
    """Why ``reference`` (``engine.module:function``) is not a callable; None if it is.

    ``resolve`` imports the reference and raises ``LookupError`` with the
    reason (:func:`kg.library_checks.resolve_engine`); it is called only when the
    module's source does not settle the question.

    Examples
    --------
    >>> from kg.library_checks import resolve_engine
    >>> check_engine_reference("engine.losses:cross_entropy", resolve_engine) is None
    True
    >>> check_engine_reference("engine.losses:no_such_function", resolve_engine)
    "module 'engine.losses' has no 'no_such_function'"
    """
    module_name, _, attribute = reference.partition(":")
    if module_name not in sys.modules:
        defined = defined_callables(module_name)
        if defined is not None and attribute in defined:
            return None
    try:
        resolve(reference)
    except LookupError as err:
        return str(err)
    return None
