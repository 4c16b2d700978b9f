"""Mermaid: a ``flowchart LR`` to paste into Markdown or the Mermaid live editor.

Node ids are made from the concept ids (``c_`` and letters, digits and ``_``
only, so no id is a Mermaid keyword such as ``end``); labels are always quoted,
with the characters Mermaid would read as syntax written as its ``#code;``
entities: ``"`` (closes the label), ``#`` (starts an entity), ``%`` (``%%{``
starts a configuration directive anywhere in the text), ``:`` (part of what
Mermaid rewrites in style lines), backticks (Markdown strings), and ``< > &``
(labels are HTML). Prerequisites are arrows ``-->``; related links are dotted
lines without arrowheads, ``-.-``. Domains are classes with their colours.

Mermaid renders up to 500 edges by default (its ``maxEdges`` setting), so for
the whole library prefer a ``--domain`` or a ``--target`` selection.
"""

from __future__ import annotations

import re

from kg.export.attributes import RELATED, ExportGraph

_ENTITY_ESCAPED = '#"%&<>`:'
_ESCAPES = str.maketrans(
    {
        **{character: f"#{ord(character)};" for character in _ENTITY_ESCAPED},
        **dict.fromkeys("\t\n\x0b\x0c\x85\u2028\u2029", " "),
    }
)
_NOT_ID_CHARACTER = re.compile("[^A-Za-z0-9_]")
_TEXT_COLOUR = "#1f1f1f"
_TARGET_STROKE_WIDTH = "3px"


def label(text: str) -> str:
    """``text`` as a quoted Mermaid label that shows exactly ``text``.

    Parameters
    ----------
    text : str
        Text to show; line breaks become spaces.

    Returns
    -------
    str

    Examples
    --------
    >>> print(label('Say "hi" <b> #1 & 100%'))
    "Say #34;hi#34; #60;b#62; #35;1 #38; 100#37;"
    """
    return f'"{text.translate(_ESCAPES)}"'


def safe_ids(names: list[str], prefix: str) -> dict[str, str]:
    """A distinct Mermaid identifier for each name: ``prefix`` and ``[A-Za-z0-9_]``.

    Parameters
    ----------
    names : list of str
        Distinct names.
    prefix : str
        Starts every identifier (so none is a Mermaid keyword).

    Returns
    -------
    dict of str to str
        Name -> identifier; a clash gets ``_2``, ``_3``, ... in name order.

    Examples
    --------
    >>> safe_ids(["self-attention", "self_attention", "end"], "c_")
    {'self-attention': 'c_self_attention', 'self_attention': 'c_self_attention_2', 'end': 'c_end'}
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = prefix + _NOT_ID_CHARACTER.sub("_", name)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        result[name] = candidate
    return result


def render(exported: ExportGraph) -> str:
    """``exported`` as a Mermaid flowchart.

    Parameters
    ----------
    exported : ExportGraph
        What to export.

    Returns
    -------
    str

    Examples
    --------
    >>> exported = ExportGraph({"a": {"term_en": "A (x)", "term_zh": "甲", "domain": "d"},
    ...     "b": {"term_en": "B", "term_zh": "乙", "domain": "d"}}, [("a", "b")], [], [], None)
    >>> print(render(exported))
    flowchart LR
      c_a["A (x)<br/>甲"]
      c_b["B<br/>乙"]
      c_a --> c_b
      classDef dom_d fill:#dce4ed,stroke:#4e79a7,color:#1f1f1f
      class c_a,c_b dom_d
    <BLANKLINE>
    """
    ids = safe_ids(list(exported.nodes), "c_")
    domains = exported.domains
    classes = safe_ids(domains, "dom_")
    lines = ["flowchart LR"]
    for node, attributes in exported.nodes.items():
        text = label(attributes["term_en"])[:-1] + "<br/>" + label(attributes["term_zh"])[1:]
        lines.append(f"  {ids[node]}[{text}]")
    for source, target, kind in exported.edges():
        arrow = "-.-" if kind == RELATED else "-->"
        lines.append(f"  {ids[source]} {arrow} {ids[target]}")
    for domain in domains:
        colour = exported.colours[domain]
        members = [ids[node] for node, a in exported.nodes.items() if a["domain"] == domain]
        lines.append(
            f"  classDef {classes[domain]} fill:{colour.fill},stroke:{colour.stroke},"
            f"color:{_TEXT_COLOUR}"
        )
        lines.append(f"  class {','.join(members)} {classes[domain]}")
    if exported.target is not None:
        lines.append(f"  classDef target stroke-width:{_TARGET_STROKE_WIDTH}")
        lines.append(f"  class {ids[exported.target]} target")
    return "\n".join(lines) + "\n"
