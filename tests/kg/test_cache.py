"""The compile cache: warm loads parse nothing, edits re-parse one file, bad caches are rebuilt."""

from __future__ import annotations

import os
import time

import pytest

from kg.cache import CachedParser
from kg.cache_file import CACHE_FORMAT, cache_file_for, delta_file_for
from kg.concept import Concept
from kg.errors import ContentError
from kg.library import load_library
from tests.conftest import concept_yaml, write_files


@pytest.fixture
def parser(tmp_path):
    return CachedParser(tmp_path / "cache" / "library.cache")


def load(root, parser):
    return load_library(root, parse=parser)


def test_warm_load_parses_nothing_and_gives_the_same_library(small_library, parser):
    cold = load(small_library, parser)
    assert parser.parsed == 5
    warm = load(small_library, parser)
    assert parser.parsed == 0
    assert warm.concepts == cold.concepts
    assert [c.to_record() for c in warm] == [c.to_record() for c in cold]


def test_one_edited_file_is_the_only_one_parsed(small_library, parser):
    load(small_library, parser)
    path = small_library / "maths" / "b.yaml"
    path.write_text(path.read_text("utf-8").replace("Term b", "Term bee"), "utf-8")
    library = load(small_library, parser)
    assert parser.parsed == 1 and library["b"].term.en == "Term bee"


def test_added_and_removed_files(small_library, parser):
    load(small_library, parser)
    (small_library / "models" / "f.yaml").write_text(concept_yaml("f"), "utf-8")
    assert "f" in load(small_library, parser).concepts and parser.parsed == 1
    (small_library / "models" / "f.yaml").unlink()
    assert "f" not in load(small_library, parser).concepts and parser.parsed == 0


def test_problems_are_cached_and_cross_file_checks_always_run(write_library, parser):
    root = write_library(
        {"m/a": concept_yaml("a", extra="colour: red\n"), "m/b": concept_yaml("b")}
    )
    with pytest.raises(ContentError) as cold:
        load(root, parser)
    with pytest.raises(ContentError) as warm:
        load(root, parser)
    assert parser.parsed == 0 and warm.value.problems == cold.value.problems
    (root / "m" / "a.yaml").write_text(concept_yaml("a", prerequisites=["b"]), "utf-8")
    load(root, parser)
    (root / "m" / "b.yaml").write_text(concept_yaml("b", prerequisites=["a"]), "utf-8")
    with pytest.raises(ContentError, match="prerequisite cycle"):
        load(root, parser)
    assert parser.parsed == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"not a cache at all",
        lambda raw: raw.replace(b"dlkg-cache %d" % CACHE_FORMAT, b"dlkg-cache 9"),
        lambda raw: b"",
        lambda raw: bytes(reversed(raw)),
        lambda raw: raw.split(b" ", 3)[0] + b" " + raw.split(b" ", 3)[2],  # no length field
        lambda raw: raw.replace(b" ", b" x", 3),  # a length that is not a number
        lambda raw: raw[:60] + b"\n" + raw[60:],  # a header cut short
    ],
)
def test_corrupt_or_tampered_cache_is_ignored_and_rebuilt(small_library, parser, damage):
    load(small_library, parser)
    parser.cache_file.write_bytes(damage(parser.cache_file.read_bytes()))
    library = load(small_library, parser)
    assert parser.parsed == 5 and library["a"].term.en == "Term a"
    load(small_library, parser)
    assert parser.parsed == 0


def rewrite_cache(cache_file, change_index=None, change_records=None, keep_crcs=False):
    """Rewrite the cache with ``change_*`` applied and a checksum that matches again,
    and CRCs that match the records again unless ``keep_crcs``."""
    import zlib

    from kg.cache_file import _MAGIC, CRC, LENGTH, OFFSET
    from kg.plumbing.checked_file import read_checked_index, write_checked

    _, _, index, (mapped, start) = read_checked_index(cache_file, _MAGIC)
    records = bytes(mapped[start:])
    entries = index["entries"]
    if change_index:
        change_index({entry[0]: entry for entry in entries})
    if change_records:
        changed = change_records(records)
        assert changed != records and len(changed) == len(records)
        records = changed
    if not keep_crcs:
        for entry in entries:
            entry[CRC] = zlib.crc32(records[entry[OFFSET] : entry[OFFSET] + entry[LENGTH]])
    write_checked(cache_file, _MAGIC, index, [records], index_only=True)


