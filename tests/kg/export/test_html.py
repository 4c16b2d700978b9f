"""The HTML page: self-contained, laid out by the vendored dagre, working in headless Chromium.

The browser tests load the page with ``#selftest``: the page's script samples
each mapped concept's colour band, renders every formula, clicks its first
concept on the canvas and writes a JSON report into ``<pre id="selftest">``,
which ``chromium --dump-dom`` prints (see the end of ``kg/export/page.js``).
Screenshots go to :data:`SCREENSHOTS` (``$DLKG_SCREENSHOTS``), to be looked at.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import time
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Rating

from benchmarks.generate import generate_library
from dlkg.cli import cli
from kg.export import export
from kg.export.html import DEFAULT_TITLE, LAYOUT_LIMIT, script_json
from kg.export.progress import STATE_COLOURS, STATES, ConceptState, Progress
from kg.graph import build_graph, learning_path
from kg.library import load_library
from quiz.question import Kind
from quiz.study.progress_map import concept_states
from quiz.study.store import ReviewStore, Source, Status
from tests.conftest import concept_yaml
from tests.kg.export.conftest import (
    hostile_concepts,
    needs_chromium,
    page_selftest,
    png_size,
    screenshot,
    synthetic_concepts,
)

SCREENSHOTS = Path(os.environ.get("DLKG_SCREENSHOTS", "/tmp/dlkg-screenshots"))
WIDE, NARROW = (1400, 900), (390, 844)
NOW = datetime(2025, 3, 1, 9, tzinfo=UTC)
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.DOTALL)
VENDORED = ("vendor/dagre.min.js", "vendor/katex.min.js")


def page_data(page: str) -> dict:
    (data,) = _DATA.findall(page)
    return json.loads(data)


def shoot(page: Path, name: str, tmp_path: Path) -> None:
    """Screenshots of ``page`` at :data:`WIDE` and :data:`NARROW`, and of the map at NARROW."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, suffix, hash_ in (
        (WIDE, "1400", ""),
        (NARROW, "390", ""),
        (NARROW, "390-map", "#map"),
    ):
        picture = screenshot(
            page, SCREENSHOTS / f"{name}-{suffix}.png", tmp_path / "profile", size=size, hash_=hash_
        )
        assert png_size(picture) == size


def scripted_store(path: Path) -> None:
    """A study database with one concept in each state that has cards, and two marked known."""
    with ReviewStore.open(path) as store:

        def study(concept: str, rating: Rating, when: datetime) -> None:
            for kind in (Kind.FLASHCARD, Kind.CLOZE):
                store.add_card(concept, kind, when)
                store.apply_review(
                    concept, kind, rating, when, correct=rating > Rating.Again, source=Source.ANSWER
                )

        study("derivative", Rating.Good, NOW - timedelta(days=40))  # due again
        study("tensor", Rating.Easy, NOW - timedelta(hours=2))  # learned, due in days
        study("loss-function", Rating.Again, NOW - timedelta(seconds=30))  # studying
        for concept in ("matrix-multiplication", "partial-derivative"):
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW - timedelta(days=1))


SCRIPTED = {
    "derivative": "due",
    "tensor": "learned",
    "loss-function": "studying",
    "matrix-multiplication": "known",
    "partial-derivative": "known",
    "gradient": "ready",
    "transformer": "locked",
}


# ---- The page as text --------------------------------------------------------------


def test_script_json_cannot_close_the_script_element():
    text = "</script><script>alert(1)</script><!-- & -->"
    encoded = script_json({"term": text})
    assert not set(encoded) & set("<>&")
    assert json.loads(encoded) == {"term": text}


def test_page_needs_no_network(bundled):
    page = export(bundled, "html")
    # Markup and style outside the scripts: no address at all.
    bare = _INLINE.sub("", _DATA.sub("", page))
    assert not re.search(r"\b(src|href)\s*=", bare)
    assert "http://" not in bare and "https://" not in bare
    assert "@import" not in bare and "url(" not in bare
    # The page's own script loads nothing; the browser tests check every script
    # at run time (no resource fetched, nothing blocked by the policy).
    own = resources.files("kg.export").joinpath("page.js").read_text(encoding="utf-8")
    for loader in ("fetch(", "XMLHttpRequest", "importScripts", "Worker(", "sendBeacon"):
        assert loader not in own, loader
    assert "sourceMappingURL" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert csp.startswith("default-src 'none';")


