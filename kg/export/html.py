"""The interactive HTML page: one file that works offline.

The page (``page.html``, ``page.js``, ``page.css`` beside this module) is
filled in here with the graph's data and its layout, and everything is
inlined: no network, no external library. A Content-Security-Policy allows
only the page's own script and style (by their SHA-256), so nothing in a
concept's text could run even if it reached the markup; and it does not: the
data travels as JSON in a ``<script type="application/json">`` with ``<``,
``>`` and ``&`` escaped, and the script shows text with ``textContent`` and
canvas ``fillText`` only.

The page draws on a canvas, so that 5,000 concepts stay fluid, and lists
every concept in a panel as well (for the keyboard, screen readers and tests).
A link ending in ``#<concept id>`` opens that concept; ``#selftest`` is the
hook the browser tests use (see the end of ``page.js``).

Layout
------
Computed here, so that the browser only draws. A node's layer is its rank
among the depths present (so a domain's view has no empty columns), and its
place in the layer comes from ordering each layer to reduce edge crossings.
Layers start grouped by domain, then :data:`BARYCENTRE_SWEEPS` sweeps
alternately move each node towards the mean row of its prerequisites (left to
right) or of its dependents (right to left), the barycentre heuristic of
Sugiyama-style layered drawing. A layer so tall that the drawing would be far
taller than wide (a library of 5,000 concepts with no prerequisites is one
layer) wraps into several columns side by side, so that the whole graph keeps
about the shape of a screen. Positions are (column, row), rows centred on 0; the page multiplies
them by :data:`GEOMETRY`'s pitches.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from functools import cache
from importlib import resources
from statistics import fmean
from typing import Any

from kg.export.attributes import ExportGraph

BARYCENTRE_SWEEPS = 4
GEOMETRY = {"node_width": 132, "node_height": 58, "column_pitch": 160, "row_pitch": 70}
"""A node's box and the distance between columns and rows, in CSS pixels at zoom 1."""
TARGET_ASPECT = 1.6
"""Width over height that tall layers are wrapped towards: about a screen's."""
MIN_ROWS_PER_COLUMN = 24
"""Layers up to this many concepts never wrap: small graphs fit a screen as they are."""
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def ordered_layers(exported: ExportGraph) -> list[list[str]]:
    """The nodes by depth, each layer ordered by the barycentre sweeps.

    Parameters
    ----------
    exported : ExportGraph
        What to lay out.

    Returns
    -------
    list of list of str
        One list per depth present, shallowest first, top to bottom.

    Examples
    --------
    ``d`` moves above ``c`` to sit level with its prerequisite ``a``, and the
    edges no longer cross:

    >>> exported = ExportGraph(
    ...     {n: {"depth": d, "domain": "x"} for n, d in [("a", 0), ("b", 0), ("c", 1), ("d", 1),
    ...                                                 ("e", 3)]},
    ...     [("a", "d"), ("b", "c"), ("c", "e")], [], [], None)
    >>> ordered_layers(exported)
    [['a', 'b'], ['d', 'c'], ['e']]
    """
    depths = sorted({attributes["depth"] for attributes in exported.nodes.values()})
    layer_of_depth = {depth: layer for layer, depth in enumerate(depths)}
    layers: list[list[str]] = [[] for _ in depths]
    for node, attributes in sorted(
        exported.nodes.items(), key=lambda item: (item[1]["domain"], item[0])
    ):
        layers[layer_of_depth[attributes["depth"]]].append(node)

    predecessors: dict[str, list[str]] = {node: [] for node in exported.nodes}
    successors: dict[str, list[str]] = {node: [] for node in exported.nodes}
    for source, target in exported.prerequisite_edges:
        predecessors[target].append(source)
        successors[source].append(target)

    row: dict[str, float] = {}

    def place(layer: list[str]) -> None:
        middle = (len(layer) - 1) / 2
        row.update((node, index - middle) for index, node in enumerate(layer))

    for layer in layers:
        place(layer)
    for sweep in range(BARYCENTRE_SWEEPS):
        rightwards = sweep % 2 == 0
        neighbours = predecessors if rightwards else successors
        for layer in layers[1:] if rightwards else layers[-2::-1]:
            layer.sort(
                key=lambda node: (
                    fmean(row[n] for n in neighbours[node]) if neighbours[node] else row[node]
                )
            )
            place(layer)
    return layers


def rows_per_column(layer_sizes: list[int]) -> int:
    """The most rows a column may hold: the fewest that keep the drawing no wider
    than :data:`TARGET_ASPECT` times its height, or the tallest layer if even
    unwrapped the drawing is that wide; never fewer than
    :data:`MIN_ROWS_PER_COLUMN`.

    Parameters
    ----------
    layer_sizes : list of int
        The number of nodes in each layer.

    Returns
    -------
    int

    Examples
    --------
    >>> rows_per_column([6, 14, 9])
    14
    >>> rows_per_column([5000])  # 59 columns of 85 rows: 9,440 by 5,950 pixels
    85
    """
    tallest = max(layer_sizes)

    def fits(rows: int) -> bool:
        columns = sum(math.ceil(size / rows) for size in layer_sizes)
        width = columns * GEOMETRY["column_pitch"]
        return width <= TARGET_ASPECT * rows * GEOMETRY["row_pitch"]

    low, high = 1, tallest
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return max(low, min(tallest, MIN_ROWS_PER_COLUMN))


