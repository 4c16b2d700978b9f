"""The dlkg commands measured against their floors, one function per target of issue 8.

Every command runs as a child process of the interpreter running the harness:
dlkg as ``python -m dlkg ...``, each floor as ``python -c ...`` (or a script) of
the same interpreter, both with the same environment, in a scratch folder as
the working directory. ``PYTHONPATH`` puts this checkout first, so the code
measured is the code in this tree. ``DLKG_CONTENT`` names the library and
``DLKG_CACHE_DIR`` the compile cache: a fresh empty folder for each cold run,
one primed folder for the warm ones.

Bytecode is cached as in an installed copy (pip compiles it at install time):
``PYTHONDONTWRITEBYTECODE`` is dropped and ``PYTHONPYCACHEPREFIX`` points into
the scratch folder, so the untimed warm-up runs compile every module once, for
the floors and dlkg alike, and nothing is written into the source tree.
Without it each dlkg run would compile its own modules from source, which
costs ``dlkg --help`` about 10 ms that no user pays.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from benchmarks.generate import GeneratedLibrary
from benchmarks.measure import CommandFailed, Run, Stats, compare, repeat, run_command
from benchmarks.report import Row, Target

REPOSITORY = Path(__file__).resolve().parent.parent

PARSE_FLOOR = """\
import os, sys, yaml
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), "rb") as stream:
                yaml.load(stream.read(), Loader=yaml.CSafeLoader)
"""
"""Find and parse every concept file with libyaml, and nothing else."""

IMPORTS_FLOOR = "import click, yaml, networkx"
"""What a command that loads the library and walks the graph cannot avoid importing."""

DUMPS_FLOOR = """\
import json, sys, time
with open(sys.argv[1], encoding="utf-8") as stream:
    records = json.load(stream)
started = time.perf_counter()
text = json.dumps(records, ensure_ascii=False, indent=2)
print(time.perf_counter() - started)
"""
"""The cost of serialising the records ``dlkg path --json`` prints, as it prints them,
in a bare process: the seconds ``json.dumps`` takes, printed."""

GENANKI_FLOOR = """\
import sys, genanki
notes, cards, output = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def model(model_id, card_count):
    templates = [{"name": f"Card {i}", "qfmt": "{{Front}}",
                  "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"} for i in range(card_count)]
    return genanki.Model(model_id, f"floor {card_count}",
                         fields=[{"name": "Front"}, {"name": "Back"}], templates=templates)
three_card_notes = min(notes, max(0, cards - notes) // 2)
three_cards, one_card = model(1607392319, 3), model(1607392320, 1)
deck = genanki.Deck(2059400110, "floor")
back = "An optimization algorithm that adjusts parameters against the gradient. " * 4
back += "沿着梯度的反方向迭代地调整模型参数。" * 4
for index in range(notes):
    deck.add_note(genanki.Note(
        model=three_cards if index < three_card_notes else one_card,
        fields=[f"Concept {index} · 概念 {index}", back], guid=genanki.guid_for(index)))
genanki.Package(deck).write_to_file(output)
"""
"""genanki alone writing ``notes`` notes of about 500 bytes, ``cards`` cards in all, to a deck.

Notes have three cards until the count is reached (dlkg's concept notes have
three, its numeric-problem notes one); the rest have one.
"""

REPARSED_COUNT = """\
import sys
from pathlib import Path
from dlkg.common import cached_parser
from kg.library import load_library
root = Path(sys.argv[1])
parser = cached_parser(root)
load_library(root, parse=parser)
print(parser.parsed)
"""
"""How many files a load through dlkg's own cache file parses (the rest come from it)."""

CHECK_MEMORY_LIMIT_MB = 150.0
HTML_RENDER_LIMIT_S = 3.0
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--window-size=1280,800",
    "--dump-dom",
)
_SELFTEST_REPORT = re.compile(r'<pre id="selftest"[^>]*>(.*?)</pre>', re.DOTALL)