def test_security_policy_allows_exactly_the_inline_scripts_and_style(bundled):
    page = export(bundled, "html")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    inline = _INLINE.findall(page)
    assert sorted(kind for kind, _ in inline) == ["script", "script", "script", "style"]
    for kind, source in inline:
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp.split(f"{kind}-src")[1].split(";")[0]
    assert csp.count("sha256-") == 4


def test_page_assets_are_package_data():
    for name in ("page.html", "page.js", "page.css", *VENDORED):
        source = resources.files("kg.export").joinpath(name).read_text(encoding="utf-8")
        assert "</script" not in source.lower() or name == "page.html"
        assert "<!--" not in source


def test_vendored_libraries_match_their_recorded_checksums():
    readme = resources.files("kg.export").joinpath("vendor/README.md").read_text(encoding="utf-8")
    for name in VENDORED:
        data = resources.files("kg.export").joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() in readme, name
        licence = name.replace(".min.js", ".LICENSE")
        assert "Permission is hereby granted, free of charge" in (
            resources.files("kg.export").joinpath(licence).read_text(encoding="utf-8")
        )


def test_target_page_carries_the_path_in_order(bundled):
    data = page_data(export(bundled, "html", target="transformer"))
    ids = [node["id"] for node in data["nodes"]]
    assert [ids[index] for index in data["path"]] == learning_path(bundled.graph, "transformer")
    assert ids[data["target"]] == "transformer"
    assert sum(domain["count"] for domain in data["domains"]) == len(ids)


def test_nodes_carry_every_detail_of_their_concept(bundled):
    data = page_data(export(bundled, "html"))
    node = next(node for node in data["nodes"] if node["id"] == "self-attention")
    concept = bundled["self-attention"]
    assert node["formula"] == concept.formula
    for field in ("example", "legend", "worked_example", "notes"):
        assert node[f"{field}_en"] == getattr(concept, field).en
        assert node[f"{field}_zh"] == getattr(concept, field).zh
    assert node["references"] == list(concept.references)
    weights = {node["id"]: node["weight"] for node in data["nodes"]}
    assert weights["derivative"] > weights["self-attention"] > weights["transformer"] == 0


def test_the_title_is_the_courses_or_the_folders(bundled, tmp_path):
    page = export(bundled, "html")
    title = bundled.course.title
    assert f"<title>{html.escape(title.en)} · {html.escape(title.zh)}</title>" in page
    assert page_data(page)["title"] == {"en": title.en, "zh": title.zh}
    folder = tmp_path / "my-notes"
    (folder / "maths").mkdir(parents=True)
    (folder / "maths" / "a.yaml").write_text(concept_yaml("a"), encoding="utf-8")
    assert "<title>my-notes</title>" in export(load_library(folder), "html")
    bare = export(build_graph(hostile_concepts()[:1]), "html")
    assert page_data(bare)["title"] == {"en": DEFAULT_TITLE.en, "zh": DEFAULT_TITLE.zh}


def test_progress_reaches_the_page_in_node_order(bundled, tmp_path):
    database = tmp_path / "study.db"
    scripted_store(database)
    with ReviewStore.open(database) as store:
        states = concept_states(bundled, store, NOW)
    assert {concept: states[concept].state for concept in SCRIPTED} == SCRIPTED
    progress = Progress("2025-03-01 09:00 UTC", str(database), states, bundled.learning_order)
    data = page_data(export(bundled, "html", progress=progress))["progress"]
    ids = [node["id"] for node in page_data(export(bundled, "html"))["nodes"]]
    assert data["states"] == [states[concept].state for concept in ids]
    assert [ids[i] for i in data["due"]] == ["derivative"]
    ready = [concept for concept in bundled.learning_order if states[concept].state == "ready"]
    assert [ids[i] for i in data["next"]] == ready
    assert data["colours"] == STATE_COLOURS and data["order"] == list(STATES)
    with pytest.raises(ValueError, match="only by the html format"):
        export(bundled, "json", progress=progress)
    with pytest.raises(ValueError, match="unknown progress state"):
        ConceptState("mastered")


