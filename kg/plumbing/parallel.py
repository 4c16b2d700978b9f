"""Running one function over many items on every core, with ``os.fork``.

A cold load parses every concept file, and the files are independent: on a
machine with two cores, half of them can be parsed in a second process. The
parent forks one child per extra core, each child takes a contiguous share of
the items, and the parent works through the first share itself. A child sends
its results back through a pipe, encoded with :mod:`marshal` (the function's
results must be plain data: numbers, text, bytes, lists, tuples, dicts).

Why not :mod:`concurrent.futures`: its pool keeps the parent idle while the
workers run, adds a manager thread, and a worker killed (or interrupted by
Ctrl-C) can leave it waiting. Here nothing can hang: a child that fails, is
killed or sends something unreadable only means the parent does that share
itself, and a parent that is interrupted kills and reaps its children.

``$DLKG_JOBS`` sets the number of processes (``1``: no forking). Platforms
without a safe ``fork`` (Windows, macOS) always run in one process.
"""

from __future__ import annotations

import marshal
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

JOBS_ENV = "DLKG_JOBS"
MIN_ITEMS_PER_PROCESS = 500
"""Forking and sending results back costs a few milliseconds: not worth it for less."""

Item = TypeVar("Item")


def process_count() -> int:
    """How many processes to use: ``$DLKG_JOBS``, else the cores this process may run on."""
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if not sys.platform.startswith("linux"):
        return 1
    return len(os.sched_getaffinity(0))


def map_forked(function: Callable[[Item], Any], items: Sequence[Item]) -> list[Any]:
    """``[function(item) for item in items]``, spread over :func:`process_count` processes.

    Examples
    --------
    >>> map_forked(len, ["a", "bb", "ccc"])
    [1, 2, 3]
    """
    processes = min(process_count(), len(items) // MIN_ITEMS_PER_PROCESS)
    if processes < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    bounds = [len(items) * share // processes for share in range(processes + 1)]
    shares = [items[bounds[i] : bounds[i + 1]] for i in range(processes)]
    children: list[tuple[int, int] | None] = []  # per share after the first: (pid, pipe)
    try:
        for share in shares[1:]:
            try:
                children.append(_fork(function, share))
            except OSError:  # no process to be had: this one does that share
                children.append(None)
        results = [function(item) for item in shares[0]]
        for index, share in enumerate(shares[1:]):
            child, children[index] = children[index], None
            if child is None:
                results.extend(function(item) for item in share)
            else:
                results.extend(_collect(*child, function, share))
    finally:
        for child in children:  # only when interrupted: stop the rest
            if child is not None:
                os.close(child[1])
                _stop(child[0])
    return results


def start_forked(function: Callable[[Item], Any], items: Sequence[Item]) -> Callable[[], list[Any]]:
    """Start ``[function(item) for item in items]`` in one child process, so that this
    one can do other work meanwhile; call what it returns for the results (computed
    here if there is one core, no ``fork`` or no child to be had, or the child failed).

    Examples
    --------
    >>> results = start_forked(len, ["a", "bb"])
    >>> results()
    [1, 2]
    """
    if process_count() < 2 or not hasattr(os, "fork"):
        return lambda: [function(item) for item in items]
    try:
        child = _fork(function, items)
    except OSError:
        return lambda: [function(item) for item in items]
    return lambda: _collect(*child, function, items)


def _fork(function: Callable[[Item], Any], share: Sequence[Item]) -> tuple[int, int]:
    """Start a child that computes ``share`` and writes the marshalled results to a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: never return into the caller's code, never run its exit handlers.
    status = 1
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        data = memoryview(marshal.dumps([function(item) for item in share]))
        while data:
            data = data[os.write(write_end, data) :]
        status = 0
    finally:
        os._exit(status)


def _collect(
    pid: int, pipe: int, function: Callable[[Item], Any], share: Sequence[Item]
) -> list[Any]:
    """A child's results; computed here instead if the child failed."""
    received = bytearray()  # grown in place: no list of chunks joined into a copy
    try:
        while chunk := os.read(pipe, 1 << 20):
            received += chunk
    except BaseException:
        _stop(pid)
        raise
    finally:
        os.close(pipe)
    _, status = os.waitpid(pid, 0)
    try:
        results = marshal.loads(received) if status == 0 else None
    except (EOFError, ValueError, TypeError):
        results = None
    if not isinstance(results, list) or len(results) != len(share):
        return [function(item) for item in share]
    return results


def _stop(pid: int) -> None:
    """Kill a child and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
