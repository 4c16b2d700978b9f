"""Issue 16, one language when asked, on every command: ``--lang`` and ``$DLKG_LANG`` reach
every screen of the study loop, stats, check, graph and anki, and click's own errors."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import click
import pytest
from fsrs import Rating

from dlkg.cli import cli
from kg.library import load_library
from quiz.question import Kind
from quiz.study import knowledge
from quiz.study.store import ReviewStore, Source, Status
from tests.dlkg.test_readable import NOW_SHANGHAI, english_interface, run
from tests.quiz.study.conftest import NOW
from tests.quiz.study.scripting import plan


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "study.db"


OLD_ENGLISH = (
    "Skipped",
    "Buried",
    "Suspended",
    "Undone",
    "Controls",
    "Nothing to undo",
    "Session ended",
    "Stopped after",
    "Nothing is due",
    "Nothing else is due",
    "Every concept",
    "Everything on the path",
    "Due",
    "today",
    "I don't know",
    "placement",
    "Placement",
    "Marked",
    "probably known",
    "to learn",
    "Resumed",
    "slower than",
    "Read it",
    "Press",
    "Error",
    "Usage",
    "Missing",
    "Invalid value",
    "No such",
    "Wrote",
    "OK:",
    "Concepts",
    "Roots",
    "Most",
    "learned",
    "review",
    "cards",
)
"""Words of the English interface the study loop, stats and the other commands printed
before they went through the message table: none may show in zh mode."""


def chinese_only(text: str) -> None:
    assert english_interface(text) == []
    for english in OLD_ENGLISH:
        assert not re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text), english


def study_zh(small_library, db_path, lines, *args, env=None):
    command = ["study", "--content", str(small_library), "--lang", "zh", *args]
    env = {"DLKG_NOW": NOW_SHANGHAI, "DLKG_DB": str(db_path), **(env or {})}
    return run(command, input="\n".join(lines) + "\n", env=env)


# The study loop's screens in Chinese ----------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["", "/h", "", "z", "q"],
            ["操作（代替答案输入）：", "跳过：", "请按 1、2、3 或 4", "本次学习结束"],
        ),
        (["", "/u", "/q"], ["本次学习还没有可撤销的回答"]),
        # A new concept buried before any answer is passed over, not introduced (issue 15).
        (["", "/s", "/b", "", "/q"], ["已跳过", "已跳过：「术语 a」没有被引入"]),
        (["", "/x", "/q"], ["已暂停：术语 a；'dlkg study --unsuspend a' 可恢复。"]),
        (["", "", "3", "", "/u", "", "", "1", "/q"], ["已撤销", "已解锁：术语 b"]),
        (["q"], ["读完后按回车键开始提问"]),
    ],
    ids=["help", "nothing-to-undo", "skip-bury", "suspend", "undo", "quit-at-intro"],
)
def test_study_controls_speak_chinese(small_library, db_path, lines, expected):
    result = study_zh(small_library, db_path, lines)
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.output, text
    chinese_only(result.output)


def test_unsuspend_speaks_chinese(small_library, db_path):
    study_zh(small_library, db_path, ["", "/x", "/q"])
    result = study_zh(small_library, db_path, [], "--unsuspend", "a")
    assert "已恢复：术语 a。" in result.output
    again = study_zh(small_library, db_path, [], "--unsuspend", "a")
    assert "「术语 a」没有被暂停。" in again.output


def test_a_slow_answer_is_explained_in_chinese(small_library, db_path, monkeypatch):
    library = load_library(small_library)
    lines, _ = plan(library, new_concepts=1, limit=2)
    ticks = itertools.count(0, 100)
    monkeypatch.setattr("dlkg.asking.time.monotonic", lambda: next(ticks))
    result = study_zh(small_library, db_path, lines, "--new", "1", "--limit", "2")
    assert "→ 困难（答对了，但用时超过 30 秒）；下次复习" in result.output
    assert "已作答 2 次，达到上限（--limit）" in result.output
    chinese_only(result.output)


@pytest.mark.parametrize(
    ("args", "marks", "expected"),
    [
        (["--new", "0"], (), "没有到期的复习，而 --new 0 表示不学新概念"),
        (["--target", "b"], ("a", "b"), "通往「术语 b」的路径上的概念都已学会"),
        ([], ("a", "b", "c", "d", "e"), "所有概念都已学会或标记为已掌握"),
    ],
)
def test_session_endings_in_chinese(small_library, db_path, args, marks, expected):
    with ReviewStore.open(db_path) as store:
        for concept in marks:
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW)
    result = study_zh(small_library, db_path, [], *args)
    assert expected in result.output
    chinese_only(result.output)


def test_waiting_ending_in_chinese(small_library, db_path):
    with ReviewStore.open(db_path) as store:
        for concept in ("c", "e"):
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, NOW)
        store.add_card("a", Kind.CLOZE, NOW)
        store.apply_review("a", Kind.CLOZE, Rating.Again, NOW, correct=False, source=Source.ANSWER)
    env = {"DLKG_NOW": "2025-01-01T16:00:00+08:00"}
    result = study_zh(small_library, db_path, [], env=env)
    assert "接下来的概念要等「术语 a」学会" in result.output
    chinese_only(result.output)


def test_placement_in_chinese(small_library, db_path):
    result = study_zh(small_library, db_path, ["n", "n", "n", "n", "n"], "--placement")
    assert result.exit_code == 0, result.output
    for text in ("定级测验（", "n：不知道", "→ 不知道", "定级结果", "标记为待学习（"):
        assert text in result.output, text
    chinese_only(result.output)


def test_stats_in_chinese_with_forecast_map_and_check(small_library, db_path):
    with ReviewStore.open(db_path) as store:
        for concept, days in (("a", 0), ("b", 1), ("c", 3)):
            store.add_card(concept, Kind.CLOZE, NOW)
            stored = store.card(concept, Kind.CLOZE)
            store.save_card(knowledge.stored_due(stored, NOW + timedelta(days=days)))
    env = {"DLKG_NOW": NOW_SHANGHAI, "DLKG_DB": str(db_path)}
    base = ["stats", "--content", str(small_library)]
    result = run([*base, "--target", "d", "--lang", "zh"], env=env)
    assert "待复习：今天" in result.output and "通往「术语 d」的路径" in result.output
    assert "学习数据库：" in result.output and "UTC+08:00" in result.output
    chinese_only(result.output)
    checked = run(["stats", "--check"], env={**env, "DLKG_LANG": "zh"})
    assert checked.output.startswith("正常：") and "完整性检查通过" in checked.output
    chinese_only(checked.output)


# The other commands ---------------------------------------------------------------------


def leaf_commands(group: click.Group = cli, path=()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


@pytest.mark.parametrize(("path", "command"), list(leaf_commands()), ids=lambda v: str(v))
def test_every_command_takes_lang_and_dlkg_lang(path, command):
    [option] = [p for p in command.params if p.name == "lang"]
    assert set(option.type.choices) == {"en", "zh", "both"}
    assert option.envvar == "DLKG_LANG"


def test_check_and_graph_stats_in_chinese():
    for args in (["check"], ["graph", "stats"]):
        result = run([*args, "--lang", "zh"])
        assert result.exit_code == 0
        chinese_only(result.output)
    assert run(["check"], env={"DLKG_LANG": "zh"}).output.startswith("正常：142 个概念")
    stats = run(["graph", "stats", "--lang", "zh"]).output
    assert "先修边：" in stats and "被直接依赖最多" in stats and "语言模型" in stats


def test_graph_export_messages_in_chinese(tmp_path):
    result = run(
        ["graph", "export", "--format", "dot", "-o", str(tmp_path / "g.dot"), "--lang", "zh"]
    )
    assert result.exit_code == 0 and "已写入" in result.output and "（dot）" in result.output
    missing = run(["graph", "export", "--lang", "zh"])
    assert missing.exit_code == 2 and "错误：请给出 --format 格式" in missing.output
    html_only = run(["graph", "export", "--format", "dot", "--progress"], env={"DLKG_LANG": "zh"})
    assert "--progress 只用于 --format html" in html_only.output
    chinese_only(result.output + missing.output + html_only.output)


def test_anki_subcommands_in_chinese(tmp_path):
    deck = tmp_path / "d.apkg"
    made = run(["anki", "export", "-o", str(deck), "--domain", "optimization", "--lang", "zh"])
    assert made.exit_code == 0 and made.output.startswith("已写入") and "张卡片" in made.output
    shown = run(["anki", "inspect", str(deck), "--lang", "zh"])
    assert "牌组：" in shown.output and "笔记类型：" in shown.output
    drafts = tmp_path / "drafts"
    back = run(["anki", "import", str(deck), "--out", str(drafts)], env={"DLKG_LANG": "zh"})
    assert "个概念草稿写入" in back.output and "检查它们：dlkg check --content" in back.output
    chinese_only(made.output + shown.output + back.output)


def test_an_unknown_concept_in_chinese():
    result = run(["show", "backpropagatoin", "--lang", "zh"])
    assert result.exit_code == 2
    assert result.output.startswith(
        "错误：没有名为 'backpropagatoin' 的概念；你是不是要找 'backpropagation' 或 "
    )


# click's own errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show"], "错误：缺少参数 'CONCEPT'。"),
        (["quiz", "--n", "0"], "错误：'-n' / '--n' 的值无效：0 不在范围 1<=x<=1000 内。"),
        (["quiz", "--n", "x"], "错误：'-n' / '--n' 的值无效：'x' 不是有效的整数。"),
        (
            ["quiz", "--kind", "maths"],
            "错误：'--kind' 的值无效：'maths' 不是 'numeric'、'concept'、'all' 之一。",
        ),
        (["show", "adam", "--jsn"], "错误：没有选项 '--jsn'。你是不是要找 '--json'？"),
        (["show", "adam", "--bogus"], "错误：没有选项 '--bogus'。"),
        (["show", "adam", "extra"], "错误：多余的参数（extra）。"),
        (["study", "--target"], "错误：选项 '--target' 需要一个值。"),
        (["anki", "inspect"], "错误：缺少参数 'DECK'。"),
        (["stdy"], "错误：没有命令 'stdy'。你是不是要找 'study'？"),
    ],
)
def test_click_usage_errors_in_chinese(args, expected):
    # --lang goes last, but before a --target waiting for its value (it would be that value).
    zh = (
        [*args[:-1], "--lang", "zh", args[-1]]
        if args[-1] == "--target"
        else [*args, "--lang", "zh"]
    )
    for result in (run(zh), run(args, env={"DLKG_LANG": "zh"})):
        assert result.exit_code == 2
        assert expected in result.output, result.output
        assert "Usage" not in result.output and "Error" not in result.output
        if args != ["study", "--target"]:  # click shows no usage for a missing value
            assert "用法：" in result.output and "查看帮助。" in result.output


def test_click_usage_errors_stay_english_otherwise():
    result = run(["show", "--lang", "en"])
    assert result.exit_code == 2 and "Error: Missing argument 'CONCEPT'." in result.output
    assert "Usage: " in result.output


# Local time: the learner's days ---------------------------------------------------------


def test_bury_lasts_until_the_learners_midnight(small_library, db_path):
    # Answered once (a new concept buried before any answer is only passed over), then
    # buried at its learning step, at 17:00 in UTC+8.
    study_zh(small_library, db_path, ["", "", "3", "/b", "/q"], "--new", "1")
    with ReviewStore.open(db_path) as store:
        [item] = [card for card in store.cards() if card.concept == "a"]
    assert item.due.isoformat() == "2025-01-01T16:00:00+00:00"  # 00:00 in UTC+8, stored UTC


def test_the_forecast_counts_the_learners_days(small_library, db_path):
    with ReviewStore.open(db_path) as store:
        store.add_card("a", Kind.CLOZE, NOW)
        stored = store.card("a", Kind.CLOZE)
        store.save_card(knowledge.stored_due(stored, NOW + timedelta(hours=10)))  # 03:00 +8
    base = ["stats", "--content", str(small_library), "--lang", "en"]
    in_utc = run(base, env={"DLKG_NOW": "2025-01-01T09:00:00Z", "DLKG_DB": str(db_path)})
    assert "Due: today 1, tomorrow 0, next 7 days 1" in in_utc.output
    in_shanghai = run(base, env={"DLKG_NOW": NOW_SHANGHAI, "DLKG_DB": str(db_path)})
    assert "Due: today 0, tomorrow 1, next 7 days 1" in in_shanghai.output
    assert "(at 2025-01-01 17:00 UTC+08:00)" in in_shanghai.output


# Both: each interface sentence once per language ------------------------------------------


def test_both_prints_each_interface_sentence_once_per_language(small_library, db_path):
    library = load_library(small_library)
    lines, _ = plan(library, new_concepts=1, limit=2)
    command = ["study", "--content", str(small_library), "--new", "1", "--limit", "2"]
    env = {"DLKG_NOW": NOW_SHANGHAI, "DLKG_DB": str(db_path)}
    result = run([*command, "--lang", "both"], input="\n".join(lines) + "\n", env=env)
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    pairs = [
        ("Reviewed: 2, right: 2 (100%)", "复习：2，答对：2（100%）"),
        ("New concepts: Term a", "新概念：术语 a"),  # each line names the terms in its language
        ("Newly unlocked: Term b", "新解锁：术语 b"),
        ("Stopped after 2 answers (--limit).", "已作答 2 次，达到上限（--limit）。"),
    ]
    for english, chinese in pairs:
        [at] = [i for i, line in enumerate(out) if line.strip().startswith(english)]
        assert out[at + 1].strip().startswith(chinese), out[at : at + 2]
        assert sum(chinese in line for line in out) == 1
    assert sum(line.startswith("Study session (") for line in out) == 1
    assert sum(line.startswith("学习（") for line in out) == 1
    assert out.count("Session summary · 本次小结") == 1  # a label: one line, both languages
    assert any(line.strip().startswith("下次复习：") and "UTC+08:00" in line for line in out)
    for before, after in itertools.pairwise(out):
        assert not (before.strip() and before == after), before  # nothing printed twice


def test_quiz_takes_n_as_a_short_option():
    import json

    assert len(json.loads(run(["quiz", "-n", "2", "--seed", "1", "--json"]).output)) == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["quiz", "--domain", "xx"], "错误：没有领域 'xx'；领域有：deep-networks"),
        (["quiz", "--domain", "nlp", "--target", "adam"], "错误：--concept、--target 和 --domain"),
        (["quiz", "-n", "2", "--only", "5"], "错误：--only：'5' 不是 1 到 2 之间的题号"),
        (["graph", "export", "-o", "g.xyz"], "；或者给出 --format"),
    ],
)
def test_dlkgs_own_usage_failures_in_chinese(args, expected):
    result = run([*args, "--lang", "zh"])
    assert result.exit_code == 2 and expected in result.output, result.output


def test_mains_new_anki_and_optimize_messages_in_chinese(tmp_path):
    env = {"DLKG_DB": str(tmp_path / "none.db"), "DLKG_LANG": "zh"}
    optimize = run(["stats", "--optimize"], env=env)
    assert optimize.exit_code == 1
    assert "错误：" in optimize.output and "没有学习数据库：请先学习" in optimize.output
    frontier = run(
        ["anki", "export", "--frontier", "--domain", "transformer", "-o", str(tmp_path / "f.apkg")],
        env=env,
    )
    assert "错误：没有可导出的内容" in frontier.output, frontier.output
    not_anki = tmp_path / "notes.txt"
    not_anki.write_text("not a collection", encoding="utf-8")
    reviews = run(["anki", "reviews", str(not_anki)], env=env)
    assert reviews.exit_code == 1 and reviews.output.startswith("错误：")
    chinese_only(optimize.output + frontier.output)