def test_progress_option_on_the_command_line(tmp_path, monkeypatch):
    database = tmp_path / "study.db"
    scripted_store(database)
    monkeypatch.setenv("DLKG_NOW", "2025-03-01T09:00:00Z")
    runner = CliRunner()
    output = tmp_path / "progress.html"
    args = ["graph", "export", "-o", str(output), "--progress", "--db", str(database)]
    result = runner.invoke(cli, [*args, "--target", "transformer"])
    assert result.exit_code == 0, result.output
    data = page_data(output.read_text(encoding="utf-8"))
    assert data["progress"]["made"] == "2025-03-01 09:00 UTC"
    assert len(data["nodes"]) == len(data["progress"]["states"]) < 142
    stats_page = tmp_path / "stats.html"
    result = runner.invoke(cli, ["stats", "--db", str(database), "--html", str(stats_page)])
    assert result.exit_code == 0, result.output
    assert page_data(stats_page.read_text(encoding="utf-8"))["progress"]["states"][0] in STATES
    wrong = runner.invoke(cli, ["graph", "export", "--format", "json", "--progress"])
    assert wrong.exit_code == 2 and "--format html" in wrong.output


# ---- In a real browser -----------------------------------------------------------------


def check_report(report, data):
    """No error, every concept listed, the first one's details shown after a click."""
    nodes = data["nodes"]
    assert report["errors"] == []
    assert report["resources"] == 0, "the page fetched something"
    assert report["concepts"] == report["listed"] == len(nodes)
    assert report["formula_failures"] == []
    first = next(node for node in nodes if node["id"] == report["selected"])
    for key in ("term_en", "term_zh", "definition_en", "definition_zh"):
        assert " ".join(first[key].split()) in " ".join(report["details"].split())
    if first["formula"]:
        assert "<math" in report["formula_shown"]


def check_layout(report, data):
    """Every concept mapped and drawn, prerequisites left of what needs them, no overlaps."""
    nodes = data["nodes"]
    assert report["mapped"] == report["drawn"] == len(nodes)
    boxes = report["boxes"]
    for source, target in data["edges"]:
        (x0, _, w0, _), (x1, _, _, _) = boxes[nodes[source]["id"]], boxes[nodes[target]["id"]]
        assert x0 + w0 <= x1, (nodes[source]["id"], nodes[target]["id"])
    placed = sorted(boxes.values())
    for k, (x, y, w, h) in enumerate(placed):
        for x2, y2, _, h2 in placed[k + 1 :]:
            if x2 >= x + w:
                break
            assert y2 >= y + h or y >= y2 + h2, "two concepts overlap"


@needs_chromium
def test_path_page_in_chromium(bundled, tmp_path):
    page = tmp_path / "path.html"
    page.write_text(export(bundled, "html", target="bert"), encoding="utf-8")
    report, dom = page_selftest(page, tmp_path / "profile")
    data = page_data(page.read_text(encoding="utf-8"))
    check_report(report, data)
    check_layout(report, data)
    assert report["path_steps"] == len(data["nodes"])
    for node in data["nodes"]:
        assert f"<span>{html.escape(node['term_en'], quote=False)}</span>" in dom
    shoot(page, "path-bert", tmp_path)


@needs_chromium
def test_whole_library_page_in_chromium(bundled, tmp_path):
    page = tmp_path / "graph.html"
    page.write_text(export(bundled, "html"), encoding="utf-8")
    report, _ = page_selftest(page, tmp_path / "profile")
    data = page_data(page.read_text(encoding="utf-8"))
    check_report(report, data)
    check_layout(report, data)
    assert report["formulas"] == sum(bool(node["formula"]) for node in data["nodes"]) > 100
    assert report["path_steps"] == 0
    shoot(page, "library", tmp_path)