def test_a_malformed_entry_is_reparsed(small_library, parser):
    load(small_library, parser)

    def break_outline(entries):
        entries["maths/a.yaml"][3] = [3]

    rewrite_cache(parser.cache_file, change_index=break_outline)
    assert load(small_library, parser)["a"].term.en == "Term a" and parser.parsed == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda records: records.replace(b'"Term a"', b"3       ", 1),
        lambda records: records.replace(b'"id":"a"', b'"id":"b"', 1),
        lambda records: records.replace(b"{", b"[", 1),
        lambda records: records.replace(b"Term a", b"Term X", 1),
    ],
    ids=["wrong type", "another concept", "not a record", "not the bytes written"],
)
def test_a_record_that_does_not_match_its_outline_is_rebuilt_from_the_file(
    small_library, parser, change
):
    load(small_library, parser)
    # the last change keeps the CRCs written: a record that is not what was written
    rewrite_cache(parser.cache_file, change_records=change, keep_crcs=b"X" in change(b"Term a"))
    library = load(small_library, parser)
    assert parser.parsed == 0
    assert library["a"].term.en == "Term a" and library["a"].position("id") == (1, 5)


def test_a_warm_load_builds_only_the_concepts_asked_for(small_library, parser):
    load(small_library, parser)
    library = load(small_library, parser)
    assert library.roots() and library.dependents["a"] is not None and library.find("Term b")
    built = [
        concept_id
        for concept_id, source in library.concepts._sources.items()
        if isinstance(source, Concept)
    ]
    assert built == ["b"]


def test_same_size_edit_with_new_mtime_is_seen(small_library, parser):
    load(small_library, parser)
    path = small_library / "maths" / "a.yaml"
    path.write_text(path.read_text("utf-8").replace("Term a", "Term z"), "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load(small_library, parser)["a"].term.en == "Term z"


def test_paths_in_messages_follow_the_working_directory(
    write_library, parser, monkeypatch, tmp_path
):
    root = write_library({"m/a": concept_yaml("a", extra="colour: red\n")})
    monkeypatch.chdir(root)
    with pytest.raises(ContentError) as first:
        load(root, parser)
    assert first.value.problems[0].path == "m/a.yaml"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as second:
        load(root, parser)
    assert second.value.problems[0].path == "content/m/a.yaml" and parser.parsed == 0


def test_one_cache_file_per_library_and_version(tmp_path):
    first = cache_file_for(tmp_path, tmp_path / "a", salt="1")
    assert first != cache_file_for(tmp_path, tmp_path / "b", salt="1")
    assert first != cache_file_for(tmp_path, tmp_path / "a", salt="2")


def test_unwritable_cache_folder_only_costs_speed(small_library, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    parser = CachedParser(blocker / "cache.json")
    assert len(load(small_library, parser)) == 5


def test_a_bad_record_whose_file_broke_meanwhile_is_one_line_from_the_cli(small_library, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "DLKG_CONTENT": str(small_library), "DLKG_CACHE_DIR": str(tmp_path / "c")}
    command = [sys.executable, "-m", "dlkg", "show", "a"]
    subprocess.run(command, env=env, capture_output=True, check=True)
    [cache_file] = (tmp_path / "c").glob("*.cache")
    rewrite_cache(cache_file, change_records=lambda r: r.replace(b'"id":"a"', b'"id":"b"', 1))
    path = small_library / "maths" / "a.yaml"
    status = path.stat()
    text = path.read_bytes()
    path.write_bytes(b"id: [" + text[5:])  # same size, no longer YAML
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))

    done = subprocess.run(command, env=env, capture_output=True, text=True)

    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "a.yaml:" in done.stderr and "YAML syntax error" in done.stderr