@dataclass
class Bench:
    """Runs commands for the measurements: the interpreter, the scratch folder, the env."""

    workdir: Path
    runs: int | None = None
    """Timed runs per measurement; None lets :func:`~benchmarks.measure.compare` choose."""

    def env(
        self, content: Path | None, cache: Path | None, jobs: int | None = None
    ) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DLKG_") and key != "PYTHONDONTWRITEBYTECODE"
        }
        env["PYTHONPATH"] = os.pathsep.join(
            [str(REPOSITORY), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "bytecode")
        if content is not None:
            env["DLKG_CONTENT"] = str(content)
        if cache is not None:
            env["DLKG_CACHE_DIR"] = str(cache)
        if jobs is not None:
            env["DLKG_JOBS"] = str(jobs)
        return env

    def python(self, *arguments: str, cache: Path | None = None, capture=False) -> Run:
        """``python ARGUMENTS`` with this interpreter."""
        return run_command(
            [sys.executable, *arguments],
            env=self.env(None, cache),
            cwd=self.workdir,
            capture=capture,
        )

    def dlkg(
        self,
        *arguments: str,
        content: Path | None,
        cache: Path,
        capture=False,
        jobs: int | None = None,
    ) -> Run:
        """``python -m dlkg ARGUMENTS`` on the library ``content`` (None: the bundled one).

        ``jobs`` sets ``$DLKG_JOBS`` (default: dlkg's own choice, every core).
        """
        return run_command(
            [sys.executable, "-m", "dlkg", *arguments],
            env=self.env(content, cache, jobs),
            cwd=self.workdir,
            capture=capture,
        )

    def fresh_folder(self, prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self.workdir))

    def compare(self, floor: Callable[[], Run], subject: Callable[[], Run]):
        return compare(floor, subject, runs=self.runs)

    def repeat(self, subject: Callable[[], Run]) -> list[Run]:
        return repeat(subject, runs=self.runs)


def seconds(runs: list[Run]) -> Stats:
    return Stats.of([run.seconds for run in runs])


def megabytes(runs: list[Run]) -> Stats:
    return Stats.of([run.max_rss_mb for run in runs])


def help_row(bench: Bench) -> Row:
    """``dlkg --help`` against ``python -c "import click"``."""
    cache = bench.fresh_folder("cache-")
    floor, subject = bench.compare(
        lambda: bench.python("-c", "import click"),
        lambda: bench.dlkg("--help", content=None, cache=cache),
    )
    return Row(
        "`dlkg --help` vs `import click`",
        "–",
        "s",
        floor=seconds(floor),
        subject=seconds(subject),
        target=Target("ratio", 1.3),
    )


def check_rows(bench: Bench, library: GeneratedLibrary, size: str, warm_cache: Path) -> list[Row]:
    """``dlkg check`` cold, warm (with ``warm_cache``) and after one edit; its peak memory."""
    root = library.root

    def cold(jobs: int | None = None) -> Run:
        cache = bench.fresh_folder("cold-cache-")
        try:
            return bench.dlkg("check", content=root, cache=cache, jobs=jobs)
        finally:
            shutil.rmtree(cache)

    floor_runs, cold_runs = bench.compare(lambda: bench.python("-c", PARSE_FLOOR, str(root)), cold)
    one_process_runs = bench.repeat(lambda: cold(jobs=1))
    warm_runs = bench.repeat(lambda: bench.dlkg("check", content=root, cache=warm_cache))

    original = library.sample_file.read_bytes()

    def edited() -> Run:
        _toggle_edit(library.sample_file)
        return bench.dlkg("check", content=root, cache=warm_cache)

    edited_runs = bench.repeat(edited)
    _toggle_edit(library.sample_file)
    reparsed = bench.python("-c", REPARSED_COUNT, str(root), cache=warm_cache, capture=True)
    reparsed_count = int(reparsed.stdout)
    library.sample_file.write_bytes(original)

    cold_stats = seconds(cold_runs)
    one_process = seconds(one_process_runs)
    return [
        Row(
            "`dlkg check`, cold vs CSafeLoader parse",
            size,
            "s",
            floor=seconds(floor_runs),
            subject=cold_stats,
            target=Target("ratio", 1.5),
            notes=f"{len(os.sched_getaffinity(0))} processes (every core)",
            group="`dlkg check`, cold",
        ),
        Row(
            "`dlkg check`, cold in one process (`DLKG_JOBS=1`) vs CSafeLoader parse",
            size,
            "s",
            floor=seconds(floor_runs),
            subject=one_process,
            notes=(
                f"warm is {seconds(warm_runs).median / one_process.median:.2f}×, "
                f"one file edited {seconds(edited_runs).median / one_process.median:.2f}× this"
            ),
            group="`dlkg check`, cold, one process",
        ),
        Row(
            "`dlkg check`, warm vs cold",
            size,
            "s",
            floor=cold_stats,
            subject=seconds(warm_runs),
            target=Target("ratio", 0.25),
            group="`dlkg check`, warm",
        ),
        Row(
            "`dlkg check`, one file edited vs cold",
            size,
            "s",
            floor=cold_stats,
            subject=seconds(edited_runs),
            target=Target("ratio", 0.25),
            requirement_met=reparsed_count == 1,
            notes=f"files re-parsed: {reparsed_count} (must be 1)",
            group="`dlkg check`, one file edited",
        ),
        Row(
            "`dlkg check` peak RSS, cold (floor: the parse)",
            size,
            "MB",
            floor=megabytes(floor_runs),
            subject=megabytes(cold_runs),
            target=Target("value", CHECK_MEMORY_LIMIT_MB),
            group="`dlkg check` peak RSS, cold",
        ),
        Row(
            "`dlkg check` peak RSS, warm (floor: the parse)",
            size,
            "MB",
            floor=megabytes(floor_runs),
            subject=megabytes(warm_runs),
            target=Target("value", CHECK_MEMORY_LIMIT_MB),
            group="`dlkg check` peak RSS, warm",
        ),
    ]


