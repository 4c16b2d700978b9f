"""What every exported node and edge carries, decided in one place.

All exporters start from an :class:`ExportGraph`, built by :func:`select`
from the prerequisite graph: the chosen concepts in learning order, each with
the same attributes (:func:`node_attributes`), and two kinds of edges:

- ``prerequisite`` edges, ``prerequisite -> concept``, the order of learning;
- ``related`` links, "see also", with no order. They are stored as directed
  pairs only because the formats need a source and a target: ``(a, b)`` with
  ``a < b``, or ``(b, a)`` when ``a -> b`` is already a prerequisite edge, so
  that no related link ever collides with a prerequisite edge.

Text is cleaned once, here, of the characters XML 1.0 cannot hold (most
control characters, lone surrogates, U+FFFE and U+FFFF become U+FFFD) and of
carriage returns (which XML parsers turn into line feeds anyway), so that every
format carries exactly the same text. Each exporter then escapes it for the
place it lands.
"""

from __future__ import annotations

import colorsys
import json
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.concept import Concept
from kg.graph import depths, learning_order, learning_path, related_pairs
from kg.text import clean_text

PREREQUISITE = "prerequisite"
RELATED = "related"
"""The two values of the ``kind`` attribute of an exported edge."""

NODE_ATTRIBUTES = (
    "label",
    "term_en",
    "term_zh",
    "domain",
    "tags",
    "definition_en",
    "definition_zh",
    "engine",
    "depth",
)
"""The attributes of an exported node, in order (the node's key is its id)."""

# Tableau 10: distinct hues that stay readable as text outlines on a white page.
_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#79706e",
)
_FILL_WHITENESS = 0.8
"""How far a node's fill is mixed towards white from its domain colour."""


def node_attributes(concept: Concept, depth: int) -> dict[str, Any]:
    """The attributes every format gives a concept's node, text cleaned.

    Parameters
    ----------
    concept : Concept
        The concept.
    depth : int
        Its depth in the prerequisite graph (:func:`kg.graph.depths`).

    Returns
    -------
    dict
        The keys of :data:`NODE_ATTRIBUTES`: ``label`` (both terms), the terms,
        ``domain``, ``tags`` (a list), the definitions, ``engine`` (the dotted
        reference, ``""`` when there is none) and ``depth``.

    Examples
    --------
    >>> from kg.concept import Text
    >>> gradient = Concept("gradient", Text("Gradient", "梯度"), Text("d", "定义"), "maths")
    >>> node_attributes(gradient, 1)["label"]
    'Gradient · 梯度'
    """
    term_en, term_zh = clean_text(concept.term.en), clean_text(concept.term.zh)
    return {
        "label": clean_text(concept.term.label()),
        "term_en": term_en,
        "term_zh": term_zh,
        "domain": clean_text(concept.domain),
        "tags": [clean_text(tag) for tag in concept.tags],
        "definition_en": clean_text(concept.definition.en),
        "definition_zh": clean_text(concept.definition.zh),
        "engine": clean_text(concept.engine or ""),
        "depth": depth,
    }


DETAIL_TEXTS = ("example", "legend", "worked_example", "notes")
"""The bilingual fields of a concept that :func:`detail_attributes` carries."""


def detail_attributes(concept: Concept) -> dict[str, Any]:
    """The longer texts of a concept, cleaned, for the HTML page's details panel.

    Parameters
    ----------
    concept : Concept
        The concept.

    Returns
    -------
    dict
        ``formula`` (LaTeX, ``""`` when there is none), ``<field>_en`` and
        ``<field>_zh`` for each of :data:`DETAIL_TEXTS` (``""`` when absent), and
        ``references`` (a list).

    Examples
    --------
    >>> from kg.concept import Text
    >>> softmax = Concept("softmax", Text("Softmax", "Softmax"), Text("d", "定义"), "maths",
    ...                   formula="e^{z_i}", references=("d2l.ai 4.1",))
    >>> details = detail_attributes(softmax)
    >>> details["formula"], details["example_en"], details["references"]
    ('e^{z_i}', '', ['d2l.ai 4.1'])
    """
    details: dict[str, Any] = {"formula": clean_text(concept.formula or "")}
    for name in DETAIL_TEXTS:
        text = getattr(concept, name)
        details[f"{name}_en"] = clean_text(text.en) if text is not None else ""
        details[f"{name}_zh"] = clean_text(text.zh) if text is not None else ""
    details["references"] = [clean_text(reference) for reference in concept.references]
    return details