def edit(path, old, new):
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_a_small_edit_goes_to_the_delta_and_leaves_the_cache_file_alone(small_library, parser):
    load(small_library, parser)
    before = parser.cache_file.read_bytes()
    edit(small_library / "maths" / "b.yaml", "Term b", "Term bee")
    (small_library / "models" / "d.yaml").unlink()
    (small_library / "models" / "f.yaml").write_text(concept_yaml("f"), "utf-8")
    load(small_library, parser)
    assert parser.parsed == 2 and parser.cache_file.read_bytes() == before
    assert delta_file_for(parser.cache_file).exists()

    library = load(small_library, parser)
    assert parser.parsed == 0 and parser.cache_file.read_bytes() == before
    assert (
        library["b"].term.en == "Term bee"
        and "f" in library.concepts
        and "d" not in library.concepts
    )
    assert library["a"].term.en == "Term a"  # a record from the cache file itself

    edit(small_library / "maths" / "b.yaml", "Term bee", "Term bumble")
    assert load(small_library, parser)["b"].term.en == "Term bumble" and parser.parsed == 1
    assert load(small_library, parser)["f"].term.en == "Term f" and parser.parsed == 0


def test_a_large_delta_is_folded_into_a_new_cache_file(write_library, parser, monkeypatch):
    monkeypatch.setattr("kg.cache_file.MIN_DELTA_ENTRIES", 2)
    root = write_library({f"m/c{i}": concept_yaml(f"c{i}") for i in range(6)})
    load(root, parser)
    before = parser.cache_file.read_bytes()
    for i in range(2):
        edit(root / "m" / f"c{i}.yaml", f"Term c{i}", f"Term C{i}")
    load(root, parser)
    assert parser.cache_file.read_bytes() == before and delta_file_for(parser.cache_file).exists()
    edit(root / "m" / "c2.yaml", "Term c2", "Term C2")
    load(root, parser)
    assert parser.parsed == 1 and parser.cache_file.read_bytes() != before
    assert not delta_file_for(parser.cache_file).exists()
    library = load(root, parser)
    assert parser.parsed == 0 and [library[f"c{i}"].term.en for i in range(4)] == [
        "Term C0",
        "Term C1",
        "Term C2",
        "Term c3",
    ]


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-3],
        lambda raw: raw.replace(b"Term bee", b"Term BEE"),
        lambda raw: b"",
    ],
    ids=["truncated", "tampered", "empty"],
)
def test_a_corrupt_delta_is_ignored(small_library, parser, damage):
    load(small_library, parser)
    edit(small_library / "maths" / "b.yaml", "Term b", "Term bee")
    load(small_library, parser)
    delta = delta_file_for(parser.cache_file)
    delta.write_bytes(damage(delta.read_bytes()))
    assert load(small_library, parser)["b"].term.en == "Term bee" and parser.parsed == 1
    assert load(small_library, parser)["b"].term.en == "Term bee" and parser.parsed == 0


def test_a_delta_that_amends_another_cache_file_is_ignored(small_library, parser):
    load(small_library, parser)
    edit(small_library / "maths" / "b.yaml", "Term b", "Term bee")
    load(small_library, parser)
    stale_delta = delta_file_for(parser.cache_file).read_bytes()
    parser.cache_file.unlink()
    load(small_library, parser)  # a new cache file, and the delta with it is gone
    assert parser.parsed == 5 and not delta_file_for(parser.cache_file).exists()
    edit(small_library / "maths" / "b.yaml", "Term bee", "Term bumble")
    delta_file_for(parser.cache_file).write_bytes(stale_delta)
    assert load(small_library, parser)["b"].term.en == "Term bumble" and parser.parsed == 1


