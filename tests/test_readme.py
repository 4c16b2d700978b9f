"""Every console example of README.md is what the current code prints.

A ``console`` block is a transcript: lines starting with ``$ `` are commands
(``dlkg ...``, optionally after ``NAME=value`` settings), the lines after one
are what it prints, at 80 columns. What a learner types is read back from the
prompts (``Your answer: 0.345``). Each example is run and compared line by line.

After a change to what dlkg prints, ``python -m tests.test_readme`` rewrites the
transcripts from fresh runs; read the diff before committing it.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlkg.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
WIDTH = "80"
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)
TYPED = re.compile(r"^(?:Your answer|你的答案|Press Enter to see the answer)(?:: |：)(.*)$")


def examples(text: str) -> list[tuple[str, list[str]]]:
    """(command line, printed lines) of every console block, in order."""
    found = []
    for block in BLOCK.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            while output and not output[-1].strip():
                output.pop()
            found.append((command, output))
    return found


def parse(command: str) -> tuple[list[str], dict[str, str | None]]:
    """The arguments after ``dlkg``, and the environment (settings before it, at 80 columns)."""
    words = shlex.split(command)
    env: dict[str, str | None] = {"COLUMNS": WIDTH, "DLKG_LANG": None, "DLKG_LATEX": None}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "dlkg", f"an example runs dlkg: {command}"
    return words[1:], env


def output_of(command: str, transcript: list[str]) -> list[str]:
    """What ``command`` prints, answering each prompt as the transcript shows."""
    args, env = parse(command)
    typed = [match.group(1) for line in transcript if (match := TYPED.match(line))]
    result = CliRunner().invoke(
        cli, args, input="".join(f"{line}\n" for line in typed), env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.output.rstrip("\n").split("\n")]


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_console_examples():
    assert len(EXAMPLES) >= 3
    assert all(output for _, output in EXAMPLES), "a console example shows what it prints"


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_a_console_example_is_what_dlkg_prints(command, expected):
    assert output_of(command, expected) == [line.rstrip() for line in expected]


def rewrite(path: Path = README) -> None:
    """Replace every transcript's output with a fresh run's."""
    text = path.read_text(encoding="utf-8")

    def fresh(block: re.Match) -> str:
        parts = []
        for chunk in re.split(r"^\$ ", block.group(1), flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            parts.append("$ " + command + "\n" + "\n".join(output_of(command, output)) + "\n")
        return "```console\n" + "\n".join(parts) + "```"

    path.write_text(BLOCK.sub(fresh, text), encoding="utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]) if len(sys.argv) > 1 else README)