def flat_attributes(attributes: dict[str, Any]) -> dict[str, str | int]:
    """``attributes`` with the tags encoded as a JSON list, for formats (GraphML,
    GEXF, DOT) whose attribute values must be scalars.

    Parameters
    ----------
    attributes : dict
        As :func:`node_attributes` returns them.

    Returns
    -------
    dict
        The same, the tags a JSON string.

    Examples
    --------
    >>> flat_attributes({"tags": ["学习率", "SGD"], "depth": 2})
    {'tags': '["学习率", "SGD"]', 'depth': 2}
    """
    return {**attributes, "tags": json.dumps(attributes["tags"], ensure_ascii=False)}


@dataclass(frozen=True)
class ExportGraph:
    """The part of the graph to export, with its attributes: what exporters read.

    Attributes
    ----------
    nodes : dict
        Concept id -> :func:`node_attributes`, in learning order.
    prerequisite_edges : list of (str, str)
        ``(prerequisite, concept)`` pairs, sorted by learning order.
    related_edges : list of (str, str)
        Each related link once, oriented as the module docstring explains.
    path : list of str
        The learning path to ``target`` (within the selection), or empty.
    target : str or None
        The concept whose learning path was asked for.
    colours : dict of str to DomainColour
        A colour per domain. :func:`select` colours every domain of the whole
        graph, so that a domain keeps its colour in any selection; by default,
        the exported domains are coloured.
    details : dict
        Concept id -> :func:`detail_attributes`: the longer texts that only the
        HTML page shows (its details panel); the other formats leave them out.
    """

    nodes: dict[str, dict[str, Any]]
    prerequisite_edges: list[tuple[str, str]]
    related_edges: list[tuple[str, str]]
    path: list[str]
    target: str | None
    colours: dict[str, DomainColour] = field(default_factory=dict)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.colours:
            object.__setattr__(self, "colours", domain_colours(self.domains))

    @property
    def domains(self) -> list[str]:
        """The domains of the exported concepts, sorted."""
        return sorted({attributes["domain"] for attributes in self.nodes.values()})

    def edges(self) -> list[tuple[str, str, str]]:
        """Every edge as ``(source, target, kind)``: prerequisites, then related links."""
        return [(s, t, PREREQUISITE) for s, t in self.prerequisite_edges] + [
            (s, t, RELATED) for s, t in self.related_edges
        ]


