"""A zip archive whose entries are deflated on every core, as pigz does.

A deck's collection is tens of megabytes of text (25 MB for 10,000 concepts),
and deflating it is, after SQLite, the longest step of an export. Python's
:mod:`zipfile` deflates on one core; zlib itself releases the GIL while it
works, so the data is cut into one piece per core, each deflated in a thread
with the 32 KiB before it as its dictionary (what a single stream would have
seen), all but the last ending on a byte boundary (``Z_SYNC_FLUSH``). Their
concatenation is one valid deflate stream, which every unzip reads.

:mod:`zipfile` cannot take data already compressed, so the archive's headers
are written here, as ``zipfile`` writes them (no zip64: an entry must be
under 4 GiB). The tests read every archive back with ``zipfile`` and with Anki.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Sequence

from kg.plumbing.parallel import process_count

WINDOW = 32 * 1024
"""Deflate's window: what each piece gets of the data before it."""
MIN_PIECE = 1 << 20
"""Data under this size per core is deflated in one piece."""
MAX_ENTRY = (1 << 32) - 1
"""The largest entry a zip without zip64 can describe."""
VERSION = 20
"""Zip 2.0: deflate; what :mod:`zipfile` writes for a deflated entry."""
MADE_ON_UNIX = 3 << 8
DEFLATED = 8


def deflate(data: bytes, level: int, pieces: int) -> bytes:
    """Raw deflate of ``data`` in ``pieces`` pieces compressed at once (one stream).

    Examples
    --------
    >>> data = b"attention is all you need " * 100_000
    >>> zlib.decompress(deflate(data, 1, 4), -zlib.MAX_WBITS) == data
    True
    """
    pieces = max(1, min(pieces, len(data) // MIN_PIECE))
    bounds = [len(data) * share // pieces for share in range(pieces + 1)]
    view = memoryview(data)
    results: list[bytes] = [b""] * pieces

    def piece(index: int) -> None:
        start, end = bounds[index], bounds[index + 1]
        dictionary = view[max(0, start - WINDOW) : start]
        compressor = (
            zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=dictionary)
            if start
            else zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
        )
        last = index == pieces - 1
        results[index] = compressor.compress(view[start:end]) + compressor.flush(
            zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
        )

    threads = [threading.Thread(target=piece, args=(index,)) for index in range(1, pieces)]
    for thread in threads:
        thread.start()
    piece(0)
    for thread in threads:
        thread.join()
    return b"".join(results)


def _dos_time(when: Sequence[int]) -> tuple[int, int]:
    """(time, date) of ``when`` = (year, month, day, hour, minute, second) in MS-DOS format."""
    year, month, day, hour, minute, second = when
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def zip_archive(entries: Sequence[tuple[str, bytes]], when: Sequence[int], level: int) -> bytes:
    """A zip of ``entries`` (name, data), each deflated at ``level``, all dated ``when``.

    Files are ``-rw-r--r--``; ``when`` is (year, month, day, hour, minute,
    second), 1980 or later.

    Raises
    ------
    ValueError
        If the archive would reach 4 GiB (zip64 is not written).

    Examples
    --------
    >>> import io, zipfile
    >>> archive = zip_archive([("a.txt", b"alpha" * 1000)], (2024, 1, 2, 3, 4, 6), 1)
    >>> with zipfile.ZipFile(io.BytesIO(archive)) as z:
    ...     z.read("a.txt") == b"alpha" * 1000, z.getinfo("a.txt").date_time
    (True, (2024, 1, 2, 3, 4, 6))
    """
    dos_time, dos_date = _dos_time(when)
    cores = process_count()
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in entries:
        if len(data) > MAX_ENTRY:
            raise ValueError(f"{name} is too large for a zip without zip64")
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800  # bit 11: the name is UTF-8
        compressed = deflate(data, level, cores)
        described = struct.pack(
            "<HHHHHIIIH",
            VERSION,
            flags,
            DEFLATED,
            dos_time,
            dos_date,
            zlib.crc32(data),
            len(compressed),
            len(data),
            len(encoded),
        )
        local += [b"PK\x03\x04", described, b"\0\0", encoded, compressed]
        central += [
            b"PK\x01\x02",
            struct.pack("<H", MADE_ON_UNIX | VERSION),
            described,
            struct.pack("<HHHHII", 0, 0, 0, 0, 0o100644 << 16, offset),
            encoded,
        ]
        offset += 4 + len(described) + 2 + len(encoded) + len(compressed)
    if offset > MAX_ENTRY:
        raise ValueError("the archive is too large for a zip without zip64")
    directory = b"".join(central)
    count = len(entries)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return b"".join([*local, directory, end])
