"""Cytoscape.js elements JSON (``.cyjs``), which Cytoscape desktop reads too.

``{"data": {}, "directed": true, "multigraph": false, "elements": {"nodes":
[{"data": {"id": ..., "name": <label>, ...}}], "edges": [{"data": {"source":
..., "target": ..., "kind": ...}}]}}``: pass ``elements`` to ``cytoscape()``.
``nx.cytoscape_graph`` reads it back.
"""

from __future__ import annotations

import json

import networkx as nx

from kg.export.attributes import ExportGraph, to_networkx


def render(exported: ExportGraph) -> str:
    """``exported`` as Cytoscape.js JSON; a node's ``name`` is its bilingual label.

    Parameters
    ----------
    exported : ExportGraph
        What to export.

    Returns
    -------
    str

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> from kg.export.attributes import select
    >>> from kg.graph import build_graph
    >>> graph = build_graph([Concept("a", Text("A", "甲"), Text("d", "定义"), "maths")])
    >>> json.loads(render(select(graph)))["elements"]["nodes"][0]["data"]["name"]
    'A · 甲'
    """
    data = nx.cytoscape_data(to_networkx(exported, flat=False), name="label")
    # networkx gives the graph's attributes as a list of pairs; Cytoscape.js
    # takes an object, and nx.cytoscape_graph reads either.
    data["data"] = dict(data["data"])
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