def select(
    graph: nx.DiGraph,
    *,
    target: str | None = None,
    domain: str | None = None,
    related: bool = True,
) -> ExportGraph:
    """The concepts to export and their attributes.

    Parameters
    ----------
    graph : networkx.DiGraph
        The prerequisite graph, as :func:`kg.graph.build_graph` makes it (each
        node's data holds its ``"concept"``).
    target : str, optional
        Keep only the learning path to this concept id.
    domain : str, optional
        Keep only the concepts of this domain.
    related : bool
        Include the ``related`` links (between kept concepts).

    Returns
    -------
    ExportGraph
        Depths are those in the whole ``graph``, whatever is kept.

    Raises
    ------
    KeyError
        If ``target`` is not in the graph.
    ValueError
        If no concept has ``domain``, or nothing is left to export.

    Examples
    --------
    >>> from kg.concept import Text
    >>> from kg.graph import build_graph
    >>> t = Text("x", "x")
    >>> graph = build_graph([
    ...     Concept("a", t, t, "d", related=("c",)),
    ...     Concept("b", t, t, "d", prerequisites=("a",)),
    ...     Concept("c", t, t, "e"),
    ... ])
    >>> selected = select(graph, target="b")
    >>> list(selected.nodes), selected.prerequisite_edges, selected.path
    (['a', 'b'], [('a', 'b')], ['a', 'b'])
    >>> select(graph).related_edges
    [('a', 'c')]
    """
    concepts: dict[str, Concept] = {node: data["concept"] for node, data in graph.nodes(data=True)}
    if domain is not None and all(c.domain != domain for c in concepts.values()):
        raise ValueError(f"no concept is in the domain {domain!r}")
    path = learning_path(graph, target) if target is not None else []
    kept = set(path) if target is not None else set(concepts)
    if domain is not None:
        kept = {node for node in kept if concepts[node].domain == domain}
    if not kept:
        raise ValueError(f"no concept of the domain {domain!r} is on the path to {target!r}")

    depth = depths(graph)
    order = learning_order(graph, kept)
    position = {node: index for index, node in enumerate(order)}
    prerequisite_edges = sorted(
        ((source, node) for node in order for source in graph.predecessors(node) if source in kept),
        key=lambda edge: (position[edge[1]], position[edge[0]]),
    )
    related_edges = []
    if related:
        kept_concepts = [concepts[node] for node in order]
        for first, second in related_pairs(kept_concepts):
            if first in kept and second in kept:
                related_edges.append(
                    (second, first) if graph.has_edge(first, second) else (first, second)
                )

    return ExportGraph(
        nodes={clean_text(node): node_attributes(concepts[node], depth[node]) for node in order},
        prerequisite_edges=[(clean_text(s), clean_text(t)) for s, t in prerequisite_edges],
        related_edges=[(clean_text(s), clean_text(t)) for s, t in related_edges],
        path=[clean_text(node) for node in path if node in kept],
        target=clean_text(target) if target is not None else None,
        colours=domain_colours(sorted({clean_text(c.domain) for c in concepts.values()})),
        details={clean_text(node): detail_attributes(concepts[node]) for node in order},
    )


def to_networkx(exported: ExportGraph, *, flat: bool) -> nx.DiGraph:
    """``exported`` as a DiGraph: node attributes, and ``kind`` on every edge.

    Parameters
    ----------
    exported : ExportGraph
        What to convert.
    flat : bool
        Encode list attributes (tags) as JSON strings (:func:`flat_attributes`),
        for GraphML and GEXF.

    Returns
    -------
    networkx.DiGraph

    Examples
    --------
    >>> node = {"domain": "maths", "tags": []}
    >>> exported = ExportGraph({"a": node, "b": node}, [("a", "b")], [], [], None)
    >>> list(to_networkx(exported, flat=True).edges(data=True))
    [('a', 'b', {'kind': 'prerequisite'})]
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(
        (node, flat_attributes(attributes) if flat else dict(attributes))
        for node, attributes in exported.nodes.items()
    )
    graph.add_edges_from(
        (source, target, {"kind": kind}) for source, target, kind in exported.edges()
    )
    return graph


@dataclass(frozen=True)
class DomainColour:
    """A domain's colours: ``stroke`` for outlines and swatches, ``fill`` for node backgrounds."""

    stroke: str
    fill: str


def domain_colours(domains: list[str]) -> dict[str, DomainColour]:
    """A colour per domain, the same in DOT, Mermaid and HTML.

    The first ten domains (in the given order) take the Tableau 10 palette;
    further ones are spread around the colour wheel by the golden angle.

    Parameters
    ----------
    domains : list of str
        Every domain, in a stable order (sorted).

    Returns
    -------
    dict of str to DomainColour

    Examples
    --------
    >>> domain_colours(["maths", "models"])["maths"]
    DomainColour(stroke='#4e79a7', fill='#dce4ed')
    """
    colours = {}
    for index, domain in enumerate(domains):
        if index < len(_PALETTE):
            stroke = _PALETTE[index]
        else:
            hue = (index * 0.618033988749895) % 1.0
            stroke = _hex(colorsys.hls_to_rgb(hue, 0.45, 0.55))
        red, green, blue = (int(stroke[i : i + 2], 16) / 255 for i in (1, 3, 5))
        whiten = (1 - _FILL_WHITENESS, _FILL_WHITENESS)
        fill = _hex(
            (
                red * whiten[0] + whiten[1],
                green * whiten[0] + whiten[1],
                blue * whiten[0] + whiten[1],
            )
        )
        colours[domain] = DomainColour(stroke, fill)
    return colours


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)