def test_a_cold_load_on_two_processes_gives_the_same_results(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.plumbing.parallel.MIN_ITEMS_PER_PROCESS", 4)
    chain = {
        f"m/c{i}": concept_yaml(f"c{i}", prerequisites=[f"c{i - 1}"] if i else [])
        for i in range(40)
    }
    good = write_files(tmp_path / "good", chain)
    bad = write_files(
        tmp_path / "bad",
        {**chain, "m/c39": concept_yaml("c39", prerequisites=["c38"], extra="colour: red\n")},
    )
    seen = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("DLKG_JOBS", jobs)
        parser = CachedParser(tmp_path / jobs / "good.cache")
        cold = [c.to_record() for c in load(good, parser)]
        assert parser.parsed == 40
        warm = [c.to_record() for c in load(good, parser)]
        assert parser.parsed == 0 and warm == cold
        with pytest.raises(ContentError) as problems:
            load(bad, CachedParser(tmp_path / jobs / "bad.cache"))
        seen[jobs] = cold, problems.value.problems
    assert seen["1"] == seen["2"]
    assert [p.message for p in seen["2"][1]] == ["unknown field 'colour'"]


def problems_of(root, parse=None):
    """The problems a load reports (empty if it succeeds)."""
    try:
        load_library(root, parse=parse)
    except ContentError as err:
        return err.problems
    return []


def write(root, name, text):
    (root / name).write_text(text, "utf-8")


EDITS = {
    "cycle through an edited file": lambda root: write(
        root, "maths/a.yaml", concept_yaml("a", prerequisites=["d"])
    ),
    "a referenced concept deleted": lambda root: (root / "maths" / "a.yaml").unlink(),
    "a referenced id renamed": lambda root: write(root, "maths/a.yaml", concept_yaml("a2")),
    "an edited file names an unknown prerequisite": lambda root: write(
        root, "models/e.yaml", concept_yaml("e", prerequisites=["nowhere"])
    ),
    "a new file makes a cycle": lambda root: (
        write(root, "models/f.yaml", concept_yaml("f", prerequisites=["d"]))
        or write(root, "maths/a.yaml", concept_yaml("a", prerequisites=["f"]))
    ),
    "a duplicate id in a new file": lambda root: write(root, "models/a.yaml", concept_yaml("a")),
    "a harmless edit": lambda root: write(
        root, "models/e.yaml", concept_yaml("e", prerequisites=["a"])
    ),
    "the file of a concept moved": lambda root: (root / "maths" / "b.yaml").rename(
        root / "models" / "b.yaml"
    ),
}


@pytest.mark.parametrize("edit_library", EDITS.values(), ids=EDITS.keys())
def test_checks_after_an_edit_find_what_a_full_check_finds(small_library, parser, edit_library):
    """After a load whose checks passed, the next checks only the changed outlines:
    whatever the edit, the verdict and the problems are those of a load without cache."""
    load(small_library, parser)
    load(small_library, parser)
    assert parser.checked_before is not None and parser.checked_before.changed == set()
    edit_library(small_library)
    assert problems_of(small_library, parser) == problems_of(small_library)
    assert problems_of(small_library, parser) == problems_of(small_library)  # warm again


def test_only_a_load_whose_checks_passed_is_trusted(write_library, parser):
    root = write_library({"m/a": concept_yaml("a", prerequisites=["b"]), "m/b": concept_yaml("b")})
    load(root, parser)
    assert parser.checked_before is None  # nothing was checked before the first load
    write(root, "m/b.yaml", concept_yaml("b", prerequisites=["a"]))
    with pytest.raises(ContentError, match="prerequisite cycle"):
        load(root, parser)
    assert parser.checked_before is not None and parser.checked_before.changed == {"b"}
    with pytest.raises(ContentError, match="prerequisite cycle"):
        load(root, parser)  # the failed load left nothing to trust
    assert parser.checked_before is None and parser.parsed == 0


def test_a_lost_or_foreign_note_of_checks_means_checking_everything(small_library, parser):
    from kg.cache import checked_file_for

    load(small_library, parser)
    load(small_library, parser)
    assert parser.checked_before is not None
    note = checked_file_for(parser.cache_file)
    note.write_bytes(b"someone else's state")
    load(small_library, parser)
    assert parser.checked_before is None
    note.unlink()
    load(small_library, parser)
    assert parser.checked_before is None
    load(small_library, parser)
    assert parser.checked_before is not None


def test_to_dict_of_a_cached_concept_comes_from_its_record_unbuilt(small_library, parser):
    cold = load(small_library, parser)
    library = load(small_library, parser)
    assert [library.concepts.to_dict(i) for i in library.outlines] == [c.to_dict() for c in cold]
    assert not any(isinstance(s, Concept) for s in library.concepts._sources.values())


@pytest.mark.parametrize(
    "change",
    [
        lambda records: records.replace(b'"Term a"', b"3       ", 1),
        lambda records: records.replace(b'"id":"a"', b'"id":"b"', 1),
        lambda records: records.replace(b"{", b"[", 1),
        lambda records: records.replace(b'"positions"', b'"positionz"', 1),
    ],
    ids=["wrong type", "another concept", "not a record", "another key"],
)
def test_to_dict_of_a_bad_record_comes_from_the_file(small_library, parser, change):
    expected = load(small_library, parser)["a"].to_dict()
    rewrite_cache(parser.cache_file, change_records=change)
    assert load(small_library, parser).concepts.to_dict("a") == expected


def age_folders(root, past=1_700_000_000 * 1_000_000_000):
    """Set every folder's modification time to ``past``, so that its listing is trusted."""
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, ns=(past, past))


