"""Archives deflated in pieces read back, with zipfile and unzip, as what went in."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import zipfile
import zlib

import pytest

from kg.plumbing.deflate import MIN_PIECE, deflate, zip_archive

WHEN = (2024, 2, 29, 23, 59, 58)


def text_like(size: int, seed: int = 0) -> bytes:
    """Compressible bytes: words repeated at random, as a collection's text is."""
    rng = random.Random(seed)
    words = [b"attention", b"\xe6\xa2\xaf\xe5\xba\xa6", b"softmax", b"<br>", b"\x1f", b"0.25"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


@pytest.mark.parametrize("pieces", [1, 2, 3, 7])
@pytest.mark.parametrize("size", [0, 1, MIN_PIECE - 1, 3 * MIN_PIECE + 12345])
def test_pieces_make_one_deflate_stream(size, pieces):
    data = text_like(size, seed=size)
    assert zlib.decompress(deflate(data, 1, pieces), -zlib.MAX_WBITS) == data


def test_pieces_cost_almost_nothing_in_size():
    data = text_like(4 * MIN_PIECE)
    whole, split = len(deflate(data, 1, 1)), len(deflate(data, 1, 4))
    assert split <= whole * 1.01


@pytest.mark.parametrize("jobs", ["1", "2", "4"])
def test_zipfile_reads_every_entry_back(jobs, monkeypatch):
    monkeypatch.setenv("DLKG_JOBS", jobs)
    entries = [
        ("collection.anki2", text_like(3 * MIN_PIECE, seed=1)),
        ("media", b"{}"),
        ("名前.txt", "梯度".encode()),
        ("empty", b""),
    ]
    archive = zipfile.ZipFile(io.BytesIO(zip_archive(entries, WHEN, 1)))
    assert archive.testzip() is None
    assert [(info.filename, info.date_time) for info in archive.infolist()] == [
        (name, WHEN) for name, _ in entries
    ]
    for name, data in entries:
        assert archive.read(name) == data
        info = archive.getinfo(name)
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.external_attr >> 16 == 0o100644


def test_the_same_entries_give_the_same_bytes():
    entries = [("a", text_like(2 * MIN_PIECE))]
    assert zip_archive(entries, WHEN, 1) == zip_archive(entries, WHEN, 1)


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip not installed")
def test_unzip_checks_it_too(tmp_path):
    path = tmp_path / "deck.zip"
    path.write_bytes(zip_archive([("collection.anki2", text_like(2 * MIN_PIECE))], WHEN, 1))
    done = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "No errors detected" in done.stdout, done.stdout
