"""Timing helpers: a subprocess's wall time and peak memory, and their statistics.

Every command is timed as a child process, from its start to its exit, with
``time.perf_counter``; its peak resident memory is the ``ru_maxrss`` that
``os.wait4`` returns for that one child (``RUSAGE_CHILDREN`` would give the
largest of all the children so far).

Both are taken by a small launcher process (:data:`LAUNCHER`) that forks and
waits for the command, not by the harness itself: Linux counts the memory a
child had before ``exec`` in its peak, and a child of the harness starts as a
copy of a process that has imported numpy and networkx (Python's ``subprocess``
even uses ``vfork``, sharing it outright). A child of the launcher starts from
a bare interpreter, smaller than any command measured.

A comparison interleaves its two commands (floor, subject, floor, subject, ...)
after one untimed warm-up of each, so that a slow patch of a noisy machine
affects both sides rather than one.
"""

from __future__ import annotations

import shlex
import statistics
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

FAST_RUNS = 5
"""Runs per measurement when one run takes under :data:`SLOW_SECONDS`."""

SLOW_RUNS = 3
"""Runs per measurement when one run takes longer."""

SLOW_SECONDS = 2.0


LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""
"""Run ``argv[2:]``, then write its wall time, peak RSS (KiB) and exit status to ``argv[1]``."""


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero status."""


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    max_rss_mb: float
    stdout: str


@dataclass(frozen=True)
class Stats:
    """The median, min and max of a few measurements, and the measurements."""

    median: float
    minimum: float
    maximum: float
    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        return cls(statistics.median(values), min(values), max(values), tuple(values))

    def to_dict(self) -> dict[str, object]:
        return {
            "median": self.median,
            "min": self.minimum,
            "max": self.maximum,
            "values": list(self.values),
        }


def run_command(
    command: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path,
    capture: bool = False,
) -> Run:
    """Run ``command`` to completion; its wall time and peak RSS.

    Output goes to ``/dev/null`` (the same cost for every command) unless
    ``capture`` asks for stdout. Standard error is kept for the error message.

    Raises
    ------
    CommandFailed
        If the command exits with a non-zero status.
    """
    with (
        tempfile.TemporaryFile() as stdout,
        tempfile.TemporaryFile() as stderr,
        tempfile.TemporaryDirectory() as folder,
    ):
        report = Path(folder, "report")
        subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(report), *command],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=stdout if capture else subprocess.DEVNULL,
            stderr=stderr,
            check=True,
        )
        seconds, max_rss_kib, status = report.read_text().split()
        if int(status) != 0:
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            raise CommandFailed(
                f"{shlex.join(command)} exited with status {status}: " + " | ".join(message)
            )
        stdout.seek(0)
        output = stdout.read().decode("utf-8", "replace") if capture else ""
    return Run(seconds=float(seconds), max_rss_mb=int(max_rss_kib) / 1024, stdout=output)


def run_count(first: Run) -> int:
    """How many timed runs to make, given an untimed one: fewer for slow commands."""
    return SLOW_RUNS if first.seconds > SLOW_SECONDS else FAST_RUNS


def compare(
    floor: Callable[[], Run],
    subject: Callable[[], Run],
    *,
    runs: int | None = None,
) -> tuple[list[Run], list[Run]]:
    """Time ``floor`` and ``subject`` alternately, after one warm-up of each.

    ``floor`` and ``subject`` each run one command (doing any untimed setup
    first, such as emptying a cache). ``runs`` defaults to :func:`run_count`
    of the slower warm-up.
    """
    floor_warmup, subject_warmup = floor(), subject()
    slower = max(floor_warmup, subject_warmup, key=lambda run: run.seconds)
    count = runs or run_count(slower)
    floor_runs: list[Run] = []
    subject_runs: list[Run] = []
    for _ in range(count):
        floor_runs.append(floor())
        subject_runs.append(subject())
    return floor_runs, subject_runs


def repeat(subject: Callable[[], Run], *, runs: int | None = None) -> list[Run]:
    """Time ``subject`` alone, after one warm-up; ``runs`` defaults to :func:`run_count`."""
    warmup = subject()
    return [subject() for _ in range(runs or run_count(warmup))]


def time_callable(function: Callable[[], object], *, runs: int = FAST_RUNS) -> Stats:
    """Seconds per call of ``function`` in this process (``timeit``'s autorange)."""
    timer = timeit.Timer(function)
    loops, _ = timer.autorange()
    return Stats.of([total / loops for total in timer.repeat(repeat=runs, number=loops)])
