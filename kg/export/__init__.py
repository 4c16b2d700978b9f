"""Exporting the knowledge graph for visualization tools.

=========  ========================  ===========================================
format     file names                loads in
=========  ========================  ===========================================
graphml    ``.graphml``              networkx, yEd, Gephi, Cytoscape
gexf       ``.gexf``                 Gephi, networkx
dot        ``.dot``, ``.gv``         Graphviz (``dot -Tsvg``, ``dot -Tpng``)
json       ``.json``                 networkx node-link (``nx.node_link_graph``), D3
cytoscape  ``.cyjs``,                Cytoscape.js (its elements JSON), Cytoscape,
           ``.cytoscape.json``       ``nx.cytoscape_graph``
mermaid    ``.mmd``, ``.mermaid``    Mermaid (a ``flowchart LR``)
html       ``.html``, ``.htm``       any browser, offline: one self-contained page
=========  ========================  ===========================================

Every format carries the same nodes and edges (:mod:`kg.export.attributes`).
This package's top level imports only the standard library, so the command
line can offer :data:`FORMATS` without loading networkx.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from kg.export.progress import Progress
    from kg.library import Library

FORMATS = ("graphml", "gexf", "dot", "json", "cytoscape", "mermaid", "html")
"""The export formats, by the name ``--format`` takes."""

EXTENSIONS = {
    ".cytoscape.json": "cytoscape",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".dot": "dot",
    ".gv": "dot",
    ".json": "json",
    ".cyjs": "cytoscape",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".html": "html",
    ".htm": "html",
}
"""File-name endings and the format each implies; the longest ending that fits wins."""

_MODULES = {"json": "node_link"}
"""Where a format's module name differs from the format's name."""


def format_for_path(path: Path | str) -> str:
    """The format a file name implies, from its ending (case ignored).

    Raises
    ------
    ValueError
        If the ending is not one of :data:`EXTENSIONS`.

    Parameters
    ----------
    path : path or str
        The output file's name.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Examples
    --------
    >>> format_for_path("out/graph.GraphML")
    'graphml'
    >>> format_for_path("graph.cytoscape.json"), format_for_path("graph.json")
    ('cytoscape', 'json')
    """
    name = Path(path).name.lower()
    for ending in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(ending):
            return EXTENSIONS[ending]
    known = ", ".join(EXTENSIONS)
    raise ValueError(f"cannot tell the format from the name {Path(path).name!r} (known: {known})")


def export(
    source: Library | nx.DiGraph,
    fmt: str,
    *,
    target: str | None = None,
    domain: str | None = None,
    related: bool = True,
    progress: Progress | None = None,
) -> str | bytes:
    """The graph in format ``fmt``: bytes for the XML formats, text for the others.

    Parameters
    ----------
    source : Library or networkx.DiGraph
        A loaded library, or a graph made by :func:`kg.graph.build_graph`.
    fmt : str
        One of :data:`FORMATS`.
    target : str, optional
        Keep only the learning path to this concept id (highlighted in HTML).
    domain : str, optional
        Keep only this domain's concepts.
    related : bool
        Include the ``related`` links (a distinct kind of edge).
    progress : Progress, optional
        HTML only: colour each concept by the learner's state
        (:mod:`kg.export.progress`).

    Returns
    -------
    str or bytes
        ``bytes`` (UTF-8, with an XML declaration) for ``graphml`` and
        ``gexf``; ``str`` for the others.

    Raises
    ------
    ValueError
        If ``fmt`` is unknown, no concept has ``domain``, or the selection is
        empty; or ``progress`` is given for a format other than ``html``.
    KeyError
        If ``target`` is not in the graph.

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> from kg.graph import build_graph
    >>> graph = build_graph([
    ...     Concept("derivative", Text("Derivative", "导数"), Text("Rate.", "变化率。"), "maths"),
    ...     Concept("gradient", Text("Gradient", "梯度"), Text("Slopes.", "斜率。"), "maths",
    ...             prerequisites=("derivative",)),
    ... ])
    >>> print(export(graph, "mermaid").splitlines()[3])
      c_derivative --> c_gradient
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; the formats are: {', '.join(FORMATS)}")
    if progress is not None and fmt != "html":
        raise ValueError(f"progress is shown only by the html format, not {fmt}")
    import networkx as nx

    from kg.export.attributes import select

    graph = source if isinstance(source, nx.DiGraph) else source.graph
    exported = select(graph, target=target, domain=domain, related=related)
    if fmt == "html":
        from kg.export.html import render

        title = None if isinstance(source, nx.DiGraph) else source.course.title
        return render(exported, title=title, progress=progress)
    module = importlib.import_module(f"kg.export.{_MODULES.get(fmt, fmt)}")
    return module.render(exported)
