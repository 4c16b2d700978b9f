"""A hardened YAML reader for concept files, which are user input.

``yaml.safe_load`` alone is not enough for files a user (or a stranger) wrote:
it turns ``no`` into False and ``2024-01-15`` into a date, keeps the last of two
duplicate keys, expands alias bombs, and its C loader recurses once per nesting
level. So this module reads the *event stream* of libyaml's parser (a state
machine, not recursion) and builds plain values itself, with an explicit stack:

- bytes are read with a size cap, decoded as UTF-8 (a BOM and CRLF are fine);
- control characters are rejected with their line and column;
- every scalar stays a string (``no`` is ``"no"``); only an empty or ``null``
  plain scalar becomes None;
- anchors, aliases, explicit tags and multiple documents are rejected;
- nesting depth is capped while parsing, before anything deep is built;
- duplicate keys are an error, and every error carries line and column.

The result is a :class:`Document`: the value plus the 1-based position of every
value and key, addressed by its path (``("term", "en")``, ``("tags", 2)``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.text import CONTROL_CHARACTERS

MAX_FILE_BYTES = 1 << 20
"""Largest concept file read (1 MiB); a concept is a few hundred bytes."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted (a concept needs 2)."""

_NULL_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})
try:  # libyaml's parser alone: events are all we need, no constructor or resolver
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader

Path_ = tuple[str | int, ...]
Position = tuple[int, int]


class YamlError(ValueError):
    """The text is not an acceptable YAML document; ``line``/``column`` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        message = " ".join(message.split())  # one line, whatever the parser said
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    """A parsed file: the value, and where each value and key was written.

    ``positions[path]`` is where the value at ``path`` starts;
    ``key_positions[path]`` is where the key naming it was written.
    """

    value: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_) -> Position:
        """Where ``path`` was written: its value, else its key, else its parent."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def read_bytes(path: Path | str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read at most ``limit`` bytes of ``path``, which must be a regular file.

    The file is opened non-blocking (a FIFO named ``x.yaml`` must not hang
    dlkg) and read in one call sized by ``fstat``: reading with a buffer of
    ``limit`` bytes would allocate a mebibyte for every 600-byte concept file.

    Raises
    ------
    YamlError
        If the file is not a regular file or is larger than ``limit``.
    OSError
        If it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise YamlError("not a regular file")
        parts, total = [], 0
        want = min(status.st_size, limit) + 1  # one byte more: the end, or that it grew
        while want > 0:
            part = os.read(descriptor, want)
            parts.append(part)
            total += len(part)
            if len(part) < want:  # a short read of a regular file is its end
                break
            want = min(1 << 16, limit + 1 - total)
    finally:
        os.close(descriptor)
    if total > limit:
        raise YamlError(f"file is larger than the {limit // 1024} KiB limit for a concept file")
    return b"".join(parts)


