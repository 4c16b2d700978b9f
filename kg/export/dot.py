"""Graphviz DOT: ``dot -Tsvg graph.dot -o graph.svg`` lays it out left to right.

Every id and value is a double-quoted string (ids such as ``engine.optim:sgd``
or with spaces would otherwise break the syntax), with ``\\`` and ``"``
escaped. Labels and tooltips also escape ``&``, which Graphviz would otherwise
read as the start of an HTML entity. Nodes keep the shared attributes (tags as
a JSON list) beside the drawing ones, and are filled with their domain's
colour; ``related`` links are dashed, without arrowheads, and do not constrain
the ranks. The font must hold Chinese, or PNG output shows empty boxes.
"""

from __future__ import annotations

from kg.export.attributes import RELATED, ExportGraph, flat_attributes

FONT = "Noto Sans CJK SC"
"""A font with CJK glyphs (Debian: fonts-noto-cjk); Graphviz falls back if missing."""

_GRAPH_STYLE = f"""\
  graph [rankdir=LR, fontname="{FONT}", nodesep=0.25, ranksep=0.7];
  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=11, penwidth=1.2];
  edge [fontname="{FONT}", color="#8c8c8c", arrowsize=0.7];
"""
_RELATED_STYLE = 'style=dashed, dir=none, constraint=false, color="#b0b0b0"'
_TARGET_PEN_WIDTH = 3


def quote(text: str | int) -> str:
    """``text`` as a DOT double-quoted string.

    Parameters
    ----------
    text : str or int
        A value.

    Returns
    -------
    str
        ``text`` in double quotes, ``\\``, ``"`` and line feeds escaped.

    Examples
    --------
    >>> print(quote('say "hi" \\\\ engine.optim:sgd'))
    "say \\"hi\\" \\\\ engine.optim:sgd"
    """
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def quote_label(text: str) -> str:
    """``text`` as a DOT string Graphviz displays as written (``&`` escaped too).

    Parameters
    ----------
    text : str
        Text to show; line feeds become line breaks.

    Returns
    -------
    str

    Examples
    --------
    >>> print(quote_label("A & B\\n甲"))
    "A &amp; B\\n甲"
    """
    return quote(text.replace("&", "&amp;"))


def render(exported: ExportGraph) -> str:
    """``exported`` as a DOT digraph.

    Parameters
    ----------
    exported : ExportGraph
        What to export.

    Returns
    -------
    str
        A ``digraph``, one statement a line.

    Examples
    --------
    >>> exported = ExportGraph({"a": {"term_en": "A", "term_zh": "甲", "definition_en": "x",
    ...     "definition_zh": "y", "domain": "d", "tags": []}}, [], [], [], None)
    >>> print(render(exported).splitlines()[4].replace(", ", ",\\n    "))
      "a" [label="A\\n甲",
        tooltip="x\\n\\ny",
        fillcolor="#dce4ed",
        color="#4e79a7",
        term_en="A",
        term_zh="甲",
        definition_en="x",
        definition_zh="y",
        domain="d",
        tags="[]"];
    """
    lines = ["digraph dlkg {", _GRAPH_STYLE.rstrip("\n")]
    for node, attributes in exported.nodes.items():
        colour = exported.colours[attributes["domain"]]
        drawing = {
            "label": quote_label(f"{attributes['term_en']}\n{attributes['term_zh']}"),
            "tooltip": quote_label(
                f"{attributes['definition_en']}\n\n{attributes['definition_zh']}"
            ),
            "fillcolor": quote(colour.fill),
            "color": quote(colour.stroke),
        }
        if node == exported.target:
            drawing["penwidth"] = quote(_TARGET_PEN_WIDTH)
        data = {key: quote(value) for key, value in flat_attributes(attributes).items()}
        fields = {**drawing, **{key: value for key, value in data.items() if key != "label"}}
        listed = ", ".join(f"{key}={value}" for key, value in fields.items())
        lines.append(f"  {quote(node)} [{listed}];")
    for source, target, kind in exported.edges():
        style = f", {_RELATED_STYLE}" if kind == RELATED else ""
        lines.append(f"  {quote(source)} -> {quote(target)} [kind={quote(kind)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
