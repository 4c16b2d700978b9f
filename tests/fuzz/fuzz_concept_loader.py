"""Coverage-guided fuzzing of the concept-file reader and schema (atheris).

Run by hand: ``python tests/fuzz/fuzz_concept_loader.py -max_total_time=60``.
The test suite runs it for a bounded time (tests/fuzz/test_fuzz.py). Only
dlkg's own error (YamlError) may escape a bad input; anything else is a bug.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from kg.safe_yaml import YamlError, decode, parse
    from kg.schema import concept_from_document


def one_input(data: bytes) -> None:
    try:
        document = parse(decode(data))
    except YamlError as err:
        assert err.line >= 1 and err.column >= 1
        return
    concept, problems = concept_from_document("fuzz.yaml", "fuzz", "d", document)
    # A concept comes back whenever its id, term and definition are valid, even beside
    # other problems (a wrong id, say), so that the checks across files still see it;
    # no concept always comes with a reason, and no problem always with a concept.
    assert problems or concept is not None
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
