"""Node-link JSON, as networkx (``nx.node_link_graph``) and D3 read it.

``{"directed": true, "multigraph": false, "graph": {}, "nodes": [{"id": ...,
"term_en": ..., "tags": [...], ...}], "edges": [{"source": ..., "target": ...,
"kind": "prerequisite"}]}``. The edge list is named ``edges`` explicitly: the
default of ``node_link_data`` changed between networkx versions.
"""

from __future__ import annotations

import json

import networkx as nx

from kg.export.attributes import ExportGraph, to_networkx


def render(exported: ExportGraph) -> str:
    """``exported`` as indented node-link JSON.

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
    >>> t = Text("x", "x")
    >>> b = Concept("b", t, t, "d", prerequisites=("a",))
    >>> graph = build_graph([Concept("a", t, t, "d"), b])
    >>> read = nx.node_link_graph(json.loads(render(select(graph))), edges="edges")
    >>> list(read.edges(data=True)), read.nodes["b"]["depth"]
    ([('a', 'b', {'kind': 'prerequisite'})], 1)
    """
    data = nx.node_link_data(to_networkx(exported, flat=False), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