def layered_layout(exported: ExportGraph) -> dict[str, tuple[int, float]]:
    """The position of each node: (column, row), rows centred on 0.

    Parameters
    ----------
    exported : ExportGraph
        What to lay out.

    Returns
    -------
    dict of str to (int, float)
        Node -> (column, row): columns left to right by depth (a wrapped layer
        takes several), rows centred on 0 within each column.

    Examples
    --------
    >>> exported = ExportGraph({n: {"depth": 0, "domain": "x"} for n in "abc"}, [], [], [], None)
    >>> layered_layout(exported)
    {'a': (0, -1.0), 'b': (0, 0.0), 'c': (0, 1.0)}
    """
    layers = ordered_layers(exported)
    rows = rows_per_column([len(layer) for layer in layers])
    position: dict[str, tuple[int, float]] = {}
    column = 0
    for layer in layers:
        for start in range(0, len(layer), rows):
            members = layer[start : start + rows]
            middle = (len(members) - 1) / 2
            position.update((node, (column, index - middle)) for index, node in enumerate(members))
            column += 1
    return {node: position[node] for node in exported.nodes}


def page_data(exported: ExportGraph) -> dict[str, Any]:
    """What the page's script reads: nodes with positions, edges as index pairs.

    Parameters
    ----------
    exported : ExportGraph
        What to show.

    Returns
    -------
    dict
        ``geometry``, ``domains`` (name, colours, count), ``nodes`` (the
        attributes, ``id``, ``domain`` as an index, ``x`` column, ``y`` row),
        ``edges`` and ``related`` as index pairs, ``path`` and ``target`` as
        indices.

    Examples
    --------
    >>> exported = ExportGraph({"a": {"depth": 0, "domain": "x"}, "b": {"depth": 1, "domain": "x"}},
    ...                        [("a", "b")], [], ["a", "b"], "b")
    >>> data = page_data(exported)
    >>> data["edges"], data["path"], data["nodes"][1]["x"], data["domains"][0]["name"]
    ([[0, 1]], [0, 1], 1, 'x')
    """
    domains = exported.domains
    index = {node: position for position, node in enumerate(exported.nodes)}
    domain_index = {domain: position for position, domain in enumerate(domains)}
    layout = layered_layout(exported)
    nodes = []
    for node, attributes in exported.nodes.items():
        column, row = layout[node]
        nodes.append(
            {
                **attributes,
                "id": node,
                "domain": domain_index[attributes["domain"]],
                "x": column,
                "y": row,
            }
        )
    counts = {domain: 0 for domain in domains}
    for attributes in exported.nodes.values():
        counts[attributes["domain"]] += 1
    return {
        "geometry": GEOMETRY,
        "domains": [
            {
                "name": domain,
                "stroke": exported.colours[domain].stroke,
                "fill": exported.colours[domain].fill,
                "count": counts[domain],
            }
            for domain in domains
        ],
        "nodes": nodes,
        "edges": [[index[s], index[t]] for s, t in exported.prerequisite_edges],
        "related": [[index[s], index[t]] for s, t in exported.related_edges],
        "path": [index[node] for node in exported.path],
        "target": index[exported.target] if exported.target is not None else None,
    }


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text can close
    the element or open a comment; ``JSON.parse`` reads the same values.

    Parameters
    ----------
    data : JSON-ready value
        What to embed.

    Returns
    -------
    str

    Examples
    --------
    >>> print(script_json({"term": "</script><b>&"}))
    {"term":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


@cache
def _asset(name: str) -> str:
    return resources.files("kg.export").joinpath(name).read_text(encoding="utf-8")


def _source_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(exported: ExportGraph) -> str:
    """``exported`` as a complete HTML page.

    Parameters
    ----------
    exported : ExportGraph
        What to show.

    Returns
    -------
    str
        The page, its script, style and data inline.

    Examples
    --------
    >>> exported = ExportGraph({"a": {"depth": 0, "domain": "x", "term_en": "A", "term_zh": "甲"}},
    ...                        [], [], [], None)
    >>> page = render(exported)
    >>> page.startswith("<!DOCTYPE html>"), "default-src 'none'" in page
    (True, True)
    """
    script, style = _asset("page.js"), _asset("page.css")
    if exported.target is not None:
        target = exported.nodes[exported.target]
        title = f"dlkg · learning path to {target['term_en']} · {target['term_zh']} 学习路径"
    else:
        title = "dlkg · deep-learning knowledge graph · 深度学习知识图谱"
    values = {
        "title": html.escape(title),
        "csp": (
            f"default-src 'none'; script-src {_source_hash(script)}; "
            f"style-src {_source_hash(style)}; img-src data:"
        ),
        "style": style,
        "script": script,
        "data": script_json(page_data(exported)),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], _asset("page.html"))