def _line_and_column(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes) -> str:
    """Decode UTF-8 (an optional BOM is dropped) and reject control characters.

    Examples
    --------
    >>> decode(b"\\xef\\xbb\\xbfid: a\\r\\n")
    'id: a\\r\\n'
    >>> decode(b"id: \\xff")
    Traceback (most recent call last):
    ...
    kg.safe_yaml.YamlError: invalid UTF-8 (byte 0xff)
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8")
        line, column = _line_and_column(good, len(good))
        raise YamlError(f"invalid UTF-8 (byte 0x{data[err.start]:02x})", line, column) from None
    bad = CONTROL_CHARACTERS.search(text)
    if bad:
        line, column = _line_and_column(text, bad.start())
        raise YamlError(f"control character U+{ord(bad.group()):04X} is not allowed", line, column)
    return text


def _position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def parse(text: str, *, max_depth: int = MAX_DEPTH) -> Document:
    """Parse one YAML document into plain dicts, lists and strings.

    Parameters
    ----------
    text : str
        The decoded file (see :func:`decode`).
    max_depth : int
        The deepest nesting accepted.

    Returns
    -------
    Document
        ``value`` is None for an empty file.

    Raises
    ------
    YamlError
        On a syntax error, an anchor, alias or explicit tag, a duplicate key,
        a non-scalar key, more than one document, or nesting deeper than
        ``max_depth``; always with line and column.

    Examples
    --------
    >>> doc = parse("id: a\\nflag: no\\ntags: [x, 2024-01-15]\\n")
    >>> doc.value
    {'id': 'a', 'flag': 'no', 'tags': ['x', '2024-01-15']}
    >>> doc.positions[("tags", 1)]
    (3, 11)
    >>> parse("a: 1\\na: 2\\n")
    Traceback (most recent call last):
    ...
    kg.safe_yaml.YamlError: duplicate key 'a' (first at line 1)
    """
    document = Document(None)
    parser = _Parser(text)
    try:
        _compose(parser, document, max_depth)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = _position(mark) if mark else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        if "maximum nesting depth" in problem:  # PyYAML 6.0.4+ caps flow nesting itself
            raise YamlError(f"nesting deeper than {max_depth} levels", line, column) from None
        tab = _tab_near(text, line, column, problem)
        if tab is not None:
            raise YamlError(TAB_MESSAGE, *tab) from None
        raise YamlError(f"YAML syntax error: {problem}", line, column) from None
    except yaml.YAMLError as err:
        raise YamlError(f"YAML error: {err}") from None
    finally:
        parser.dispose()
    return document


TAB_MESSAGE = (
    "YAML syntax error: a tab character indents this line; "
    "YAML indents with spaces only, so replace the tab with spaces"
)


def _tab_near(text: str, line: int, column: int, problem: str) -> Position | None:
    """Where a tab caused a syntax error at ``line``: in that line's indentation, or at
    the error itself when the parser names the tab (PyYAML says "found character '\\t'
    that cannot start any token"). None when no tab is to blame.

    Examples
    --------
    >>> _tab_near("term:\\n\\ten: a\\n", 2, 1, "found character '\\\\t' that cannot start")
    (2, 1)
    """
    lines = text.split("\n")
    for number in (line, line - 1):  # the parser may stop on the line after the tab
        if 1 <= number <= len(lines):
            current = lines[number - 1]
            indentation = current[: len(current) - len(current.lstrip(" \t"))]
            if "\t" in indentation:
                return number, indentation.index("\t") + 1
    if "'\\t'" in problem:
        return line, column
    return None


def _reject_decorations(event: Any) -> None:
    if event.anchor is not None:
        raise YamlError(f"anchors (&{event.anchor}) are not allowed", *_position(event.start_mark))
    raise YamlError(f"explicit tags ({event.tag}) are not allowed", *_position(event.start_mark))


def _compose(parser: Any, document: Document, max_depth: int) -> None:
    """Build the document from parser events, with an explicit stack.

    Each stack frame is ``[container, path, pending_key]``; ``pending_key`` is
    the key whose value comes next in a mapping (None while a key is awaited).
    This loop is most of the cost of loading a library, so it dispatches on
    the event's class with ``is`` and writes positions inline.
    """
    scalar, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    positions, key_positions = document.positions, document.key_positions
    stack: list[list[Any]] = []
    frame: list[Any] | None = None  # the top of the stack
    documents = 0
    get_event = parser.get_event
    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                _reject_decorations(event)
            mark = event.start_mark
            value = event.value
            if not event.style and value in _NULL_SCALARS:
                value = None
            if frame is None:
                document.value = value
                positions[()] = (mark.line + 1, mark.column + 1)
                continue
            container = frame[0]
            if container.__class__ is list:
                positions[(*frame[1], len(container))] = (mark.line + 1, mark.column + 1)
                container.append(value)
            elif frame[2] is None:
                key = "" if value is None else value
                if key in container:
                    first = key_positions[(*frame[1], key)][0]
                    raise YamlError(
                        f"duplicate key {key!r} (first at line {first})", *_position(mark)
                    )
                frame[2] = key
                key_positions[(*frame[1], key)] = (mark.line + 1, mark.column + 1)
            else:
                positions[(*frame[1], frame[2])] = (mark.line + 1, mark.column + 1)
                container[frame[2]] = value
                frame[2] = None
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None:
                _reject_decorations(event)
            mark = event.start_mark
            if len(stack) >= max_depth:
                raise YamlError(f"nesting deeper than {max_depth} levels", *_position(mark))
            child_value: Any = {} if kind is mapping_start else []
            if frame is None:
                child: Path_ = ()
                document.value = child_value
            else:
                container = frame[0]
                if container.__class__ is list:
                    child = (*frame[1], len(container))
                    container.append(child_value)
                elif frame[2] is None:
                    raise YamlError("a key must be a plain value", *_position(mark))
                else:
                    child = (*frame[1], frame[2])
                    container[frame[2]] = child_value
                    frame[2] = None
            positions[child] = (mark.line + 1, mark.column + 1)
            frame = [child_value, child, None]
            stack.append(frame)
        elif kind in ends:
            stack.pop()
            frame = stack[-1] if stack else None
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(
                    "more than one YAML document in the file", *_position(event.start_mark)
                )
        elif kind is yaml.AliasEvent:
            raise YamlError(
                f"aliases (*{event.anchor}) are not allowed", *_position(event.start_mark)
            )
        elif kind is yaml.StreamEndEvent:
            return


def load(path: Path) -> Document:
    """Read, decode and parse one file with all the checks above."""
    return parse(decode(read_bytes(path)))
