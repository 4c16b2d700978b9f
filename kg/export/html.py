"""The interactive HTML page: one file that works offline.

The page (``page.html``, ``page.js``, ``page.css`` beside this module) is
filled in here with the graph's data, and everything is inlined, the two
vendored libraries too (``vendor/``: dagre lays the graph out, KaTeX renders
formulas): no network. A Content-Security-Policy allows only the page's own
scripts and style (by their SHA-256), so nothing in a concept's text could run
even if it reached the markup; and it does not: the data travels as JSON in a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
the script shows text with ``textContent`` and canvas ``fillText`` only.

The page draws on a canvas, so that thousands of concepts stay fluid, and lists
every concept in a panel as well (the list view of narrow screens, search, the
keyboard, screen readers and tests). A link ending in ``#<concept id>`` opens
that concept; ``#selftest`` is the hook the browser tests use (see the end of
``page.js``).

Layout
------
The browser lays the graph out with dagre (a layered, Sugiyama-style drawing:
prerequisites left of what needs them, crossings reduced by its ordering
sweeps), after measuring each label, so that labels wrap in full. dagre needs
minutes for thousands of concepts, so a selection of more than
:data:`LAYOUT_LIMIT` concepts is mapped a part at a time: its most built-on
concepts first, then the neighbourhood of whichever concept is chosen.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from kg.concept import Text
from kg.export.attributes import ExportGraph
from kg.export.progress import NEXT_SHOWN, STATE_COLOURS, STATE_NAMES, STATES, Progress

GEOMETRY = {"node_width": 128}
"""A node's width in CSS pixels at zoom 1 (its height follows its label)."""
LAYOUT_LIMIT = 450
"""The most concepts laid out as one map: dagre takes about 3 s for 400 concepts
(646 prerequisites) in headless Chromium on a 2-core machine."""
DEFAULT_TITLE = Text("dlkg · deep-learning knowledge graph", "深度学习知识图谱")
"""The title of a page made from a bare graph rather than a library."""
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def descendant_counts(exported: ExportGraph) -> dict[str, int]:
    """How many exported concepts build on each one, directly or not.

    Parameters
    ----------
    exported : ExportGraph
        Nodes in learning order (every prerequisite before what needs it).

    Returns
    -------
    dict of str to int

    Examples
    --------
    >>> nodes = {n: {"domain": "x"} for n in "abc"}
    >>> exported = ExportGraph(nodes, [("a", "b"), ("b", "c"), ("a", "c")], [], [], None)
    >>> descendant_counts(exported)
    {'a': 2, 'b': 1, 'c': 0}
    """
    index = {node: position for position, node in enumerate(exported.nodes)}
    dependents: dict[str, list[str]] = {node: [] for node in exported.nodes}
    for source, target in exported.prerequisite_edges:
        dependents[source].append(target)
    below: dict[str, int] = {}  # a bit set of descendants, by learning-order index
    for node in reversed(exported.nodes):
        bits = 0
        for dependent in dependents[node]:
            bits |= below[dependent] | (1 << index[dependent])
        below[node] = bits
    return {node: below[node].bit_count() for node in exported.nodes}


def progress_data(exported: ExportGraph, progress: Progress) -> dict[str, Any]:
    """What the page reads of the learner's progress, per node in export order.

    Parameters
    ----------
    exported : ExportGraph
        What the page shows.
    progress : Progress
        The learner's states.

    Returns
    -------
    dict
        ``made``, ``source``, the state ``colours`` and ``names`` and their
        legend ``order``; per node: ``states``, ``retrievability``,
        ``due_now``, ``next_due`` and ``rank`` (its place in the course order);
        ``due`` (the nodes with cards due, most due first) and ``next`` (the
        ready ones in course order) as indices, and ``next_shown``.

    Examples
    --------
    >>> from kg.export.progress import ConceptState
    >>> nodes = {"a": {"domain": "x"}, "b": {"domain": "x"}}
    >>> exported = ExportGraph(nodes, [("a", "b")], [], [], None)
    >>> progress = Progress("2025-01-01 09:00 UTC", "study.db",
    ...                     {"a": ConceptState("learned", 0.9)}, ["a", "b"])
    >>> data = progress_data(exported, progress)
    >>> data["states"], data["retrievability"], data["next"]
    (['learned', 'locked'], [0.9, None], [])
    """
    index = {node: position for position, node in enumerate(exported.nodes)}
    rank = {concept: position for position, concept in enumerate(progress.order)}
    states = [progress.states.get(node) for node in exported.nodes]
    due = sorted(
        (i for i, state in enumerate(states) if state is not None and state.due_now),
        key=lambda i: (-states[i].due_now, i),  # type: ignore[union-attr]
    )
    return {
        "made": progress.made,
        "source": progress.source,
        "colours": STATE_COLOURS,
        "names": STATE_NAMES,
        "order": list(STATES),
        "states": [state.state if state else "locked" for state in states],
        "retrievability": [
            None
            if state is None or state.retrievability is None
            else round(state.retrievability, 3)
            for state in states
        ],
        "due_now": [state.due_now if state else 0 for state in states],
        "next_due": [state.next_due if state else None for state in states],
        "rank": [rank.get(node, len(rank)) for node in exported.nodes],
        "due": due,
        "next": [index[node] for node in progress.next_to_learn(exported.nodes)],
        "next_shown": NEXT_SHOWN,
    }


