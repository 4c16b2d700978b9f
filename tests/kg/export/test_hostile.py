"""Hostile and random text comes out escaped in every format, and every format still loads.

The loader rejects control characters, so these concepts are built in Python,
with HTML, script tags, quotes, ``]]>``, ``-->``, Mermaid directives, DOT
escapes and control characters in every text field (and in some ids).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.concept import Text
from kg.export import FORMATS, export
from kg.export.attributes import clean_text, node_attributes
from kg.graph import build_graph, depths
from tests.kg.export.conftest import hostile_concepts, make_concept, mermaid_structure

DOT = shutil.which("dot")
_DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.DOTALL)
_DOT_NODE = re.compile(r'  ("(?:[^"\\]|\\.)*") \[(.*)\];')
_DOT_FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*")')
_DOT_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def expected(graph) -> dict[str, dict]:
    """Each node's attributes as every format should carry them (text cleaned)."""
    depth = depths(graph)
    return {
        clean_text(node): node_attributes(data["concept"], depth[node])
        for node, data in graph.nodes(data=True)
    }


def unquote_dot(quoted: str) -> str:
    return _DOT_ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), quoted[1:-1])


def read_dot_nodes(text: str) -> dict[str, dict[str, str]]:
    """The node statements of a DOT file we wrote: id -> attributes, unescaped."""
    nodes = {}
    for line in text.split("\n"):  # not splitlines(): U+2028 and friends are text here
        found = _DOT_NODE.fullmatch(line)
        if found:
            fields = dict(_DOT_FIELD.findall(found.group(2)))
            assert ", ".join(f"{k}={v}" for k, v in fields.items()) == found.group(2), line
            nodes[unquote_dot(found.group(1))] = {k: unquote_dot(v) for k, v in fields.items()}
    return nodes


def check_all_formats(graph) -> None:
    """Export ``graph`` in every format and check each loads back with the same text."""
    want = expected(graph)
    flat = {
        node: {**attributes, "tags": json.dumps(attributes["tags"], ensure_ascii=False)}
        for node, attributes in want.items()
    }

    graphml = export(graph, "graphml")
    ElementTree.fromstring(graphml)
    assert dict(nx.read_graphml(io.BytesIO(graphml)).nodes(data=True)) == flat

    gexf = export(graph, "gexf")
    ElementTree.fromstring(gexf)
    read = nx.read_gexf(io.BytesIO(gexf))
    assert {n: {k: v for k, v in d.items() if k != "viz"} for n, d in read.nodes(data=True)} == flat

    node_link = nx.node_link_graph(json.loads(export(graph, "json")), edges="edges")
    assert dict(node_link.nodes(data=True)) == want

    cytoscape = json.loads(export(graph, "cytoscape"))
    for element in cytoscape["elements"]["nodes"]:
        attributes = want[element["data"]["id"]]
        assert {key: element["data"][key] for key in attributes} == attributes

    dot_nodes = read_dot_nodes(export(graph, "dot"))
    assert set(dot_nodes) == set(want)
    for node, fields in dot_nodes.items():
        attributes = want[node]
        assert fields["term_en"] == attributes["term_en"]
        assert fields["definition_zh"] == attributes["definition_zh"]
        label = f"{attributes['term_en']}\n{attributes['term_zh']}".replace("&", "&amp;")
        assert fields["label"] == label

    labels = mermaid_structure(export(graph, "mermaid"))
    assert len(labels) == len(want)

    page = export(graph, "html")
    (data,) = _DATA.findall(page)
    assert not set(data) & set("<>&")
    shown = {node["id"]: node for node in json.loads(data)["nodes"]}
    for node, attributes in want.items():
        assert {key: shown[node][key] for key in attributes if key != "domain"} == {
            key: value for key, value in attributes.items() if key != "domain"
        }
    # The data, the two vendored libraries (dagre, KaTeX) and the page's script.
    assert page.count("<script") == 4 and page.count("</script") == 4


def test_hostile_text_survives_every_format():
    check_all_formats(build_graph(hostile_concepts()))


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_character_comes_out(fmt):
    text = export(build_graph(hostile_concepts()), fmt)
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", text)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "mermaid", "html"])
def test_no_raw_markup_comes_out_where_text_is_markup(fmt):
    """In DOT and JSON, ``<script>`` in a quoted string is plain text; here it would not be."""
    text = export(build_graph(hostile_concepts()), fmt)
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    for markup in ("<script>alert", "<img src=x", "</style></script><title>", "<!-- opens"):
        assert markup not in text, markup


@pytest.mark.skipif(DOT is None, reason="Graphviz (dot) is not installed")
def test_graphviz_renders_hostile_text(tmp_path):
    source = tmp_path / "hostile.dot"
    source.write_text(export(build_graph(hostile_concepts()), "dot"), encoding="utf-8")
    done = subprocess.run([DOT, "-Tsvg", str(source)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    svg = ElementTree.fromstring(done.stdout)
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>alert('x')</script>" in texts
    assert "a & b &amp; &lt;not a tag&gt; &#60;" in texts


texts = st.text(max_size=60)


@st.composite
def random_graphs(draw):
    """Three concepts with random text everywhere; b needs a, and c is related to a."""

    def concept(concept_id, **links):
        return make_concept(
            concept_id,
            domain=draw(texts),
            term=Text(draw(texts), draw(texts)),
            definition=Text(draw(texts), draw(texts)),
            tags=tuple(draw(st.lists(texts, max_size=3))),
            engine=draw(st.none() | texts),
            **links,
        )

    return build_graph(
        [concept("a"), concept("b", prerequisites=("a",)), concept("c", related=("a",))]
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_random_text_never_breaks_an_exporter(graph):
    check_all_formats(graph)


@pytest.mark.skipif(DOT is None, reason="Graphviz (dot) is not installed")
@settings(max_examples=40, deadline=None)
@given(random_graphs())
def test_graphviz_renders_random_text(graph):
    done = subprocess.run(
        [DOT, "-Tsvg"], input=export(graph, "dot"), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    ElementTree.fromstring(done.stdout)
