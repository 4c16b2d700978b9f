"""Files that check themselves: a header line with a checksum, a marshalled index, records.

The compile cache (:mod:`kg.cache`) and the numeric-problem cache
(:mod:`quiz.anki.problem_cache`) are stored this way::

    <magic><sha256 of everything after this line> <length of the index>[ <more fields>]
    <index: any plain data, in marshal's format><records: bytes>

:mod:`marshal` reads plain data three times as fast as JSON; its format can
change between Python versions, so callers keep a file per version. A file
that is missing, has another magic, a malformed header or a wrong checksum
reads as None: a cache is never trusted on its word.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import sys
from pathlib import Path
from typing import Any

from kg.plumbing.atomic import atomic_write


def read_checked(path: Path, magic: bytes) -> tuple[bytes, list[bytes], Any, bytes] | None:
    """(checksum, other header fields, index, records) if the checksum holds; else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header_end = raw.find(b"\n")
    if header_end < 0 or not raw.startswith(magic):
        return None
    fields = raw[len(magic) : header_end].split(b" ")
    if len(fields) < 2 or not fields[1].isdigit():
        return None
    digest, length, *others = fields
    body = memoryview(raw)[header_end + 1 :]  # hashed and sliced without a copy
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    index_end = header_end + 1 + int(length)
    try:
        index = marshal.loads(raw[header_end + 1 : index_end])
    except (EOFError, ValueError, TypeError):
        return None
    return digest, others, index, raw[index_end:]


def read_checked_index(path: Path, magic: bytes) -> tuple[bytes, list[bytes], Any, Any] | None:
    """As :func:`read_checked`, for a file written with ``index_only``: the checksum
    covers the index alone, and the records are not read but mapped (a
    :class:`mmap.mmap` of the file, or its bytes where mapping fails), with the
    offset where they start: ``(checksum, fields, index, (mapped, start))``.
    The caller checks each record it uses (the compile cache keeps a CRC of
    each in its index)."""
    try:
        with open(path, "rb") as stream:
            header = stream.readline(512)
            if not header.endswith(b"\n") or not header.startswith(magic):
                return None
            fields = header[len(magic) : -1].split(b" ")
            if len(fields) < 2 or not fields[1].isdigit():
                return None
            digest, length, *others = fields
            index_bytes = stream.read(int(length))
            if hashlib.sha256(index_bytes).hexdigest().encode() != digest:
                return None
            try:  # on Windows a mapped file could not be replaced: read it
                if sys.platform == "win32":
                    raise OSError("not mapped")
                mapped: Any = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                stream.seek(0)
                mapped = stream.read()
    except OSError:
        return None
    try:
        index = marshal.loads(index_bytes)
    except (EOFError, ValueError, TypeError):
        return None
    return digest, others, index, (mapped, len(header) + len(index_bytes))


def write_checked(
    path: Path,
    magic: bytes,
    index: Any,
    records: list[bytes],
    more: tuple[bytes, ...] = (),
    *,
    index_only: bool = False,
) -> bytes:
    """Write the header line (``magic``, checksum, index length, ``more``), index and records.

    ``more`` are header fields of the caller's own (no spaces or line breaks),
    which :func:`read_checked` gives back. With ``index_only`` the checksum covers
    the index alone (see :func:`read_checked_index`). The file is replaced atomically but
    not flushed to disk: a cache torn by a crash fails its checksum. Returns
    the checksum written.
    """
    index_bytes = marshal.dumps(index)
    digest = hashlib.sha256(index_bytes)
    if not index_only:
        for record in records:  # piece by piece: a library's records are tens of MB
            digest.update(record)
    checksum = digest.hexdigest().encode()
    header = magic + b" ".join([checksum, b"%d" % len(index_bytes), *more]) + b"\n"
    atomic_write(path, [header, index_bytes, *records], durable=False)
    return checksum


def read_table(path: Path, magic: bytes, key: bytes) -> dict[Any, Any]:
    """The dict :func:`write_table` stored in ``path`` under ``key``.

    Empty if the file is missing or damaged, was stored under another key (made
    by other code), or holds something else than a dict.
    """
    stored = read_checked(path, magic)
    if stored is None or stored[1] != [key] or not isinstance(stored[2], dict):
        return {}
    return stored[2]


def write_table(path: Path, magic: bytes, table: dict[Any, Any], key: bytes) -> None:
    """Store ``table`` (plain data) in ``path`` under ``key``, making its folder.

    A write that fails is ignored: these files are caches, and a lost one only
    costs time on the next run.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_checked(path, magic, table, [], more=(key,))
    except OSError:
        pass