def page_data(
    exported: ExportGraph, *, title: Text | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """What the page's script reads: nodes with their details, edges as index pairs.

    Parameters
    ----------
    exported : ExportGraph
        What to show.
    title : Text, optional
        The library's title (its course's); :data:`DEFAULT_TITLE` if not given.
    progress : Progress, optional
        The learner's progress, to colour each concept by.

    Returns
    -------
    dict
        ``geometry``, ``layout_limit``, ``title``, ``domains`` (name, colours,
        count), ``nodes`` (the attributes and details, ``id``, ``domain`` as an
        index, ``weight``: how many concepts build on it), ``edges`` and
        ``related`` as index pairs, ``path`` and ``target`` as indices, and
        ``progress`` (:func:`progress_data`, or None).

    Examples
    --------
    >>> exported = ExportGraph({"a": {"depth": 0, "domain": "x"}, "b": {"depth": 1, "domain": "x"}},
    ...                        [("a", "b")], [], ["a", "b"], "b")
    >>> data = page_data(exported)
    >>> data["edges"], data["path"], data["nodes"][0]["weight"], data["domains"][0]["name"]
    ([[0, 1]], [0, 1], 1, 'x')
    """
    domains = exported.domains
    index = {node: position for position, node in enumerate(exported.nodes)}
    domain_index = {domain: position for position, domain in enumerate(domains)}
    weight = descendant_counts(exported)
    nodes = [
        {
            **attributes,
            **exported.details.get(node, {}),
            "id": node,
            "domain": domain_index[attributes["domain"]],
            "weight": weight[node],
        }
        for node, attributes in exported.nodes.items()
    ]
    counts = {domain: 0 for domain in domains}
    for attributes in exported.nodes.values():
        counts[attributes["domain"]] += 1
    shown_title = title or DEFAULT_TITLE
    return {
        "geometry": GEOMETRY,
        "layout_limit": LAYOUT_LIMIT,
        "title": {"en": shown_title.en, "zh": shown_title.zh},
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
        "progress": progress_data(exported, progress) if progress is not None else None,
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
    """A file beside this module; a vendored script without its source-map comment and with
    its control characters written as escapes (dagre has U+0001 in a string literal), which
    read the same in a JavaScript string and keep the page free of them."""
    text = resources.files("kg.export").joinpath(name).read_text(encoding="utf-8")
    if not name.startswith("vendor/"):
        return text
    text = _SOURCE_MAP.sub("", text)
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _source_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(
    exported: ExportGraph, *, title: Text | None = None, progress: Progress | None = None
) -> str:
    """``exported`` as a complete HTML page.

    Parameters
    ----------
    exported : ExportGraph
        What to show.
    title : Text, optional
        The library's title; :data:`DEFAULT_TITLE` if not given.
    progress : Progress, optional
        The learner's progress, to colour each concept by.

    Returns
    -------
    str
        The page, its scripts, style and data inline.

    Examples
    --------
    >>> exported = ExportGraph({"a": {"depth": 0, "domain": "x", "term_en": "A", "term_zh": "甲"}},
    ...                        [], [], [], None)
    >>> page = render(exported, title=Text("Maths", "数学"))
    >>> page.startswith("<!DOCTYPE html>"), "default-src 'none'" in page, "<title>Maths" in page
    (True, True, True)
    """
    scripts = {
        "dagre": _asset("vendor/dagre.min.js"),
        "katex": _asset("vendor/katex.min.js"),
        "script": _asset("page.js"),
    }
    style = _asset("page.css")
    shown = title or DEFAULT_TITLE
    if exported.target is not None:
        target = exported.nodes[exported.target]
        page_title = (
            f"{shown.en} · learning path to {target['term_en']} · {target['term_zh']} 学习路径"
        )
    else:
        page_title = shown.label() if shown.zh != shown.en else shown.en
    if progress is not None:
        page_title += f" · progress {progress.made}"
    script_hashes = " ".join(_source_hash(source) for source in scripts.values())
    values = {
        **scripts,
        "title": html.escape(page_title),
        "csp": (
            f"default-src 'none'; script-src {script_hashes}; "
            f"style-src {_source_hash(style)}; img-src data:"
        ),
        "style": style,
        "data": script_json(page_data(exported, title=title, progress=progress)),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], _asset("page.html"))
