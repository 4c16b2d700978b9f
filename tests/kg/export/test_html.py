"""The HTML page: self-contained, laid out in Python, and working in headless Chromium.

The browser tests load the page with ``#selftest``: the page's script clicks
its first concept on the canvas and writes a JSON report into
``<pre id="selftest">``, which ``chromium --dump-dom`` prints (see the end of
``kg/export/page.js``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import time
from importlib import resources
from itertools import combinations
from pathlib import Path

import pytest

from kg.export import export
from kg.export.attributes import select
from kg.export.html import GEOMETRY, TARGET_ASPECT, layered_layout, script_json
from kg.graph import build_graph, depths, learning_path
from tests.kg.export.conftest import (
    hostile_concepts,
    make_concept,
    needs_chromium,
    page_selftest,
    png_size,
    screenshot,
    synthetic_concepts,
)

LEAD_SCREENSHOT = Path("/tmp/dlkg-graph.png")
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.DOTALL)


def page_data(page: str) -> dict:
    (data,) = _DATA.findall(page)
    return json.loads(data)


# ---- The page as text --------------------------------------------------------------


def test_script_json_cannot_close_the_script_element():
    text = "</script><script>alert(1)</script><!-- & -->"
    encoded = script_json({"term": text})
    assert not set(encoded) & set("<>&")
    assert json.loads(encoded) == {"term": text}


def test_page_needs_no_network(bundled):
    page = export(bundled, "html")
    without_data = _DATA.sub("", page)
    assert not re.search(r"\b(src|href)\s*=", without_data)
    assert "http://" not in without_data and "https://" not in without_data
    assert "@import" not in without_data and "url(" not in without_data
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert csp.startswith("default-src 'none';")


def test_security_policy_allows_exactly_the_inline_script_and_style(bundled):
    page = export(bundled, "html")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    inline = dict((kind, source) for kind, source in _INLINE.findall(page))
    assert set(inline) == {"script", "style"}
    for kind, source in inline.items():
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in csp


def test_page_assets_are_package_data():
    for name in ("page.html", "page.js", "page.css"):
        source = resources.files("kg.export").joinpath(name).read_text(encoding="utf-8")
        assert "</script" not in source.lower() or name == "page.html"
        assert "<!--" not in source


def test_target_page_carries_the_path_in_order(bundled):
    data = page_data(export(bundled, "html", target="transformer"))
    ids = [node["id"] for node in data["nodes"]]
    assert [ids[index] for index in data["path"]] == learning_path(bundled.graph, "transformer")
    assert ids[data["target"]] == "transformer"
    assert sum(domain["count"] for domain in data["domains"]) == len(ids)


# ---- Layout ------------------------------------------------------------------------


def crossings(exported, layout) -> int:
    """Crossings among edges between neighbouring columns."""
    by_gap: dict[int, list[tuple[float, float]]] = {}
    for source, target in exported.prerequisite_edges:
        (column, row), (next_column, next_row) = layout[source], layout[target]
        if next_column == column + 1:
            by_gap.setdefault(column, []).append((row, next_row))
    return sum(
        (a[0] - b[0]) * (a[1] - b[1]) < 0
        for edges in by_gap.values()
        for a, b in combinations(edges, 2)
    )


def test_layout_columns_follow_depth_and_rows_do_not_collide(bundled):
    exported = select(bundled.graph)
    layout = layered_layout(exported)
    depth = depths(bundled.graph)
    for first, second in combinations(bundled.concepts, 2):
        if depth[first] < depth[second]:
            assert layout[first][0] < layout[second][0]
        if layout[first][0] == layout[second][0]:
            assert layout[first][1] != layout[second][1]


def test_a_very_tall_layer_wraps_into_columns_of_a_screen_shape():
    exported = select(build_graph([make_concept(f"c{n:04d}") for n in range(3000)]))
    layout = layered_layout(exported)
    columns = {column for column, _ in layout.values()}
    rows = {row for _, row in layout.values()}
    assert columns == set(range(len(columns))) and len(columns) > 1
    width = len(columns) * GEOMETRY["column_pitch"]
    height = (max(rows) - min(rows) + 1) * GEOMETRY["row_pitch"]
    assert 1 <= width / height <= TARGET_ASPECT
    assert len(set(layout.values())) == 3000, "no two concepts share a place"


def test_barycentre_sweeps_reduce_crossings():
    exported = select(build_graph(synthetic_concepts(400, seed=3)))
    before = crossings(exported, initial_layout(exported))
    after = crossings(exported, layered_layout(exported))
    assert after < before * 0.8, (before, after)


def initial_layout(exported):
    """Columns by depth, rows by domain then id: the layout before any sweep."""
    columns: dict[int, list[str]] = {}
    depth_rank = {d: i for i, d in enumerate(sorted({a["depth"] for a in exported.nodes.values()}))}
    for node, attributes in sorted(exported.nodes.items(), key=lambda i: (i[1]["domain"], i[0])):
        columns.setdefault(depth_rank[attributes["depth"]], []).append(node)
    return {
        node: (column, index - (len(members) - 1) / 2)
        for column, members in columns.items()
        for index, node in enumerate(members)
    }


# ---- In a real browser -----------------------------------------------------------------


def check_report(report, data):
    nodes = data["nodes"]
    assert report["errors"] == []
    assert report["concepts"] == report["listed"] == report["drawn"] == len(nodes)
    first = nodes[0]
    assert report["selected"] == first["id"]
    for key in ("term_en", "term_zh", "definition_en", "definition_zh"):
        assert " ".join(first[key].split()) in " ".join(report["details"].split())


@needs_chromium
def test_page_works_in_chromium_and_shows_details_on_click(bundled, tmp_path):
    page = tmp_path / "graph.html"
    page.write_text(export(bundled, "html", target="transformer"), encoding="utf-8")
    report, dom = page_selftest(page, tmp_path / "profile")
    data = page_data(page.read_text(encoding="utf-8"))
    check_report(report, data)
    assert report["path_steps"] == len(data["nodes"])
    for node in data["nodes"]:
        assert f"<span>{html.escape(node['term_en'], quote=False)}</span>" in dom

    picture = screenshot(page, tmp_path / "graph.png", tmp_path / "profile")
    assert png_size(picture) == (1400, 900)
    shutil.copyfile(picture, LEAD_SCREENSHOT)


@needs_chromium
def test_whole_library_page_in_chromium(bundled, tmp_path):
    page = tmp_path / "graph.html"
    page.write_text(export(bundled, "html"), encoding="utf-8")
    report, _ = page_selftest(page, tmp_path / "profile")
    check_report(report, page_data(page.read_text(encoding="utf-8")))
    assert report["path_steps"] == 0


@needs_chromium
def test_hostile_text_renders_as_text_in_chromium(tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(export(build_graph(hostile_concepts()), "html"), encoding="utf-8")
    report, dom = page_selftest(page, tmp_path / "profile")
    assert report["errors"] == [], "a blocked script or a script error"
    assert report["listed"] == len(hostile_concepts())
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
    assert report["concepts"] == report["listed"] == report["drawn"] == 5000
    screenshot(page, tmp_path / "big.png", tmp_path / "profile")
    print(
        "\n5,000 concepts: export "
        + ", ".join(f"{fmt} {value:.2f} s" for fmt, value in seconds.items())
        + f"; page {page.stat().st_size / 1e6:.1f} MB, first frame drawn at"
        f" {report['render_ms']} ms in Chromium (whole headless run {browser_seconds:.1f} s)"
    )
