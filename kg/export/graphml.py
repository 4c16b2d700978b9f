"""GraphML, for networkx, yEd, Gephi and Cytoscape.

GraphML attribute values are scalars, so a node's tags are a JSON list in a
string (``'["学习率", "SGD"]'``). Every edge has ``kind``: ``prerequisite`` or
``related``.
"""

from __future__ import annotations

import io

import networkx as nx

from kg.export.attributes import ExportGraph, to_networkx


def render(exported: ExportGraph) -> bytes:
    """``exported`` as a GraphML document (UTF-8).

    Parameters
    ----------
    exported : ExportGraph
        What to export.

    Returns
    -------
    bytes

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> from kg.export.attributes import select
    >>> from kg.graph import build_graph
    >>> concept = Concept("a", Text("A", "甲"), Text("d", "定义"), "maths", tags=("x",))
    >>> graph = build_graph([concept])
    >>> nx.read_graphml(io.BytesIO(render(select(graph)))).nodes["a"]["tags"]
    '["x"]'
    """
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(exported, flat=True), buffer, encoding="utf-8")
    return buffer.getvalue()
