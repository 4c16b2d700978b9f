"""The results: a row per measurement, the Markdown tables, the JSON, the machine.

A :class:`Row` holds a measured figure (``subject``: what dlkg does) beside its
floor (the same work done by the bare libraries in the same interpreter), and the
:class:`Target` it is judged by: a ratio to the floor, a plain limit on the
figure, or a limit on the figure minus the floor.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.measure import Stats

PASS, FAIL, INFO, UNAVAILABLE = "pass", "FAIL", "info", "not available yet"
"""The verdicts a row can have."""

PACKAGES = ("click", "PyYAML", "networkx", "numpy", "genanki", "torch")
"""The libraries whose versions shape the figures, recorded with each run."""


@dataclass(frozen=True)
class Target:
    """What a row must meet: ``kind`` is "ratio", "value" or "excess" (value minus floor)."""

    kind: str
    limit: float

    def describe(self, unit: str) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}×"
        amount = format_amount(self.limit, unit)
        return f"≤ {amount}" if self.kind == "value" else f"≤ floor + {amount}"


@dataclass
class Row:
    """One line of the table."""

    what: str
    size: str
    unit: str
    """"s" for seconds or "MB" for megabytes."""
    floor: Stats | None = None
    subject: Stats | None = None
    target: Target | None = None
    requirement_met: bool = True
    """False when a condition beyond the figures failed (e.g. more files re-parsed)."""
    unavailable: bool = False
    notes: str = ""
    group: str = field(default="")
    """The row's name across sizes, for the growth table (default: ``what``)."""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.subject is None or self.floor.median == 0:
            return None
        return self.subject.median / self.floor.median

    @property
    def verdict(self) -> str:
        if self.unavailable:
            return UNAVAILABLE
        if self.target is None or self.subject is None:
            return INFO if self.requirement_met else FAIL
        if self.target.kind == "ratio":
            judged = self.ratio
        elif self.target.kind == "value":
            judged = self.subject.median
        else:
            judged = self.subject.median - (self.floor.median if self.floor else 0.0)
        met = judged is not None and judged <= self.target.limit
        return PASS if met and self.requirement_met else FAIL

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "size": self.size,
            "unit": self.unit,
            "floor": self.floor.to_dict() if self.floor else None,
            "dlkg": self.subject.to_dict() if self.subject else None,
            "ratio": self.ratio,
            "target": self.target.describe(self.unit) if self.target else None,
            "verdict": self.verdict,
            "notes": self.notes,
        }


def format_amount(value: float, unit: str) -> str:
    """``0.0421`` s -> ``42 ms``; ``1.53`` s -> ``1.53 s``; MB as a whole number."""
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.2f} ms"
    return f"{value:.2f} s"


def _cell(stats: Stats | None, unit: str) -> str:
    """``42 ms (40–45 ms)``: the median, then the range of the runs."""
    if stats is None:
        return "–"
    low, high = format_amount(stats.minimum, unit), format_amount(stats.maximum, unit)
    low_number, _, low_unit = low.partition(" ")
    if low_unit == high.partition(" ")[2]:
        low = low_number
    return f"{format_amount(stats.median, unit)} ({low}–{high})"


def results_table(rows: list[Row]) -> str:
    """The Markdown table: medians, with (min–max) of the runs."""
    lines = [
        "| what | size | floor | dlkg | ratio | target | result | notes |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "–"
        target = row.target.describe(row.unit) if row.target else "–"
        cells = [
            row.what,
            row.size,
            _cell(row.floor, row.unit),
            _cell(row.subject, row.unit),
            ratio,
            target,
            f"**{row.verdict}**" if row.verdict == FAIL else row.verdict,
            row.notes,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth_table(rows: list[Row], sizes: list[int]) -> str:
    """dlkg's median for each row measured at several sizes, and its growth."""
    by_group: dict[str, dict[str, tuple[float, str]]] = {}  # size -> (median, unit)
    for row in rows:
        if row.subject is not None:
            by_group.setdefault(row.group or row.what, {})[row.size] = (
                row.subject.median,
                row.unit,
            )
    labels = [f"{size:,}" for size in sizes]
    lines = [
        "| what | " + " | ".join(labels) + f" | {labels[0]} → {labels[-1]} |",
        "|---|" + "---:|" * (len(labels) + 1),
    ]
    for group, measured in by_group.items():
        if len([label for label in labels if label in measured]) < 2:
            continue
        cells = [format_amount(*measured[label]) if label in measured else "–" for label in labels]
        first, last = measured.get(labels[0]), measured.get(labels[-1])
        growth = f"{last[0] / first[0]:.1f}×" if first and last else "–"
        lines.append(f"| {group} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _git_commit(repository: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=repository,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()


def machine_info(repository: Path) -> dict[str, Any]:
    """The machine and software the figures were measured on."""
    import yaml

    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "interpreter": sys.executable,
        "system": f"{platform.system()} {platform.release()}",
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": {package: _version(package) for package in PACKAGES},
        "commit": _git_commit(repository),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def describe_machine(machine: dict[str, Any]) -> str:
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    return (
        f"{machine['cores']} cores, {machine['cpu']}, Python {machine['python']} "
        f"({machine['system']}, libyaml {'yes' if machine['libyaml'] else 'no'}); "
        f"{packages}; commit {machine['commit']}; load average at the end "
        f"{', '.join(str(load) for load in machine['load_average'])}"
    )


def markdown_report(
    rows: list[Row], machine: dict[str, Any], sizes: list[int], started: str, command: str
) -> str:
    """The whole report: the machine, the table, the growth table."""
    parts = [
        f"Measured {started} with `{command}` on: {describe_machine(machine)}.",
        "",
        "Times are medians of the runs, with (min–max); memory is peak RSS.",
        "",
        results_table(rows),
    ]
    if len(sizes) > 1:
        parts += ["", "How each dlkg figure grows with the library:", "", growth_table(rows, sizes)]
    return "\n".join(parts) + "\n"


def save(
    directory: Path, stamp: str, markdown: str, rows: list[Row], machine: dict[str, Any]
) -> list[Path]:
    """Write the report and the raw JSON, timestamped and as ``latest``; the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    data = json.dumps(
        {"machine": machine, "started": stamp, "rows": [row.to_dict() for row in rows]},
        ensure_ascii=False,
        indent=2,
    )
    written = []
    for name in (stamp, "latest"):
        for suffix, text in ((".md", markdown), (".json", data)):
            path = directory / f"{name}{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
