"""The hardened YAML reader: each hostile or mistaken input, and what it yields."""

from __future__ import annotations

import pytest

from kg.safe_yaml import MAX_FILE_BYTES, YamlError, decode, load, parse


def error_of(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse(text)
    return info.value


@pytest.mark.parametrize(
    "written",
    ["no", "yes", "on", "off", "0x1F", "12:30", "2024-01-15", "1e3", "0o17", ".inf", "+12"],
)
def test_scalars_stay_text(written):
    assert parse(f"value: {written}\n").value == {"value": written}


@pytest.mark.parametrize("written", ["", "~", "null", "NULL"])
def test_empty_and_null_plain_scalars_are_none(written):
    assert parse(f"value: {written}\n").value == {"value": None}


def test_quoted_null_stays_text():
    assert parse("value: 'null'\n").value == {"value": "null"}


def test_huge_integer_stays_text():
    digits = "9" * 5000
    assert parse(f"value: {digits}\n").value == {"value": digits}


def test_positions_are_one_based_lines_and_columns():
    doc = parse("id: a\nterm:\n  en: A\n  zh: 甲\n")
    assert doc.positions[("term", "zh")] == (4, 7)
    assert doc.key_positions[("term", "zh")] == (4, 3)


def test_duplicate_key_names_both_lines():
    err = error_of("id: a\nterm: x\nid: b\n")
    assert (err.line, err.column) == (3, 1)
    assert "duplicate key 'id' (first at line 1)" in err.message


def test_duplicate_key_in_nested_mapping():
    err = error_of("term:\n  en: a\n  en: b\n")
    assert err.line == 3 and "duplicate key 'en'" in err.message


def test_anchor_is_rejected():
    err = error_of("a: &x 1\nb: 2\n")
    assert "anchors (&x) are not allowed" in err.message and err.line == 1


def test_alias_bomb_is_rejected_before_expansion():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}]\n" for i in range(9)
    )
    assert "not allowed" in error_of(bomb).message


def test_alias_without_anchor_is_rejected():
    assert "aliases" in error_of("a: *x\n").message or "syntax" in error_of("a: *x\n").message


@pytest.mark.parametrize(
    "tagged", ["!!python/object/apply:os.system ['echo hi']", "!!str 1", "!foo x"]
)
def test_explicit_tags_are_rejected(tagged):
    assert "explicit tags" in error_of(f"a: {tagged}\n").message


def test_several_documents_are_rejected():
    err = error_of("id: a\n---\nid: b\n")
    assert "more than one YAML document" in err.message and err.line == 2


def test_deep_nesting_is_stopped_early_and_fast():
    deep = "[" * 100_000 + "]" * 100_000
    err = error_of(deep)
    assert "nesting deeper than" in err.message and err.line == 1


def test_deep_block_nesting_is_stopped():
    text = "".join("  " * level + f"k{level}:\n" for level in range(200)) + "  " * 200 + "x\n"
    assert "nesting deeper than" in error_of(text).message


def test_mapping_as_key_is_rejected():
    assert "key must be a plain value" in error_of("? {a: 1}\n: b\n").message


def test_syntax_error_has_line_and_column():
    err = error_of("id: a\nterm: [unclosed\n")
    assert err.message.startswith("YAML syntax error") and err.line >= 2


def test_tab_indentation_is_a_syntax_error_with_position():
    err = error_of("term:\n\ten: a\n")
    assert err.message.startswith("YAML syntax error") and err.line == 2


def test_empty_file_gives_none():
    assert parse("").value is None
    assert parse("# only a comment\n").value is None


def test_bom_and_crlf_are_fine():
    text = decode(b"\xef\xbb\xbfid: a\r\nterm: b\r\n")
    assert parse(text).value == {"id": "a", "term": "b"}


def test_invalid_utf8_has_line_and_column():
    with pytest.raises(YamlError) as info:
        decode("id: a\nterm: 好".encode() + b"\xff\n")
    assert (info.value.line, info.value.column) == (2, 8)
    assert "invalid UTF-8" in info.value.message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe"])
def test_control_characters_are_rejected_with_position(char):
    with pytest.raises(YamlError) as info:
        decode(f"id: a\nterm: b{char}c\n".encode())
    assert (info.value.line, info.value.column) == (2, 8)
    assert "control character" in info.value.message


def test_oversized_file_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as stream:
        stream.write(b"a: '")
        stream.write(b"x" * (20 * 1024 * 1024))
        stream.write(b"'\n")
    with pytest.raises(YamlError, match="larger than the 1024 KiB limit"):
        load(big)
    assert MAX_FILE_BYTES == 1024 * 1024