@pytest.fixture
def listings(monkeypatch):
    """Counts the loads that list the library's folders (the rest trusted the cache's list)."""
    import kg.cache

    calls = []
    real = kg.cache.concept_files

    def counting(root, scanned=None):
        calls.append(root)
        return real(root, scanned)

    monkeypatch.setattr(kg.cache, "concept_files", counting)
    return calls


def test_unchanged_folders_are_not_listed_again(small_library, parser, listings):
    age_folders(small_library)
    load(small_library, parser)
    load(small_library, parser)
    assert len(listings) == 1 and parser.parsed == 0


def test_a_folder_changed_just_before_its_listing_is_listed_again(small_library, parser, listings):
    load(small_library, parser)  # written just now: too recent to trust
    load(small_library, parser)
    assert len(listings) == 2


def test_an_edit_in_place_is_noticed_with_the_listing_trusted(small_library, parser, listings):
    age_folders(small_library)
    load(small_library, parser)
    path = small_library / "maths" / "a.yaml"
    with path.open("r+", encoding="utf-8") as stream:  # in place: the folder does not change
        text = stream.read().replace("Term a", "Term A")
        stream.seek(0)
        stream.write(text)
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    age_folders(small_library)  # even a folder that looks untouched
    library = load(small_library, parser)
    assert len(listings) == 1 and parser.parsed == 1 and library["a"].term.en == "Term A"


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_an_added_removed_or_renamed_file_is_noticed(small_library, parser, listings, change):
    age_folders(small_library)
    load(small_library, parser)
    models = small_library / "models"
    if change == "add":
        (models / "f.yaml").write_text(concept_yaml("f"), "utf-8")
    elif change == "remove":
        (models / "d.yaml").unlink()
    else:
        os.rename(small_library / "maths" / "a.yaml", models / "a.yaml")
    try:
        library = load(small_library, parser)
    except ContentError as err:
        pytest.fail(f"{change}: {err.problems}")
    assert len(listings) == 2
    if change == "add":
        assert "f" in library.concepts and parser.parsed == 1
    elif change == "remove":
        assert "d" not in library.concepts and parser.parsed == 0
    else:
        assert library.outlines["a"].domain == "models" and parser.parsed == 1


def test_files_looked_at_in_a_child_process_see_an_edit(small_library, parser, monkeypatch):
    import kg.cache

    monkeypatch.setattr(kg.cache, "STAT_IN_CHILD", 1)
    monkeypatch.setenv("DLKG_JOBS", "2")
    load(small_library, parser)
    assert load(small_library, parser)["a"].term.en == "Term a" and parser.parsed == 0
    edit(small_library / "maths" / "a.yaml", "Term a", "Term aa")
    assert load(small_library, parser)["a"].term.en == "Term aa" and parser.parsed == 1


def keep_size_and_mtime(path, old, new):
    """Edit ``path`` in place to the same size and restore its modification time, as an
    edit in the same tick of a coarse file-system clock (FAT: 2 s) leaves it."""
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_an_edit_within_the_clock_tick_of_a_recent_parse_is_seen(small_library, parser):
    load(small_library, parser)  # every file was written just now: racy entries
    keep_size_and_mtime(small_library / "maths" / "a.yaml", "Term a", "Term z")
    library = load(small_library, parser)
    assert parser.parsed == 1 and library["a"].term.en == "Term z"


