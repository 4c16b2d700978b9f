"""Coverage-guided fuzzing of the .apkg reader (atheris).

Each input is read four ways, so that the fuzzer reaches every layer:

1. as the package file itself (the zip archive, its entries and sizes);
2. as the ``collection.anki2`` inside a well-formed zip (SQLite, the tables
   and the JSON in the ``col`` row);
3. as the legacy JSON ``media`` list of a package;
4. as the protobuf ``MediaEntries`` of an Anki 2.1.50+ package (zstd-compressed
   here, as Anki stores it).

Whatever reads, its notes become concept drafts, and every draft must be a
file dlkg's own YAML reader accepts. Only the reader's own error (ApkgError)
may escape; anything else is a bug.

Run by hand: ``python tests/fuzz/fuzz_apkg_reader.py -max_total_time=60 CORPUS SEEDS``.
The test suite runs it for a bounded time with an exported deck as seed
(tests/fuzz/test_fuzz.py).
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

# Libraries the reader only reaches through other modules are imported first,
# uninstrumented: instrumenting networkx and numpy takes seconds and finds nothing.
import networkx  # noqa: F401
import numpy  # noqa: F401

with atheris.instrument_imports():
    import zstandard

    from kg.safe_yaml import decode, parse
    from quiz.anki.drafts import concept_drafts
    from quiz.anki.package_reader import ApkgError, Limits, read_apkg

MIB = 1 << 20
LIMITS = Limits(collection_bytes=8 * MIB, media_list_bytes=MIB, media_files=10_000)
"""Smaller than the defaults, so that a big input stays quick; the same code paths."""
LATEST_META = b"\x08\x03"
"""``PackageMetadata { version: 3 }``: the collection is ``collection.anki21b``."""


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read_package(package: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="dlkg-fuzz-apkg-") as folder:
        path = Path(folder, "input.apkg")
        path.write_bytes(package)
        try:
            apkg = read_apkg(path, limits=LIMITS)
        except ApkgError as err:
            assert err.problem and "\n" not in str(err)
            return
    apkg.summary()
    for draft in concept_drafts(apkg):
        parse(decode(draft.to_yaml().encode("utf-8")))


def one_input(data: bytes) -> None:
    read_package(data)
    read_package(zip_bytes({"collection.anki2": data}))
    read_package(zip_bytes({"collection.anki2": b"", "media": data}))
    media = zstandard.ZstdCompressor().compress(data)
    read_package(zip_bytes({"meta": LATEST_META, "collection.anki21b": b"", "media": media}))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