@needs_chromium
def test_generated_400_concept_library_in_chromium(tmp_path):
    generate_library(tmp_path / "generated", 400, seed=1)
    library = load_library(tmp_path / "generated")
    page = tmp_path / "generated.html"
    page.write_text(export(library, "html"), encoding="utf-8")
    report, _ = page_selftest(page, tmp_path / "profile")
    data = page_data(page.read_text(encoding="utf-8"))
    check_report(report, data)
    check_layout(report, data)
    # About 3 s on a quiet 2-core machine, dagre's layout most of it; more under load.
    assert report["render_ms"] < 15000, report["render_ms"]
    shoot(page, "generated-400", tmp_path)
    times = f"first frame at {report['render_ms']} ms, layout {report['layout_ms']} ms"
    print(f"\n400 concepts: {times}")


@needs_chromium
def test_progress_colours_match_the_store_in_chromium(bundled, tmp_path):
    database = tmp_path / "study.db"
    scripted_store(database)
    with ReviewStore.open(database) as store:
        states = concept_states(bundled, store, NOW)
    progress = Progress("2025-03-01 09:00 UTC", str(database), states, bundled.learning_order)
    page = tmp_path / "progress.html"
    page.write_text(export(bundled, "html", progress=progress), encoding="utf-8")
    report, dom = page_selftest(page, tmp_path / "profile")
    data = page_data(page.read_text(encoding="utf-8"))
    check_report(report, data)
    assert report["list_states"] == {concept: states[concept].state for concept in states}
    for concept, rgb in report["bands"].items():
        colour = STATE_COLOURS[states[concept].state]
        expected = [int(colour[k : k + 2], 16) for k in (1, 3, 5)]
        assert all(abs(a - b) <= 2 for a, b in zip(rgb, expected, strict=True)), (concept, rgb)
    assert len(report["bands"]) == len(states)
    assert "2025-03-01 09:00 UTC" in dom
    shoot(page, "progress", tmp_path)


@needs_chromium
def test_hostile_text_renders_as_text_in_chromium(tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(export(build_graph(hostile_concepts()), "html"), encoding="utf-8")
    report, dom = page_selftest(page, tmp_path / "profile")
    assert report["errors"] == [], "a blocked script or a script error"
    assert report["listed"] == len(hostile_concepts())
    dom = re.sub(r"<script\b[^>]*>.*?</script>", "", dom, flags=re.DOTALL)  # KaTeX writes "<img"
    assert "<img" not in dom and "<title>{{" not in dom
    assert html.escape("<script>alert('x')</script>", quote=False) in dom
    assert html.escape('<img src=x onerror="document.title=1">', quote=False) in dom


@pytest.mark.slow
@needs_chromium
def test_five_thousand_concepts(tmp_path):
    """Export every format and render the page at 5,000 concepts; prints the times."""
    graph = build_graph(synthetic_concepts(5000))
    seconds = {}
    for fmt in ("graphml", "gexf", "dot", "json", "cytoscape", "mermaid", "html"):
        started = time.perf_counter()
        document = export(graph, fmt)
        seconds[fmt] = time.perf_counter() - started
    page = tmp_path / "big.html"
    page.write_text(document, encoding="utf-8")

    started = time.perf_counter()
    report, _ = page_selftest(page, tmp_path / "profile")
    browser_seconds = time.perf_counter() - started
    assert report["errors"] == []
    assert report["concepts"] == report["listed"] == 5000
    assert report["drawn"] == report["mapped"] < LAYOUT_LIMIT
    assert report["render_ms"] < 3000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SCREENSHOTS / "synthetic-5000-1400.png", tmp_path / "profile")
    print(
        "\n5,000 concepts: export "
        + ", ".join(f"{fmt} {value:.2f} s" for fmt, value in seconds.items())
        + f"; page {page.stat().st_size / 1e6:.1f} MB, first frame drawn at"
        f" {report['render_ms']} ms in Chromium, {report['mapped']} concepts mapped"
        f" (whole headless run {browser_seconds:.1f} s)"
    )
