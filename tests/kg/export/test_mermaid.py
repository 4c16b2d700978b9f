"""The Mermaid export, read by Mermaid's own parser (from npm, run under node).

``npm install --prefix tests/kg/export`` installs it (``.ci/run`` does); without
it these tests are skipped. ``mermaid_parse.mjs`` prints what Mermaid
understood of each diagram: the nodes with the text it would display, and the
edges. All diagrams go through one node process: loading Mermaid takes seconds.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from kg.concept import Text
from kg.export import export
from kg.export.attributes import clean_text, select
from kg.export.mermaid import safe_ids
from kg.graph import build_graph
from tests.kg.export.conftest import HERE, hostile_concepts, make_concept

NODE = shutil.which("node")
PARSER = HERE / "mermaid_parse.mjs"
pytestmark = pytest.mark.skipif(
    NODE is None
    or not all((HERE / "node_modules" / name).is_dir() for name in ("mermaid", "jsdom")),
    reason="Mermaid's parser is not installed: npm install --prefix tests/kg/export (.ci/run does)",
)
LINE_BREAKS = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\x85\u2028\u2029", " "))
JS_WHITESPACE = " \t\n\x0b\x0c\r\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    map(chr, range(0x2000, 0x200B))
)
"""What JavaScript's ``trim()`` removes: Mermaid trims each label's source."""
BROKEN = "flowchart LR\n  a[A (x)] --> b\n"


def random_text_graph():
    rng = random.Random(7)
    alphabet = [chr(code) for code in range(0x20, 0x7F)] * 4 + list(
        "\t\n\r\x00\x01\x1b\x7f\x85\u2028\ufeff中文梯度😀ﬂ°¶ß"
    )

    def text():
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))

    return build_graph(
        [make_concept(f"c{number}", term=Text(text(), text())) for number in range(300)]
    )


@pytest.fixture(scope="module")
def parsed(bundled):
    """What Mermaid made of each diagram, by name, with the graph it came from."""
    graphs = {
        "bundled": bundled.graph,
        "hostile": build_graph(hostile_concepts()),
        "random": random_text_graph(),
    }
    sources = [export(graph, "mermaid") for graph in graphs.values()] + [BROKEN]
    done = subprocess.run(
        [NODE, str(PARSER)],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and done.stdout, done.stderr
    results = json.loads(done.stdout)
    return {
        name: (graphs.get(name), result)
        for name, result in zip([*graphs, "broken"], results, strict=True)
    }


def shown(concept) -> str:
    """The label Mermaid should display for ``concept``: both terms on two lines.

    Mermaid trims the label's source, ``EN<br/>ZH``, before reading the ``<br/>``.
    """
    english, chinese = (
        clean_text(text).translate(LINE_BREAKS) for text in concept.term.to_dict().values()
    )
    return f"{english.lstrip(JS_WHITESPACE)}\n{chinese.rstrip(JS_WHITESPACE)}"


@pytest.mark.parametrize("name", ["bundled", "hostile", "random"])
def test_mermaid_parses_and_shows_every_label_as_written(parsed, name):
    graph, result = parsed[name]
    assert result["ok"], result.get("error")
    assert result["diagramType"] == "flowchart-v2"
    assert result["config"] == {}, "no text may set Mermaid's configuration"
    texts = sorted(node["text"] for node in result["nodes"].values())
    assert texts == sorted(shown(data["concept"]) for _, data in graph.nodes(data=True))


def test_mermaid_edges_and_classes(parsed, bundled):
    _, result = parsed["bundled"]
    kinds = {(edge["type"], edge["stroke"]) for edge in result["edges"]}
    assert kinds == {("arrow_point", "normal"), ("arrow_open", "dotted")}
    prerequisites = [edge for edge in result["edges"] if edge["type"] == "arrow_point"]
    assert len(prerequisites) == sum(len(c.prerequisites) for c in bundled)
    related = [edge for edge in result["edges"] if edge["type"] == "arrow_open"]
    assert len(related) == len(select(bundled.graph).related_edges)
    classes = {tuple(node["classes"]) for node in result["nodes"].values()}
    class_of = safe_ids(bundled.domains, "dom_")  # "deep-networks" -> "dom_deep_networks"
    assert classes == {(class_of[domain],) for domain in bundled.domains}


def test_the_parser_catches_a_broken_label(parsed):
    _, result = parsed["broken"]
    assert not result["ok"] and "Parse error" in result["error"]
