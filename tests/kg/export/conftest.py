"""Graphs to export (small, hostile, synthetic at scale) and a headless Chromium driver."""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from kg.concept import Concept, Text
from kg.graph import build_graph
from kg.library import Library, load_library
from tests.conftest import BUNDLED_CONTENT

HERE = Path(__file__).resolve().parent

HOSTILE_TEXTS = (
    "<script>alert('x')</script>",
    '<img src=x onerror="document.title=1">',
    "\"double\" and 'single' quotes",
    "a & b &amp; &lt;not a tag&gt; &#60;",
    "]]> ends CDATA, --> ends a comment, <!-- opens one",
    "control \x01\x02\x08\x0b\x0c\x1b\x7f\x85 characters",
    "line\nbreaks\r\nand\rreturns\u2028\u2029",
    '%%{init: {"securityLevel": "loose"}}%%',
    "#quot; #35; #lt; `markdown` end subgraph",
    "back\\slash \\n \\N \\G \\\\",
    'style x fill:#f00; classDef y stroke:#0f0; click a "b"',
    "{{data}} {{script}} </style></script><title>",
    "\ufffe\uffff lone surrogate \ud800 end",
    "Ελληνικά · 中文 · العربية · 😀 · e\u0301",
)
"""Text that tries to break out of every format's quoting."""


def make_concept(concept_id: str, domain: str = "maths", **fields) -> Concept:
    """A concept with bilingual placeholder text unless ``fields`` say otherwise."""
    return Concept(
        id=concept_id,
        term=fields.pop("term", Text(f"Term {concept_id}", f"术语 {concept_id}")),
        definition=fields.pop(
            "definition", Text(f"The definition of {concept_id}.", f"{concept_id} 的定义。")
        ),
        domain=domain,
        **fields,
    )


def hostile_concepts() -> list[Concept]:
    """Concepts whose every text field, and some ids, carry :data:`HOSTILE_TEXTS`."""
    concepts = [make_concept("plain", tags=("ok",), related=("engine.optim:sgd step",))]
    for index, text in enumerate(HOSTILE_TEXTS):
        other = HOSTILE_TEXTS[(index + 1) % len(HOSTILE_TEXTS)]
        concepts.append(
            make_concept(
                f"hostile-{index}",
                domain='evil <domain> & "co"' if index % 2 else "maths",
                term=Text(text, other),
                definition=Text(other, text),
                tags=(text, other),
                engine=f"engine.{index}:{text[:10]}",
                prerequisites=("plain",) if index else (),
                related=("plain",) if index % 3 == 0 else (),
            )
        )
    concepts.append(make_concept("engine.optim:sgd step", term=Text("id with : and space", "冒号")))
    return concepts


def hostile_graph() -> nx.DiGraph:
    return build_graph(hostile_concepts())


ROOT_SHARE = 0.02
"""The share of synthetic concepts with no prerequisites."""


def synthetic_concepts(count: int, *, seed: int = 0) -> list[Concept]:
    """``count`` concepts in 8 domains, each with up to three earlier prerequisites.

    Prerequisites come from the 300 concepts before, so the depth grows with
    ``count`` (about 60 layers at 5,000), as in a large real library.
    """
    rng = random.Random(seed)
    domains = [f"domain-{number}" for number in range(8)]
    concepts = []
    for index in range(count):
        earlier = range(max(0, index - 300), index)
        picks = rng.randint(1, 3) if index and rng.random() > ROOT_SHARE else 0
        prerequisites = sorted({f"c{rng.choice(earlier):05d}" for _ in range(picks)})
        related = (f"c{rng.choice(earlier):05d}",) if index and rng.random() < 0.3 else ()
        concepts.append(
            make_concept(
                f"c{index:05d}",
                domain=rng.choice(domains),
                term=Text(f"Synthetic concept number {index}", f"合成概念 {index} 号"),
                definition=Text(
                    f"Concept {index} stands for a deep-learning idea; " * 3,
                    f"概念 {index} 代表一个深度学习的想法。" * 3,
                ),
                tags=(f"tag-{index % 17}", "合成"),
                prerequisites=tuple(prerequisites),
                related=related,
                engine="engine.losses:mse" if index % 5 == 0 else None,
            )
        )
    return concepts


@pytest.fixture(scope="session")
def bundled() -> Library:
    """The concept library shipped with dlkg."""
    return load_library(BUNDLED_CONTENT)


# ---- Checking Mermaid without Mermaid --------------------------------------

_MERMAID_LINE = re.compile(
    r'  c_\w+\["[^"\n]*<br/>[^"\n]*"\]'
    r"|  c_\w+ (?:-->|-\.-) c_\w+"
    r"|  classDef \w+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}"
    r"|  classDef target stroke-width:\dpx"
    r"|  class c_\w+(?:,c_\w+)* \w+"
)
_MERMAID_ENTITY = re.compile(r"#(\d+);")


def mermaid_structure(text: str) -> dict[str, str]:
    """Check ``text`` line by line against the Mermaid we mean to write.

    Returns each node's label as Mermaid will show it (entities decoded, the
    ``<br/>`` as a line break); fails the test on any other line.
    """
    lines = text.split("\n")[:-1]  # not splitlines(): U+2028 and friends are text here
    assert lines[0] == "flowchart LR"
    labels = {}
    for line in lines[1:]:
        assert _MERMAID_LINE.fullmatch(line), f"unexpected Mermaid line: {line!r}"
        if line.endswith('"]'):
            node, _, quoted = line.strip().partition("[")
            inside = quoted[1:-2]
            assert not set(inside.replace("<br/>", "")) & set('"%<>&`:'), inside
            assert re.sub(r"#\d+;", "", inside).count("#") == 0, inside
            shown = _MERMAID_ENTITY.sub(lambda m: chr(int(m.group(1))), inside)
            labels[node] = shown.replace("<br/>", "\n")
    return labels


# ---- Headless Chromium ------------------------------------------------------

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (.ci/run installs it)"
)
_SELFTEST = re.compile(r'<pre id="selftest">(.*?)</pre>', re.DOTALL)


def run_chromium(url: str, profile: Path, *arguments: str, timeout: float = 120) -> str:
    """Run headless Chromium on ``url`` and return its standard output.

    No network, no first-run work, a throwaway profile; ``--virtual-time-budget``
    lets the page settle before the DOM is dumped or the screenshot taken.
    """
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        *arguments,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def page_selftest(page: Path, profile: Path) -> tuple[dict, str]:
    """Load ``page`` with ``#selftest``: the page's report, and the dumped DOM."""
    dom = run_chromium(page.as_uri() + "#selftest", profile, "--dump-dom")
    found = _SELFTEST.search(dom)
    assert found, "the page wrote no self-test report (did its script run?)"
    return json.loads(html.unescape(found.group(1))), dom


def screenshot(page: Path, output: Path, profile: Path, *, size=(1400, 900), hash_="") -> Path:
    """A PNG of ``page`` at ``size`` pixels."""
    run_chromium(
        page.as_uri() + hash_,
        profile,
        f"--window-size={size[0]},{size[1]}",
        f"--screenshot={output}",
    )
    return output


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (and a check that it is one)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
