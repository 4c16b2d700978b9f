"""Writing files so that a reader never sees half of one.

Every file dlkg writes (exports, decks, concept drafts) goes through
:func:`atomic_write`: the data goes to a temporary file in the same folder,
is flushed to disk, and is renamed over the target in one step. An
interrupted write leaves the old file, never a truncated one.
"""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(
    path: Path | str, data: bytes | str | list[bytes], *, durable: bool = True
) -> Path:
    """Write ``data`` (text is encoded as UTF-8; a list of pieces is written one
    after the other, never joined in memory) to ``path`` atomically.

    ``durable=False`` skips flushing the data to disk before the rename: for
    files that may be lost in a crash at no cost but time (the compile cache),
    where a reader checks what it reads anyway.

    Raises
    ------
    OSError
        If the folder is missing or not writable, or the disk is full; the
        target is left as it was and no temporary file remains.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "graph.json"
    >>> _ = atomic_write(target, '{"nodes": []}')
    >>> target.read_text()
    '{"nodes": []}'
    """
    import tempfile  # not at the top: the warm load that writes nothing need not import it

    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    pieces = payload if isinstance(payload, list) else [payload]
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.writelines(pieces)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
