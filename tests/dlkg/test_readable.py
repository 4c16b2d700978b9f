"""Issue 16 through the commands: one language when asked, wrapped text, Unicode formulas,
local times, feedback that respects the screen, stats and quiz that say what matters."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import zipfile

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from dlkg.terminal.messages import MESSAGES
from dlkg.terminal.wrap import display_width
from kg.library import load_library
from tests.quiz.study.scripting import plan

NOW_UTC = "2025-01-01T09:00:00Z"
NOW_SHANGHAI = "2025-01-01T17:00:00+08:00"  # the same moment, seen from UTC+8
RAW_LATEX = re.compile(r"\\(frac|begin|mathbf|left|right|hat|sum|quad|beta|theta)\b|[_^]\{")


def run(args, *, input=None, env=None):
    result = CliRunner().invoke(cli, args, input=input, env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def english_interface(text: str) -> list[str]:
    """The English interface strings (of more than one word) that appear in ``text``."""
    found = []
    for key, entry in MESSAGES.items():
        forms = entry.en if isinstance(entry.en, tuple) else (entry.en,)
        for form in forms:
            for literal in re.split(r"\{[^}]*\}", form):
                literal = literal.strip(" :;,.()·→✓✗")
                if literal in entry.zh:  # a command line both languages show: 'dlkg study'
                    continue
                if len(literal.split()) >= 2 and literal in text:
                    found.append(f"{key}: {literal!r}")
    return found


def session(library_dir, db_path, args=(), *, lang="zh", now=NOW_SHANGHAI, width=80, **options):
    library = load_library(library_dir)
    lines, asked = plan(library, **options)
    command = ["study", "--content", str(library_dir), "--lang", lang, *args]
    env = {"DLKG_NOW": now, "DLKG_DB": str(db_path), "COLUMNS": str(width)}
    return run(command, input="\n".join(lines) + "\n", env=env), asked


# One language when asked ---------------------------------------------------------------


def test_a_study_session_in_zh_is_chinese_throughout(small_library, tmp_path):
    result, _ = session(
        small_library, tmp_path / "s.db", ["--new", "2"], new_concepts=2, right=lambda n, q: n != 3
    )
    out = result.output
    assert result.exit_code == 0, out
    assert english_interface(out) == []
    assert "学习（" in out and "输入 ? 查看提示" in out and "本次小结" in out
    assert "你的答案：" in out and "复习：" in out
    # The intro shows both terms: the English term is part of what a zh learner learns.
    assert "新概念：术语 a · Term a" in out
    # The English texts of the concept are not shown.
    assert "The definition of a." not in out and "a 的定义。" in out


def test_the_intro_shows_both_terms_in_every_language(small_library, tmp_path):
    for lang, line in (("en", "New concept: Term a · 术语 a"), ("both", "New concept · 新概念: ")):
        result, _ = session(
            small_library, tmp_path / f"{lang}.db", ["--new", "1"], lang=lang, new_concepts=1
        )
        assert line in result.output
        assert "Term a · 术语 a" in result.output or "术语 a · Term a" in result.output


def test_the_lang_option_and_dlkg_lang_on_every_command_that_prints_concepts():
    for command in ("study", "quiz", "show", "demo", "list", "path", "stats"):
        text = run([command, "--help"]).output
        assert "[en|zh|both]" in text and "DLKG_LANG" in text, command
    zh = run(["show", "softmax"], env={"DLKG_LANG": "zh"}).output
    assert "定义" in zh and "Definition" not in zh
    en = run(["show", "softmax", "--lang", "en"], env={"DLKG_LANG": "zh"}).output
    assert "Definition" in en and "定义" not in en  # the option wins


def test_list_path_and_stats_in_chinese(tmp_path):
    assert "梯度下降" in run(["list", "--lang", "zh", "--domain", "optimization"]).output
    path = run(["path", "softmax", "--lang", "zh"]).output
    assert path.startswith("通往「Softmax 函数」的学习路径") and "Learning path" not in path
    stats = run(["stats", "--lang", "zh", "--target", "adam"], env={"DLKG_DB": str(tmp_path / "x")})
    assert english_interface(stats.output) == []
    assert "可以开始学的概念" in stats.output and "Adam 优化器" in stats.output


# Local time and one unit scheme ---------------------------------------------------------


def test_times_are_local_to_the_zone_of_dlkg_now(small_library, tmp_path):
    result, _ = session(small_library, tmp_path / "t.db", ["--new", "1"], lang="en", new_concepts=1)
    # NOW is 09:00 UTC = 17:00 at +08:00; the first review is 2 days later.
    assert "Next review: in 2 days (2025-01-03 17:00 UTC+08:00)" in result.output
    result, _ = session(
        small_library, tmp_path / "u.db", ["--new", "1"], lang="en", now=NOW_UTC, new_concepts=1
    )
    assert "(2025-01-03 09:00 UTC)" in result.output
    assert re.search(r"in \d+ h\b", result.output) is None or "in 24 h" not in result.output


# Wrapping -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 160])
def test_a_session_fits_the_terminal(small_library, tmp_path, width):
    result, _ = session(
        small_library, tmp_path / "w.db", ["--new", "2"], lang="both", width=width, new_concepts=2
    )
    for line in result.output.splitlines():
        if "/tmp" in line or str(tmp_path) in line:
            continue  # the database's path is one word longer than a narrow line
        assert display_width(line) <= width, line


@pytest.mark.parametrize("width", [60, 80, 160])
def test_show_fits_the_terminal_without_breaking_a_number(width):
    text = run(["show", "adam"], env={"COLUMNS": str(width)}).output
    lines = text.splitlines()
    assert all(display_width(line) <= width for line in lines)
    for before, after in itertools.pairwise(lines):
        assert not (re.search(r"\d[.,]?$", before) and re.match(r"\s*[.\d]", after)), (
            before,
            after,
        )
    assert "0.00025" in text and "10⁻⁸" in text


# Formulas -------------------------------------------------------------------------------


def test_formulas_are_unicode_everywhere_in_the_terminal(tmp_path):
    show = run(["show", "adam"]).output
    assert "m̂ₜ = mₜ/(1 − β₁ᵗ)" in show and not RAW_LATEX.search(show)
    demo = run(["demo", "adam", "--lang", "zh"]).output
    assert "θₜ = θₜ₋₁ − η m̂ₜ/(√v̂ₜ + ε)" in demo and not RAW_LATEX.search(demo)
    latex = run(["show", "adam", "--latex"]).output
    assert r"\begin{aligned}" in latex
    assert r"\frac" in run(["show", "adam"], env={"DLKG_LATEX": "1"}).output


def test_the_hint_of_a_number_is_the_formula_in_unicode():
    base = ["quiz", "--concept", "cosine-similarity", "--kind", "numeric", "--n", "1"]
    seed = next(
        seed
        for seed in range(50)
        if not json.loads(run([*base, "--seed", str(seed), "--json"]).output)[0]["choices"]
    )
    result = run([*base, "--seed", str(seed), "--lang", "en"], input="?\n\n")
    assert "Hint: the formula is cos(a, b) = (a · b)/(‖a‖ ‖b‖)" in result.output
    assert not RAW_LATEX.search(result.output)


def test_anki_keeps_latex_and_the_graph_exports_are_untouched(tmp_path):
    deck = tmp_path / "d.apkg"
    assert run(["anki", "export", "-o", str(deck)]).exit_code == 0
    with zipfile.ZipFile(deck) as package:
        (tmp_path / "c").write_bytes(package.read("collection.anki2"))
    fields = sqlite3.connect(tmp_path / "c").execute("SELECT flds FROM notes").fetchall()
    assert any(r"\frac{\mathbf{a} \cdot \mathbf{b}}" in row[0] for row in fields)  # MathJax
    assert not any("(a · b)/(‖a‖ ‖b‖)" in row[0] for row in fields)
    # The HTML page shows no formula (it never did); nothing of the terminal's reaches it.
    page = tmp_path / "g.html"
    assert run(["graph", "export", "-o", str(page)]).exit_code == 0
    assert "mₜ/(1 − β₁ᵗ)" not in page.read_text(encoding="utf-8")


# Feedback that respects the screen --------------------------------------------------------


def test_a_right_conceptual_answer_shows_the_answer_not_the_definitions(small_library, tmp_path):
    result, _ = session(
        small_library,
        tmp_path / "f.db",
        ["--new", "2", "--limit", "6"],
        lang="both",
        new_concepts=2,
        limit=6,
        right=lambda n, q: n != 3,  # the third: a's definition -> term
    )
    lines = result.output.splitlines()
    verdicts = [i for i, line in enumerate(lines) if line.startswith(("✓", "✗"))]
    assert len(verdicts) == 4  # six questions; the two flashcards have no verdict
    assert sum(lines[i].startswith("✗") for i in verdicts) == 1
    for i in verdicts:
        if lines[i].startswith("✓"):  # the verdict names the answer; then the rating
            assert lines[i].startswith("✓ Right · 正确: ")
            assert lines[i + 1] == "" and lines[i + 2].startswith("→"), lines[i + 1 : i + 3]
        else:  # a wrong answer: the definition, in each language once
            assert lines[i].startswith("✗ Wrong · 错误: the answer is · 正确答案是 ")
            assert lines[i + 1 : i + 3] == [
                "Term a (术语 a): The definition of a.",
                "术语 a（Term a）：a 的定义。",
            ]


def test_explain_shows_the_definition_after_right_answers_too(small_library, tmp_path):
    result, _ = session(
        small_library,
        tmp_path / "e.db",
        ["--new", "1", "--limit", "4", "--explain"],
        lang="en",
        new_concepts=1,
        limit=4,
    )
    lines = result.output.splitlines()
    rights = [i for i, line in enumerate(lines) if line.startswith("✓ Right")]
    assert rights and all(lines[i + 1] == "Term a (术语 a): The definition of a." for i in rights)


def test_both_prints_a_worked_solution_once_per_language():
    quiz = run(
        [
            "quiz",
            "--concept",
            "cosine-similarity",
            "--kind",
            "numeric",
            "--n",
            "1",
            "--seed",
            "5",
            "--json",
        ]
    ).output
    question = json.loads(quiz)[0]
    result = run(
        ["quiz", "--concept", "cosine-similarity", "--kind", "numeric", "--n", "1", "--seed", "5"],
        input="0\n" if not question["choices"] else "a\nb\n",
    )
    for line in question["solution"]["en"].splitlines():
        assert result.output.count(line.split("=")[-1].strip(" .")) >= 1
    steps = [line for line in result.output.splitlines() if re.match(r"\d\. ", line)]
    assert len(steps) == len(set(steps)) == len(question["solution"]["en"].splitlines())


# Stats ------------------------------------------------------------------------------------


def test_stats_labels_terms_and_attention_order(small_library, tmp_path):
    db = tmp_path / "s.db"
    session(
        small_library,
        db,
        ["--new", "2"],
        lang="en",
        now=NOW_UTC,
        new_concepts=2,
        right=lambda n, q: q.concept != "b",
    )
    env = {"DLKG_NOW": NOW_UTC, "DLKG_DB": str(db)}
    text = run(
        ["stats", "--content", str(small_library), "--target", "d", "--lang", "en"], env=env
    ).output
    assert "(known)" not in text and "(unknown)" not in text
    concepts = text[text.index("Concepts") : text.index("Frontier")].splitlines()[1:]
    names = [line.split("  ")[1].strip() for line in concepts if line.strip()]
    assert names[0] == "Term b"  # missed, so due again first
    assert "not learned yet" in concepts[0]
    assert "Path to Term d: " in text and "needs Term b, Term c" in text
    zh = run(["stats", "--content", str(small_library), "--lang", "zh"], env=env).output
    assert "学习中" in zh or "复习中" in zh
    assert english_interface(zh) == []


# Quiz -------------------------------------------------------------------------------------


def test_the_quiz_asks_distinct_concepts_until_they_run_out():
    for seed in range(5):
        quiz = json.loads(
            run(
                ["quiz", "--target", "transformer", "--n", "10", "--seed", str(seed), "--json"]
            ).output
        )
        concepts = [question["concept"] for question in quiz]
        assert len(set(concepts)) == len(concepts) == 10
    two = json.loads(run(["quiz", "--concept", "adam", "--n", "4", "--seed", "1", "--json"]).output)
    assert len(two) == 4  # one concept: it repeats, as it must


def test_the_quiz_has_one_header_and_ends_with_what_was_missed():
    args = ["quiz", "--target", "softmax", "--n", "4", "--seed", "1", "--lang", "en"]
    quiz = json.loads(run([*args, "--json"]).output)
    wrong = {2, 4}
    lines = []
    for number, question in enumerate(quiz, 1):
        lines.append(_answer(question, right=number not in wrong))
    out = run(args, input="\n".join(lines) + "\n").output
    headers = re.findall(r"^Question (\d)/4 · (\S+) · (.+)$", out, re.MULTILINE)
    assert [int(number) for number, *_ in headers] == [1, 2, 3, 4]
    assert "Score: 2/4" in out
    missed = out[out.index("Missed") :]
    assert re.search(r"^  2\. .+", missed, re.MULTILINE) and re.search(r"^  4\. ", missed, re.M)
    retry = "dlkg quiz --target softmax --n 4 --seed 1 --only 2,4 --lang en"
    assert f"Retry them (same questions): {retry}" in out
    again = json.loads(run([*retry.split()[1:], "--json"]).output)
    assert [q["id"] for q in again] == [quiz[1]["id"], quiz[3]["id"]]


def _answer(question, *, right):
    if question["choices"]:
        if right:
            return question["answer"]
        return next("abcd"[i] for i, c in enumerate(question["choices"]) if not c["correct"])
    answer = question["answer"]
    if isinstance(answer, list):
        return " ".join(repr(v if right else v + 9) for v in answer)
    if isinstance(answer, (int, float)):
        return repr(answer if right else answer * 3 + 7)
    if question["kind"] == "flashcard":
        return "\n3" if right else "\n1"
    return answer if right else "no such term"


def test_unknown_commands_get_a_did_you_mean():
    result = run(["studdy"])
    assert (
        result.exit_code == 2 and "No such command 'studdy'. Did you mean 'study'?" in result.output
    )
    zh = run(["stdy"], env={"DLKG_LANG": "zh"}).output
    assert "没有命令 'stdy'。你是不是要找 'study'？" in zh


def test_nothing_to_study_is_said(small_library, tmp_path):
    env = {"DLKG_NOW": NOW_UTC, "DLKG_DB": str(tmp_path / "n.db")}
    result = run(["study", "--content", str(small_library), "--new", "0", "--lang", "en"], env=env)
    assert "Nothing is due, and --new 0 introduces no new concept" in result.output
    zh = run(["study", "--content", str(small_library), "--new", "0", "--lang", "zh"], env=env)
    assert "没有到期的复习，而 --new 0 表示不学新概念" in zh.output


def test_a_flashcard_rating_accepts_words_and_explains_itself(small_library, tmp_path):
    library = load_library(small_library)
    _, asked = plan(library, new_concepts=1, limit=1)
    assert asked[0][1].startswith("flashcard")
    env = {"DLKG_NOW": NOW_UTC, "DLKG_DB": str(tmp_path / "r.db")}
    result = run(
        ["study", "--content", str(small_library), "--new", "1", "--limit", "1", "--lang", "zh"],
        env=env,
        input="\n\n5\ngood\n",  # read the intro, reveal, a stray 5, then a word
    )
    assert "请按 1、2、3 或 4" in result.output and "Error" not in result.output
    assert "→ 良好；下次复习" in result.output