def test_a_racy_entry_unchanged_is_not_parsed_again_and_is_trusted_later(
    small_library, parser, monkeypatch
):
    import kg.cache

    load(small_library, parser)
    reads = []
    real = kg.cache._same_content
    monkeypatch.setattr(kg.cache, "_same_content", lambda *a: reads.append(a[1]) or real(*a))
    load(small_library, parser)
    assert parser.parsed == 0 and len(reads) == 5  # racy: the bytes compared, none parsed
    monkeypatch.setattr(kg.cache, "RACY_MARGIN_NS", 0)  # as if the margin had passed
    load(small_library, parser)
    reads.clear()
    load(small_library, parser)
    assert parser.parsed == 0 and reads == []  # the time is trusted now: no file read


def test_an_old_file_is_trusted_by_its_size_and_time(small_library, parser):
    past = 1_700_000_000 * 1_000_000_000
    for path in small_library.rglob("*.yaml"):
        os.utime(path, ns=(past, past))
    load(small_library, parser)
    # the same size and time on a file parsed long after its last change: not looked
    # into (what a warm load of 50,000 files relies on; only a forged time escapes it)
    keep_size_and_mtime(small_library / "maths" / "a.yaml", "Term a", "Term z")
    assert load(small_library, parser)["a"].term.en == "Term a" and parser.parsed == 0


@pytest.fixture
def two_folders(small_library, tmp_path):
    """The small library and a second folder that links to it, each aged (listings trusted)."""
    from kg.library import load_libraries

    mine = write_files(
        tmp_path / "mine",
        {"maths/f": concept_yaml("f", prerequisites=["a"]), "notes/g": concept_yaml("g")},
    )
    parsers = [CachedParser(tmp_path / "cache" / f"{n}.cache") for n in ("base", "mine")]
    for root in (small_library, mine):
        age_folders(root)
        for path in root.rglob("*.yaml"):
            os.utime(path, ns=(1_700_000_000 * 10**9,) * 2)

    def load_both():
        return load_libraries([small_library, mine], parsers=parsers)

    return small_library, mine, parsers, load_both


def test_several_folders_warm_load_lists_and_parses_nothing(two_folders, listings):
    _, _, parsers, load_both = two_folders
    assert len(load_both()) == 7
    assert len(load_both()) == 7 and len(listings) == 2  # each folder listed once, cold
    assert [parser.parsed for parser in parsers] == [0, 0]


@pytest.mark.parametrize("folder", [0, 1])
@pytest.mark.parametrize("change", ["edit", "same-size edit", "add", "remove"])
def test_a_change_in_any_of_several_folders_is_noticed(two_folders, listings, folder, change):
    base, mine, parsers, load_both = two_folders
    load_both()
    root = (base, mine)[folder]
    path = root / ("maths/a.yaml" if folder == 0 else "maths/f.yaml")
    term = "Term a" if folder == 0 else "Term f"
    if change == "edit":
        edit(path, term, term + "!")
    elif change == "same-size edit":  # within the tick of a recent parse: the margin covers it
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
        load_both()  # parsed now, racy
        keep_size_and_mtime(path, term, term.upper())
    elif change == "add":
        (root / "notes").mkdir(exist_ok=True)
        (root / "notes" / "h.yaml").write_text(concept_yaml("h"), "utf-8")
    else:
        (root / "models/d.yaml" if folder == 0 else root / "notes/g.yaml").unlink()
    library = load_both()
    concept_id = path.stem
    if change == "edit":
        assert library[concept_id].term.en == term + "!"
    elif change == "same-size edit":
        assert library[concept_id].term.en == term.upper()
    elif change == "add":
        assert "h" in library.concepts
    else:
        assert ("d" if folder == 0 else "g") not in library.concepts
    other = parsers[1 - folder]
    assert other.parsed == 0  # the other folder's cache was enough
