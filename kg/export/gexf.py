"""GEXF 1.2, for Gephi and networkx.

Nodes carry the shared attributes (tags as a JSON list in a string, since GEXF
would read a list as a time series), their bilingual ``label`` as the GEXF
label, and their domain's colour as ``viz`` data, which Gephi shows. Every edge
has ``kind``: ``prerequisite`` or ``related``.
"""

from __future__ import annotations

import io

import networkx as nx

from kg.export.attributes import ExportGraph, to_networkx


def render(exported: ExportGraph) -> bytes:
    """``exported`` as a GEXF document (UTF-8).

    Parameters
    ----------
    exported : ExportGraph
        What to export.

    Returns
    -------
    bytes

    Examples
    --------
    >>> node = {"label": "A · 甲", "domain": "d", "tags": []}
    >>> exported = ExportGraph({"a": node}, [], [], [], None)
    >>> nx.read_gexf(io.BytesIO(render(exported))).nodes["a"]["label"]
    'A · 甲'
    """
    graph = to_networkx(exported, flat=True)
    for _, attributes in graph.nodes(data=True):
        stroke = exported.colours[attributes["domain"]].stroke
        red, green, blue = (int(stroke[i : i + 2], 16) for i in (1, 3, 5))
        attributes["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()