def _toggle_edit(path: Path) -> None:
    """Change ``path``'s size and content, keeping it valid: add or remove a tag."""
    text = path.read_text(encoding="utf-8")
    marker = "tags: [edited, "
    edited = text.replace(marker, "tags: [") if marker in text else text.replace("tags: [", marker)
    path.write_text(edited, encoding="utf-8")


def lookup_rows(
    bench: Bench,
    content: Path | None,
    size: str,
    cache: Path,
    target: str,
    path_length: int,
    name: str,
) -> list[Row]:
    """``dlkg path TARGET`` and ``dlkg show NAME`` on a warm cache, against the imports."""
    rows = []
    for command, argument, note in (
        ("path", target, f"to {target} ({path_length} concepts)"),
        ("show", name, f"by its Chinese term {name}"),
    ):
        floor, subject = bench.compare(
            lambda: bench.python("-c", IMPORTS_FLOOR),
            partial(bench.dlkg, command, argument, content=content, cache=cache),
        )
        rows.append(
            Row(
                f"`dlkg {command}`, warm vs `import click, yaml, networkx`",
                size,
                "s",
                floor=seconds(floor),
                subject=seconds(subject),
                target=Target("ratio", 1.5),
                notes=note,
                group=f"`dlkg {command}`, warm",
            )
        )
    return rows


def study_start_row(bench: Bench, library: GeneratedLibrary, size: str, cache: Path) -> Row:
    """``dlkg study`` on a warm cache, from start to its first question, then the end
    of input (standard input is empty: the session ends with its summary), against
    the imports floor. The study database was made by the untimed warm-up run."""
    database = bench.fresh_folder("study-") / "study.db"
    floor, subject = bench.compare(
        lambda: bench.python("-c", IMPORTS_FLOOR),
        lambda: bench.dlkg(
            "study", "--db", str(database), "--lang", "en", content=library.root, cache=cache
        ),
    )
    return Row(
        "`dlkg study` start-up, warm vs `import click, yaml, networkx`",
        size,
        "s",
        floor=seconds(floor),
        subject=seconds(subject),
        target=Target("ratio", 1.5),
        notes="to the first question, then end of input; warm cache, existing database",
        group="`dlkg study` start-up, warm",
    )


def path_json_row(bench: Bench, library: GeneratedLibrary, size: str, cache: Path) -> Row:
    """``dlkg path TARGET --json`` to the deepest concept of a deep library (warm cache),
    against ``1.5 × import click, yaml, networkx`` plus ``json.dumps`` of the same records
    in a bare process, both measured in this run."""
    root, target = library.root, library.deepest_id
    what = "`dlkg path --json`, deep ancestry, warm vs 1.5 × imports + `json.dumps`"
    printed = bench.dlkg("path", target, "--json", content=root, cache=cache, capture=True)
    records = bench.fresh_folder("records-") / "records.json"
    records.write_text(printed.stdout, encoding="utf-8")
    count = len(json.loads(printed.stdout))
    dumps = Stats.of(
        [
            float(run.stdout)
            for run in bench.repeat(
                lambda: bench.python("-c", DUMPS_FLOOR, str(records), capture=True)
            )
        ]
    )
    floor, subject = bench.compare(
        lambda: bench.python("-c", IMPORTS_FLOOR),
        lambda: bench.dlkg("path", target, "--json", content=root, cache=cache),
    )
    imports = seconds(floor)
    limit = 1.5 * imports.median + dumps.median
    return Row(
        what,
        size,
        "s",
        floor=imports,
        subject=seconds(subject),
        target=Target("value", limit),
        notes=(
            f"to {target} ({count} concepts, {len(printed.stdout) / 1e6:.1f} MB of JSON); "
            f"json.dumps in a bare process {dumps.median * 1000:.0f} ms "
            f"({dumps.minimum * 1000:.0f}–{dumps.maximum * 1000:.0f} ms); "
            f"limit 1.5 × imports + json.dumps"
        ),
        group="`dlkg path --json`, deep ancestry, warm",
    )


def available(bench: Bench, *command: str) -> str | None:
    """The ``--help`` text of a dlkg command, or None if dlkg has no such command."""
    try:
        cache = bench.fresh_folder("cache-")
        return bench.dlkg(*command, "--help", content=None, cache=cache, capture=True).stdout
    except CommandFailed:
        return None


