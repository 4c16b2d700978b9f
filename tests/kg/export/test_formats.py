"""Each format loads back in the tool it is for, with the same nodes, edges and attributes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

from kg.export import EXTENSIONS, FORMATS, export, format_for_path
from kg.export.attributes import (
    NODE_ATTRIBUTES,
    PREREQUISITE,
    RELATED,
    flat_attributes,
    node_attributes,
    select,
)
from kg.graph import build_graph, depths, learning_path
from tests.kg.export.conftest import make_concept, mermaid_structure

DOT = shutil.which("dot")
needs_graphviz = pytest.mark.skipif(DOT is None, reason="Graphviz (dot) is not installed")


def expected_nodes(library, *, flat):
    depth = depths(library.graph)
    return {
        concept.id: (flat_attributes if flat else dict)(node_attributes(concept, depth[concept.id]))
        for concept in library
    }


def expected_edges(library):
    prerequisites = {(p, c.id, PREREQUISITE) for c in library for p in c.prerequisites}
    related = {(s, t, RELATED) for s, t in select(library.graph).related_edges}
    return prerequisites | related


def edges_with_kind(graph):
    return {(s, t, data["kind"]) for s, t, data in graph.edges(data=True)}


# ---- File names ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [
    ("g.graphml", "graphml"), ("g.gexf", "gexf"), ("g.dot", "dot"), ("g.gv", "dot"),
    ("g.json", "json"), ("g.cyjs", "cytoscape"), ("g.cytoscape.json", "cytoscape"),
    ("g.mmd", "mermaid"), ("g.mermaid", "mermaid"), ("g.html", "html"), ("G.HTM", "html"),
])  # fmt: skip
def test_format_follows_the_extension(name, fmt):
    assert format_for_path(name) == fmt


def test_every_extension_names_a_format():
    assert set(EXTENSIONS.values()) == set(FORMATS)


def test_unknown_extension_is_an_error():
    with pytest.raises(ValueError, match="cannot tell the format"):
        format_for_path("graph.txt")


def test_unknown_format_is_an_error(bundled):
    with pytest.raises(ValueError, match="unknown export format"):
        export(bundled, "svg")


# ---- Round trips -----------------------------------------------------------------


def test_graphml_reads_back_with_networkx(bundled):
    graph = nx.read_graphml(io.BytesIO(export(bundled, "graphml")))
    assert dict(graph.nodes(data=True)) == expected_nodes(bundled, flat=True)
    assert edges_with_kind(graph) == expected_edges(bundled)
    assert graph.nodes["gradient-descent"]["term_zh"] == "梯度下降"
    assert json.loads(graph.nodes["gradient-descent"]["tags"]) == list(
        bundled["gradient-descent"].tags
    )


def test_gexf_reads_back_with_networkx(bundled):
    graph = nx.read_gexf(io.BytesIO(export(bundled, "gexf")))
    nodes = {
        node: {key: value for key, value in data.items() if key != "viz"}
        for node, data in graph.nodes(data=True)
    }
    assert nodes == expected_nodes(bundled, flat=True)
    assert {(s, t, d["kind"]) for s, t, d in graph.edges(data=True)} == expected_edges(bundled)
    assert graph.nodes["backpropagation"]["label"] == "Backpropagation · 反向传播"
    assert set(graph.nodes["backpropagation"]["viz"]["color"]) == {"r", "g", "b", "a"}


def test_node_link_json_reads_back_with_networkx(bundled):
    data = json.loads(export(bundled, "json"))
    assert "edges" in data and "links" not in data
    graph = nx.node_link_graph(data, edges="edges")
    assert dict(graph.nodes(data=True)) == expected_nodes(bundled, flat=False)
    assert edges_with_kind(graph) == expected_edges(bundled)


def test_cytoscape_json_is_cytoscape_elements_and_reads_back(bundled):
    data = json.loads(export(bundled, "cytoscape"))
    elements = data["elements"]
    node_ids = [node["data"]["id"] for node in elements["nodes"]]
    assert sorted(node_ids) == sorted(bundled.concepts)
    for edge in elements["edges"]:
        assert {edge["data"]["source"], edge["data"]["target"]} <= set(node_ids)
        assert edge["data"]["kind"] in (PREREQUISITE, RELATED)
    named = {node["data"]["id"]: node["data"]["name"] for node in elements["nodes"]}
    assert named["softmax"] == "Softmax · Softmax 函数"
    assert isinstance(data["data"], dict)

    graph = nx.cytoscape_graph(data)
    assert edges_with_kind(graph) == expected_edges(bundled)
    for node, attributes in expected_nodes(bundled, flat=False).items():
        assert {key: graph.nodes[node][key] for key in attributes} == attributes


@needs_graphviz
def test_dot_renders_to_svg_and_png_with_chinese(bundled, tmp_path):
    source = tmp_path / "graph.dot"
    source.write_text(export(bundled, "dot"), encoding="utf-8")
    for kind in ("svg", "png"):
        done = subprocess.run(
            [DOT, f"-T{kind}", str(source), "-o", str(tmp_path / f"graph.{kind}")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and not done.stderr, done.stderr
    svg = ElementTree.parse(tmp_path / "graph.svg").getroot()
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    texts = {text.text for text in svg.iterfind(".//svg:text", namespace)}
    assert {"Backpropagation", "反向传播", "梯度下降"} <= texts
    titles = {title.text for title in svg.iterfind(".//svg:g[@class='node']/svg:title", namespace)}
    assert titles == set(bundled.concepts)
    dashed = svg.findall(".//svg:g[@class='edge']/svg:path[@stroke-dasharray]", namespace)
    assert len(dashed) == len(select(bundled.graph).related_edges)
    assert (tmp_path / "graph.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_dot_names_a_cjk_font_and_marks_related_links(bundled):
    text = export(bundled, "dot")
    assert 'fontname="Noto Sans CJK SC"' in text
    related_lines = [line for line in text.splitlines() if 'kind="related"' in line]
    assert related_lines and all("style=dashed, dir=none" in line for line in related_lines)


@needs_graphviz
def test_dot_quotes_ids_with_colons_and_spaces(tmp_path):
    graph = build_graph([
        make_concept("engine.optim:sgd step"),
        make_concept("next one", prerequisites=("engine.optim:sgd step",)),
    ])  # fmt: skip
    source = tmp_path / "ids.dot"
    source.write_text(export(graph, "dot"), encoding="utf-8")
    svg = subprocess.run([DOT, "-Tsvg", str(source)], capture_output=True, text=True, check=True)
    root = ElementTree.fromstring(svg.stdout)
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    titles = [title.text for title in root.iterfind(".//svg:title", namespace)]
    assert "engine.optim:sgd step" in titles and "engine.optim:sgd step->next one" in titles


def test_mermaid_is_a_flowchart_with_quoted_labels(bundled):
    text = export(bundled, "mermaid")
    labels = mermaid_structure(text)
    assert labels["c_self_attention"] == "Self-attention\n自注意力机制"
    assert text.count(" --> ") == sum(len(c.prerequisites) for c in bundled)
    assert text.count(" -.- ") == len(select(bundled.graph).related_edges)


# ---- What is exported ------------------------------------------------------------


def test_every_node_carries_the_shared_attributes(bundled):
    graph = nx.node_link_graph(json.loads(export(bundled, "json")), edges="edges")
    depth = depths(bundled.graph)
    for node, data in graph.nodes(data=True):
        assert tuple(data) == NODE_ATTRIBUTES
        assert data["depth"] == depth[node]
        assert data["engine"] == (bundled[node].engine or "")
        assert data["definition_zh"] == bundled[node].definition.zh


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_no_related_leaves_out_related_links_only(bundled, fmt):
    text = export(bundled, fmt, related=False)
    graph = (
        nx.read_graphml(io.BytesIO(text))
        if fmt == "graphml"
        else nx.node_link_graph(json.loads(text), edges="edges")
    )
    assert {kind for _, _, kind in edges_with_kind(graph)} == {PREREQUISITE}
    assert graph.number_of_edges() == sum(len(c.prerequisites) for c in bundled)


def test_related_link_beside_a_prerequisite_stays_distinct():
    graph = build_graph([
        make_concept("a", related=("b",)),
        make_concept("b", prerequisites=("a",), related=("a",)),
    ])  # fmt: skip
    exported = nx.node_link_graph(json.loads(export(graph, "json")), edges="edges")
    assert edges_with_kind(exported) == {("a", "b", PREREQUISITE), ("b", "a", RELATED)}


def test_target_keeps_the_learning_path(bundled):
    graph = nx.node_link_graph(
        json.loads(export(bundled, "json", target="backpropagation")), edges="edges"
    )
    assert list(graph) == learning_path(bundled.graph, "backpropagation")


def test_domain_keeps_one_domain(bundled):
    graph = nx.read_graphml(io.BytesIO(export(bundled, "graphml", domain="optimization")))
    assert set(graph) == {c.id for c in bundled if c.domain == "optimization"}
    assert all(data["domain"] == "optimization" for _, data in graph.nodes(data=True))


def test_target_and_domain_together_keep_the_path_in_that_domain(bundled):
    graph = nx.read_graphml(
        io.BytesIO(export(bundled, "graphml", target="transformer", domain="transformer"))
    )
    path = learning_path(bundled.graph, "transformer")
    assert list(graph) == [node for node in path if bundled[node].domain == "transformer"]


def test_selection_errors(bundled):
    with pytest.raises(KeyError):
        export(bundled, "json", target="no-such-concept")
    with pytest.raises(ValueError, match="no concept is in the domain"):
        export(bundled, "json", domain="astrology")
    with pytest.raises(ValueError, match="on the path"):
        export(bundled, "json", target="derivative", domain="vision")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic(bundled, fmt):
    first, second = export(bundled, fmt), export(bundled, fmt)
    assert first == second
    assert isinstance(first, bytes if fmt in ("graphml", "gexf") else str)
