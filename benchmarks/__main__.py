"""``python -m benchmarks``: measure every target of issue 8 and write the report.

    python -m benchmarks                    # 1,000, 10,000 and 50,000 concepts
    python -m benchmarks --quick            # a smoke run: 1,000 concepts only
    python -m benchmarks --sizes 1000,10000
    python -m benchmarks --workload         # only the simulated learner's daily workload

The Markdown table goes to standard output and, with the raw JSON, to
``benchmarks/results/`` (``latest.md``, ``latest.json`` and timestamped copies).
Progress goes to standard error.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.engine_vs_torch import engine_rows
from benchmarks.generate import generate_library, kept_library
from benchmarks.measure import CommandFailed
from benchmarks.report import Row, Target, machine_info, markdown_report, save
from benchmarks.study import STUDY_ANSWER_LIMITS, study_answer_row
from benchmarks.targets import (
    REPOSITORY,
    Bench,
    anki_row,
    check_rows,
    help_row,
    html_rows,
    lookup_rows,
    path_json_row,
    study_start_row,
)

DEFAULT_SIZES = (1_000, 10_000, 50_000)
HTML_SIZE = 5_000
"""The library size of the HTML render target."""
TARGET_SIZE = 10_000
"""The library size the issue sets its targets at; other sizes show how figures grow."""
LARGE_SIZE = 50_000
"""The size issue 21 sets its own targets at, for the rows in :data:`LARGE_TARGETS`."""
LARGE_TARGETS = {
    "`dlkg path`, warm": Target("ratio", 1.5),
    "`dlkg show`, warm": Target("ratio", 1.5),
    "`dlkg check` peak RSS, cold": Target("value", 250.0),
}
"""Rows (by group) that have a target at :data:`LARGE_SIZE` too (issue 21), and what it is."""


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers of concepts")
    return sorted(set(sizes))


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="library sizes, comma-separated (default: 1000,10000,50000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 1,000 concepts, HTML at 1,000"
    )
    parser.add_argument(
        "--study-sizes",
        type=_sizes,
        help=(
            "measure the study rows at these sizes only (default: every size; a "
            "question costs the concept's neighbourhood, not the library: issue 21)"
        ),
    )
    parser.add_argument(
        "--libraries",
        type=Path,
        help=(
            "keep the generated libraries in this folder and reuse them in later runs "
            "(default: generate them into the run's scratch folder)"
        ),
    )
    parser.add_argument(
        "--runs", type=int, help="timed runs per measurement (default: 5, or 3 for slow ones)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPOSITORY / "benchmarks" / "results",
        help="where to write the report (default: benchmarks/results)",
    )
    parser.add_argument(
        "--workload",
        action="store_true",
        help="only the simulated learner's daily study workload (benchmarks/workload.py)",
    )
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.sizes = [1_000]
    return arguments


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _measured(label: str, measure) -> list[Row]:
    """Run one measurement; a failing command becomes an error note, not a crash."""
    started = time.perf_counter()
    _progress(f"- {label} ...")
    try:
        rows = measure()
    except CommandFailed as err:
        rows = [Row(label, "–", "s", notes=f"error: {err}")]
    for row in rows:
        _progress(f"    {row.what} [{row.size}]: {row.verdict}")
    _progress(f"  ({time.perf_counter() - started:.0f} s)")
    return rows


def bundled_targets() -> tuple[str, int, str, int]:
    """In the bundled library: the concept with the longest learning path, and its size."""
    from dlkg.common import bundled_content_dir
    from kg.graph import ancestors
    from kg.library import load_library

    library = load_library(bundled_content_dir())
    graph = library.prerequisites
    deepest = max(library.concepts, key=lambda id_: (len(ancestors(graph, [id_])), id_))
    path_length = len(ancestors(graph, [deepest])) + 1
    return deepest, path_length, library[deepest].term.zh, len(library)


def size_rows(
    bench: Bench, size: int, libraries: Path | None = None, study: bool = True
) -> list[Row]:
    """Every target measured on a generated library of ``size`` concepts (kept in
    ``libraries`` and reused, if given)."""
    label = f"{size:,}"

    def generated(shape: str):
        if libraries is None:
            return generate_library(bench.fresh_folder("library-"), size, shape=shape)
        return kept_library(libraries / f"{size}-{shape}", size, shape=shape)

    _progress(f"Generating {label} concepts ...")
    library = generated("curriculum")
    _progress(f"Generating {label} concepts, deep shape ...")
    deep = generated("deep")
    cache = bench.fresh_folder("warm-cache-")
    deep_cache = bench.fresh_folder("warm-cache-")
    path_target = (library.deepest_id, library.deepest_path_length, library.sample_term_zh)

    def at_size(rows: list[Row]) -> list[Row]:
        """The issue's targets hold at TARGET_SIZE, and some at LARGE_SIZE; at other
        sizes the rows are figures."""
        if size != TARGET_SIZE:
            for row in rows:
                if size == LARGE_SIZE and row.group in LARGE_TARGETS:
                    row.target = LARGE_TARGETS[row.group]
                elif row.target is not None:
                    row.notes = "; ".join(filter(None, [row.notes, f"target at {TARGET_SIZE:,}"]))
                    row.target = None
        return rows

    return [
        *_measured(
            f"dlkg check at {label}", lambda: at_size(check_rows(bench, library, label, cache))
        ),
        *_measured(
            f"path and show at {label}",
            lambda: at_size(lookup_rows(bench, library.root, label, cache, *path_target)),
        ),
        *_measured(
            f"path --json, deep library at {label}",
            lambda: [path_json_row(bench, deep, label, deep_cache)],  # a target at every size
        ),
        *_measured(
            f"anki export at {label}", lambda: at_size([anki_row(bench, library, label, cache)])
        ),
    ] + (study_rows(bench, library, size, cache, at_size) if study else [])


def study_rows(bench: Bench, library, size: int, cache: Path, at_size) -> list[Row]:
    """``dlkg study`` start-up and one study answer on the library of ``size`` concepts."""
    label = f"{size:,}"
    return [
        *_measured(
            f"study start-up at {label}",
            lambda: at_size([study_start_row(bench, library, label, cache)]),
        ),
        *_measured(
            f"study answer at {label}",
            lambda: [study_answer_row(library.root, label, STUDY_ANSWER_LIMITS.get(size))],
        ),
    ]


def run(arguments: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="dlkg-benchmarks-") as scratch:
        bench = Bench(Path(scratch), runs=arguments.runs)
        rows += _measured("dlkg --help", lambda: [help_row(bench)])

        deepest, path_length, term_zh, count = bundled_targets()
        bundled_cache = bench.fresh_folder("bundled-cache-")
        rows += _measured(
            "path and show, bundled library",
            lambda: lookup_rows(
                bench, None, f"bundled ({count})", bundled_cache, deepest, path_length, term_zh
            ),
        )

        for size in arguments.sizes:
            study = arguments.study_sizes is None or size in arguments.study_sizes
            rows += size_rows(bench, size, arguments.libraries, study)
        html_size = min(arguments.sizes) if arguments.quick else HTML_SIZE
        _progress(f"Generating {html_size:,} concepts for the HTML page ...")
        html_library = generate_library(bench.fresh_folder("library-"), html_size)
        rows += _measured(
            f"graph export html at {html_size:,}",
            lambda: html_rows(bench, html_library, f"{html_size:,}"),
        )
    rows += _measured("engine vs torch", lambda: engine_rows(runs=arguments.runs or 7))
    return rows


def run_workload(output: Path, stamp: str) -> str:
    """The simulated learner at every cap of :data:`benchmarks.workload.CAPS`: its table,
    also written with every day's figures to ``output`` (``workload-latest.md``/``.json``)."""
    from benchmarks.workload import CAPS, bundled_library, simulate, to_json, workload_table

    library = bundled_library()
    runs = []
    for cap in CAPS:
        started = time.perf_counter()
        _progress(f"- study workload, daily review cap {cap} ...")
        runs.append(simulate(library, max_reviews=cap))
        _progress(f"  ({time.perf_counter() - started:.0f} s)")
    table = workload_table(runs)
    output.mkdir(parents=True, exist_ok=True)
    for name in (f"workload-{stamp}", "workload-latest"):
        (output / f"{name}.md").write_text(table + "\n", encoding="utf-8")
        (output / f"{name}.json").write_text(to_json(runs) + "\n", encoding="utf-8")
    _progress(f"wrote {output / 'workload-latest.md'}")
    return table


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if arguments.workload:
        print(run_workload(arguments.output, stamp))
        return 0
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    rows = run(arguments)
    command = shlex.join(["python", "-m", "benchmarks", *(sys.argv[1:] if argv is None else argv)])
    machine = machine_info(REPOSITORY)
    markdown = markdown_report(rows, machine, arguments.sizes, started, command)
    markdown += "\n\n## Study workload\n\n" + run_workload(arguments.output, stamp) + "\n"
    print(markdown)
    for path in save(arguments.output, stamp, markdown, rows, machine):
        _progress(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
