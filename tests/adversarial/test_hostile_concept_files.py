"""A corpus of bad (and surprising but valid) concept files, run through the real CLI.

Each case runs ``python -m dlkg check`` in a subprocess with a time limit and a
memory cap: it must end with one ``path:line:col: message`` line per problem
(or succeed, where the file is valid), exit status 1 (or 0), no traceback, and
no crash of the process.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys

import pytest

from tests.conftest import concept_yaml

MEMORY_CAP = 1 << 30  # 1 GiB of address space: an alias bomb or a huge file would exceed it
TIME_LIMIT = 20  # seconds; every case takes well under one
PROBLEM_LINE = re.compile(r"^.+\.ya?ml:\d+:\d+: .+$")

VALID = concept_yaml("a")


def replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(12)
)

CASES = {
    # name: (files, exit status, text expected in the output)
    "syntax error": ({"m/a": "id: a\nterm: [unclosed\n"}, 1, "YAML syntax error"),
    "tab indentation": ({"m/a": replace("  en: Term a", "\ten: Term a")}, 1, "YAML syntax error"),
    "wrong type": ({"m/a": replace("tags: [tag-a]", "tags: {x: 1}")}, 1, "must be a list"),
    "duplicate keys": ({"m/a": VALID + "id: a\n"}, 1, "duplicate key 'id'"),
    "implicit typing stays text": (
        {"m/a": replace("tags: [tag-a]", "tags: [no, yes, 0x1F, '12:30', 2024-01-15, on, ~x]")},
        0,
        "OK: 1 concepts",
    ),
    "yes as a term": ({"m/a": replace("  en: Term a", "  en: yes")}, 0, "OK: 1 concepts"),
    "huge integer": ({"m/a": replace("  en: Term a", "  en: " + "9" * 100_000)}, 0, "OK"),
    "alias bomb": ({"m/a": ALIAS_BOMB}, 1, "anchors (&a) are not allowed"),
    "deep nesting": ({"m/a": "id: " + "[" * 100_000 + "]" * 100_000 + "\n"}, 1, "nesting deeper"),
    "deep block nesting": (
        {"m/a": "".join("  " * i + f"k{i}:\n" for i in range(1000))},
        1,
        "nesting deeper",
    ),
    "20 MB string": ({"m/a": b"id: '" + b"x" * (20 << 20) + b"'\n"}, 1, "larger than the"),
    "invalid UTF-8": ({"m/a": VALID.encode() + b"formula: '\xff\xfe'\n"}, 1, "invalid UTF-8"),
    "UTF-16 file": ({"m/a": VALID.encode("utf-16")}, 1, "invalid UTF-8"),
    "BOM and CRLF": ({"m/a": ("\ufeff" + VALID.replace("\n", "\r\n")).encode()}, 0, "OK"),
    "control character": ({"m/a": replace("Term a", "Term\x07a")}, 1, "control character U+0007"),
    "escaped control character": ({"m/a": replace("  en: Term a", '  en: "Term\\x07a"')}, 0, "OK"),
    "python tag": (
        {"m/a": VALID + "formula: !!python/object/apply:os.system ['touch /tmp/pwned']\n"},
        1,
        "explicit tags",
    ),
    "empty file": ({"m/a": ""}, 1, "the file is empty"),
    "only comments": ({"m/a": "# nothing here\n"}, 1, "the file is empty"),
    "list at the top": ({"m/a": "- id: a\n"}, 1, "must be a mapping of fields"),
    "several documents": ({"m/a": VALID + "---\n" + VALID}, 1, "more than one YAML document"),
    "self prerequisite": (
        {"m/a": concept_yaml("a", prerequisites=["a"])},
        1,
        "its own prerequisite",
    ),
    "id with a path": ({"m/a": replace("id: a", "id: ../../etc/passwd")}, 1, "not kebab-case"),
    "id with HTML": ({"m/a": replace("id: a", "id: '<script>alert(1)</script>'")}, 1, "kebab-case"),
    "ids differing in case": (
        {"m/a": VALID, "m/A": replace("id: a", "id: A")},
        1,
        "not kebab-case",
    ),
    "cycle across files": (
        {
            "m/a": concept_yaml("a", prerequisites=["c"]),
            "n/b": concept_yaml("b", prerequisites=["a"]),
            "o/c": concept_yaml("c", prerequisites=["b"]),
        },
        1,
        "prerequisite cycle",
    ),
    "duplicate ids across files": ({"m/a": VALID, "n/a": VALID}, 1, "duplicate id 'a'"),
    "null bytes": ({"m/a": b"id: a\x00\n"}, 1, "control character U+0000"),
    "engine pointing outside engine/": (
        {"m/a": VALID + "engine: os:system\n"},
        1,
        "must look like 'engine.module:function'",
    ),
    "mapping as a key": ({"m/a": "? [a, b]\n: c\n"}, 1, "key must be a plain value"),
    "unknown field": ({"m/a": VALID + "prereqs: [b]\n"}, 1, "did you mean 'prerequisites'"),
}


def limit_resources():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file(case, write_library, tmp_path):
    files, expected_status, expected_text = CASES[case]
    root = write_library(files)
    done = subprocess.run(
        [sys.executable, "-m", "dlkg", "check", "--content", str(root)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=limit_resources,
        env={**os.environ, "DLKG_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == expected_status, output[-2000:]
    assert expected_text in output, output[-2000:]
    assert "Traceback" not in output
    if expected_status == 1:
        *problems, summary = done.stderr.strip().splitlines()
        assert summary.startswith("Error: ")
        assert problems and all(PROBLEM_LINE.match(line) for line in problems), problems
        assert all(len(line) < 600 for line in problems), "messages quote only a short piece"
    assert not os.path.exists("/tmp/pwned")