def output_arguments(help_text: str, path: Path) -> list[str]:
    """How a command's ``--help`` says to name its output file: an option, or an argument."""
    for option in ("--output", "--out", "-o"):
        if re.search(rf"(^|[\s,]){re.escape(option)}[\s,=]", help_text):
            return [option, str(path)]
    return [str(path)]


def _notes_and_cards(deck: Path) -> tuple[int, int]:
    """How many notes and cards an ``.apkg`` file holds."""
    with zipfile.ZipFile(deck) as archive, tempfile.TemporaryDirectory() as folder:
        collection = archive.extract("collection.anki2", folder)
        connection = sqlite3.connect(collection)
        try:
            return (
                connection.execute("SELECT count(*) FROM notes").fetchone()[0],
                connection.execute("SELECT count(*) FROM cards").fetchone()[0],
            )
        finally:
            connection.close()


def anki_row(bench: Bench, library: GeneratedLibrary, size: str, cache: Path) -> Row:
    """``dlkg anki export`` against genanki writing as many notes and cards by itself."""
    what = "`dlkg anki export` vs genanki alone"
    help_text = available(bench, "anki", "export")
    if help_text is None:
        return Row(what, size, "s", unavailable=True, group=what)
    folder = bench.fresh_folder("anki-")
    deck = folder / "deck.apkg"
    export = ["anki", "export", *output_arguments(help_text, deck)]
    bench.dlkg(*export, content=library.root, cache=cache)
    notes, cards = _notes_and_cards(deck)
    floor_deck = str(folder / "floor.apkg")
    floor, subject = bench.compare(
        lambda: bench.python("-c", GENANKI_FLOOR, str(notes), str(cards), floor_deck),
        lambda: bench.dlkg(*export, content=library.root, cache=cache),
    )
    return Row(
        what,
        size,
        "s",
        floor=seconds(floor),
        subject=seconds(subject),
        target=Target("ratio", 2.0),
        notes=f"{notes} notes, {cards} cards; warm cache",
        group=what,
    )


def _chromium(bench: Bench, chromium: str, url: str) -> Run:
    return run_command(
        [chromium, *CHROMIUM_FLAGS, url],
        env=bench.env(None, None),
        cwd=bench.workdir,
        capture=True,
    )


def html_rows(bench: Bench, library: GeneratedLibrary, size: str) -> list[Row]:
    """``dlkg graph export --format html``, and the page's render time in Chromium.

    The render time is the page's own report (its ``#selftest`` hook, read with
    ``--dump-dom``): ``performance.now()`` at the first frame drawn, so from
    navigation start to the graph on screen, without the browser's start-up.
    The browser's wall time, and its wall time on an empty page, are in the notes.
    """
    export_what = "`dlkg graph export --format html`"
    render_what = "HTML page: first frame in Chromium"
    help_text = available(bench, "graph", "export")
    if help_text is None:
        return [
            Row(export_what, size, "s", unavailable=True),
            Row(render_what, size, "s", unavailable=True),
        ]
    cache = bench.fresh_folder("html-cache-")
    folder = bench.fresh_folder("html-")
    page = folder / "graph.html"
    export = ["graph", "export", "--format", "html", *output_arguments(help_text, page)]
    floor, subject = bench.compare(
        lambda: bench.python("-c", IMPORTS_FLOOR),
        lambda: bench.dlkg(*export, content=library.root, cache=cache),
    )
    rows = [
        Row(
            f"{export_what} vs `import click, yaml, networkx`",
            size,
            "s",
            floor=seconds(floor),
            subject=seconds(subject),
            notes=f"page of {page.stat().st_size / 1e6:.1f} MB; warm cache",
        )
    ]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        rows.append(Row(render_what, size, "s", notes="skipped: no chromium on PATH"))
        return rows
    blank = folder / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
    blank_runs, page_runs = bench.compare(
        lambda: _chromium(bench, chromium, blank.as_uri()),
        lambda: _chromium(bench, chromium, page.as_uri() + "#selftest"),
    )
    reports = [_selftest_report(run.stdout) for run in page_runs]
    errors = sorted({error for report in reports for error in report["errors"]})
    rows.append(
        Row(
            render_what,
            size,
            "s",
            subject=Stats.of([report["render_ms"] / 1000 for report in reports]),
            target=Target("value", HTML_RENDER_LIMIT_S),
            requirement_met=not errors,
            notes=(
                f"Chromium wall time {seconds(page_runs).median:.2f} s, "
                f"on an empty page {seconds(blank_runs).median:.2f} s"
                + (f"; page errors: {'; '.join(errors)}" if errors else "")
            ),
        )
    )
    return rows


def _selftest_report(dom: str) -> dict:
    found = _SELFTEST_REPORT.search(dom)
    if found is None:
        raise CommandFailed("the page wrote no #selftest report into its DOM")
    return json.loads(html.unescape(found.group(1)))
