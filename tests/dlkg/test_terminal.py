"""dlkg/terminal: formulas as Unicode, wrapping, the message table, local times."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from dlkg.terminal.formula import formula_lines, is_converted, to_unicode
from dlkg.terminal.messages import ASCII_ALLOWED, JOINED, MESSAGES, message
from dlkg.terminal.screen import Screen, parse_rating, same_text
from dlkg.terminal.times import clock_text, display_zone, relative
from dlkg.terminal.wrap import display_width, hanging_indent, wrap_line, wrap_text
from kg.concept import Text
from kg.safe_yaml import load
from tests.conftest import BUNDLED_CONTENT

REPO = Path(__file__).resolve().parents[2]
FORMULAS = {
    path.stem: load(path).value["formula"]
    for path in sorted(BUNDLED_CONTENT.rglob("*.yaml"))
    if path.name != "course.yaml" and "formula" in (load(path).value or {})
}
LATEX_LEFT = re.compile(r"\\[A-Za-z]+|\\[,;!{}]|[_^]\{|\{\\")


# Formulas ----------------------------------------------------------------------------


def test_the_bundled_library_has_formulas_to_convert():
    assert len(FORMULAS) > 100


@pytest.mark.parametrize("concept", sorted(FORMULAS))
def test_every_bundled_formula_converts_without_latex_left(concept):
    lines = to_unicode(FORMULAS[concept])  # raises if it would fall back
    assert lines and all(line.strip() and line.rstrip() == line for line in lines)
    for line in lines:
        assert not LATEX_LEFT.search(line), line
        assert "\\" not in line and "&" not in line


@pytest.mark.parametrize(
    ("concept", "expected"),
    [
        ("cosine-similarity", ["cos(a, b) = (a · b)/(‖a‖ ‖b‖)"]),
        (
            "adam",
            [
                "mₜ = β₁ mₜ₋₁ + (1 − β₁) gₜ",
                "vₜ = β₂ vₜ₋₁ + (1 − β₂) gₜ²",
                "m̂ₜ = mₜ/(1 − β₁ᵗ)",
                "v̂ₜ = vₜ/(1 − β₂ᵗ)",
                "θₜ = θₜ₋₁ − η m̂ₜ/(√v̂ₜ + ε)",
            ],
        ),
        ("relu", ["ReLU(z) = max(0, z)", "ReLU′(z) = {1, z > 0; 0, z < 0}"]),
        ("kl-divergence", ["D_KL(P ‖ Q) = ∑ᵢ₌₁ᴷ pᵢ log(pᵢ/qᵢ)", "            = H(P, Q) − H(P)"]),
        ("softmax", ["softmax(z)ᵢ = e^(zᵢ)/(∑ⱼ₌₁ᴷ e^(zⱼ))"]),
        ("chain-rule", ["dz/dx = dz/dy · dy/dx"]),
        (
            "backpropagation",
            ["δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)", "∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ h⁽ˡ⁻¹⁾ᵀ", "∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾"],
        ),
        (
            "layer-normalization",
            ["LN(x) = γ ⊙ (x − μ)/√(s² + ε) + β", "μ = 1/d ∑ᵢ₌₁ᵈ xᵢ", "s² = 1/d ∑ᵢ₌₁ᵈ (xᵢ − μ)²"],
        ),
        ("derivative", ["f′(x) = df/dx = lim_(Δx→0) (f(x + Δx) − f(x))/Δx"]),
        (
            "batch-normalization",
            [
                "μ_B = 1/m ∑ᵢ₌₁ᵐ xᵢ",
                "s_B² = 1/m ∑ᵢ₌₁ᵐ (xᵢ − μ_B)²",
                "train: yᵢ = γ (xᵢ − μ_B)/√(s_B² + ε) + β",
                "eval: y = γ (x − μ̄)/√(s̄² + ε) + β",
            ],
        ),
    ],
)
def test_formulas_read_as_maths(concept, expected):
    assert formula_lines(FORMULAS[concept]) == expected


def test_a_fraction_keeps_the_parentheses_its_meaning_needs():
    # pylatexenc's own latex2text gives "x_i - μ_B/√(...)": the numerator loses its brackets.
    assert formula_lines(r"\frac{a + b}{c}") == ["(a + b)/c"]
    assert formula_lines(r"\frac{a}{b + c}") == ["a/(b + c)"]
    assert formula_lines(r"\frac{1}{2m}") == ["1/(2m)"]
    assert formula_lines(r"\frac{1}{n}") == ["1/n"]


@pytest.mark.parametrize(
    "latex",
    [
        r"\unknownmacro{x} = 1",
        r"\begin{pmatrix} 1 & 2 \end{pmatrix}",
        r"\hat{xy} = 1",
        r"\frac{1}{",
        r"x = \sqrt[3]{y}",
        r"$x$",
    ],
)
def test_what_cannot_be_converted_falls_back_to_the_whole_source(latex):
    assert not is_converted(latex)
    assert formula_lines(latex) == [latex]  # the source, never half converted


def test_latex_mode_keeps_the_source():
    source = FORMULAS["adam"]
    assert Screen("en", latex=True).formula(source) == [source]
    assert Screen("en").formula(source)[0] == "mₜ = β₁ mₜ₋₁ + (1 − β₁) gₜ"


def test_the_hint_gives_a_formula_of_several_lines_on_lines_of_its_own():
    hint = Screen("en").formula_hint(FORMULAS["adam"])
    assert hint.startswith("\n  mₜ = ") and hint.count("\n") == 5
    assert Screen("en").formula_hint(FORMULAS["softmax"]) == "softmax(z)ᵢ = e^(zᵢ)/(∑ⱼ₌₁ᴷ e^(zⱼ))"
    assert Screen("en").formula_hint(None) is None


# Wrapping ----------------------------------------------------------------------------

NUMBERS = re.compile(r"[-−]?\d+(?:\.\d+)?")
PARAGRAPH = (
    "1. Normalize: (x + s − μ) / √(σ² + ε) with x = [-0.5, 1.7, -1.8, -1.9] and "
    "s = [1.5, 1.4, -0.1, 1.1] gives [0.3429, 1.4509, -1.1871, -0.6067]; the encoder keeps "
    "norm_first=False and a learning rate of 0.000125 for 15,300 steps."
)
CHINESE = (
    "2. 后归一化：norm_first=False 时先做残差相加再做层归一化，(x + s − μ) / √(σ² + ε) = "
    "[0.3429, 1.4509, -1.1871, -0.6067]，学习率为 0.000125，共 15,300 步。"
)


def unbroken(original: str, lines: list[str]) -> None:
    """Every number, vector and identifier of ``original`` is whole on one line."""
    tokens = re.findall(r"\[[^\]]*\]|[A-Za-z_]+=[A-Za-z]+|\d[\d,]*\.\d+|\d[\d,]*", original)
    for token in tokens:
        assert any(token in line for line in lines), (token, lines)


@pytest.mark.parametrize("width", [60, 80, 160])
@pytest.mark.parametrize("text", [PARAGRAPH, CHINESE])
def test_wrapping_fits_the_width_and_never_breaks_a_number(width, text):
    lines = wrap_line(text, width)
    assert all(display_width(line) <= width for line in lines), lines
    unbroken(text, lines)
    assert [line.strip() for line in lines if line.strip()]
    # Continuation lines hang under the text after "1. " / "2. ".
    assert all(line.startswith("   ") and not line.startswith("    ") for line in lines[1:])
    if width >= 160 and text is PARAGRAPH:
        assert len(lines) == 2
    joined = "".join(line.strip() for line in lines)
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_chinese_breaks_between_characters_not_before_closing_punctuation():
    lines = wrap_line("余弦相似度衡量两个向量方向的接近程度。取值从 −1 到 1。", 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(line.startswith(("。", "，", "）")) for line in lines)
    assert display_width("余弦") == 4


def test_a_vector_wider_than_the_line_breaks_between_its_elements_only():
    vector = "[" + ", ".join(f"{i}.{i}{i}{i}" for i in range(1, 30)) + "]"
    lines = wrap_line("x = " + vector, 40)
    assert len(lines) > 2 and all(display_width(line) <= 40 for line in lines)
    elements = re.compile(r"\[?[-−]?\d+\.\d+(?:, [-−]?\d+\.\d+)*,?\]?")
    for line in lines[1:]:
        assert elements.fullmatch(line.strip()), line  # whole elements only


def test_a_word_longer_than_the_line_is_left_whole():
    assert wrap_line("see https://example.com/" + "x" * 100, 40)[-1].endswith("x" * 100)


def test_hanging_indents():
    assert hanging_indent("  1. a") == 5
    assert hanging_indent("  a) b") == 5
    assert hanging_indent("    text") == 4
    lines = wrap_text("EN: " + "word " * 30, 40, hang=4)
    assert all(line.startswith("    ") for line in lines[1:])


# The message table --------------------------------------------------------------------


def _literals(template: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_chinese_messages_hold_no_english(key):
    chinese = _literals(MESSAGES[key].zh)
    for word in re.findall(r"[A-Za-z][A-Za-z-]*", chinese):
        assert word in ASCII_ALLOWED or word in ("Transformer", "English"), (key, word)


def test_every_message_dlkg_prints_is_in_the_table():
    used = set()
    for path in (REPO / "dlkg").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\.t\(\s*["']([a-z_.-]+)["']""", text))
        used |= set(re.findall(r"""message\(\s*["']([a-z_.-]+)["']""", text))
        used |= set(re.findall(r"""label\(\s*["']([a-z_.-]+)["']""", text))
    assert used and used <= set(MESSAGES), sorted(used - set(MESSAGES))
    assert set(JOINED) <= set(MESSAGES)


def test_a_key_is_in_one_area_of_the_table_only():
    from dlkg.terminal.messages import answering, commands, progress, study

    areas = (answering.ANSWERING, study.STUDY, progress.PROGRESS, commands.COMMANDS)
    assert sum(len(area) for area in areas) == len(MESSAGES)


def test_messages_in_each_language():
    assert message("quiz.score", "zh", right=3, answered=5) == "得分：3/5"
    assert message("show.definition", "both") == "Definition · 定义"
    assert message("study.start", "both", path="p", due=1, n=1, new=3).startswith("Study session")
    assert message("time.days", "en", n=1) == "in 1 day"
    assert message("time.days", "en", n=3) == "in 3 days"


def test_both_prints_each_line_once_per_language():
    solution = Text(
        "1. Target = w2 − w3 + w5 = [-1, -7].\n2. a·b = 1 × 3 + 2 × 5 = 13.",
        "1. 目标向量 = w2 − w3 + w5 = [-1, -7]。\n2. a·b = 1 × 3 + 2 × 5 = 13。",
    )
    lines = Screen("both").bilingual_lines(solution)
    assert lines == [
        "1. Target = w2 − w3 + w5 = [-1, -7].",
        "   目标向量 = w2 − w3 + w5 = [-1, -7]。",
        "2. a·b = 1 × 3 + 2 × 5 = 13.",
    ]
    assert same_text("= 13.", "= 13。")
    assert Screen("zh").pick(solution) == solution.zh


def test_a_rating_is_typed_as_a_number_or_a_name():
    assert [parse_rating(t) for t in ("1", "again", "Hard", "良好", "４")] == [1, 1, 2, 3, 4]
    assert parse_rating("5") is None and parse_rating("good!") is None


# Times ---------------------------------------------------------------------------------


def test_one_unit_scheme():
    now = datetime(2026, 1, 30, 13, 0, tzinfo=UTC)
    cases = {
        timedelta(seconds=10): "now",
        timedelta(minutes=10): "in 10 min",
        timedelta(minutes=59): "in 59 min",
        timedelta(hours=5): "in 5 h",
        timedelta(hours=23): "in 23 h",
        timedelta(hours=24): "in 1 day",
        timedelta(hours=48): "in 2 days",
        timedelta(days=13): "in 13 days",
    }
    for delta, text in cases.items():
        assert relative(now + delta, now, "en") == text
    assert relative(now + timedelta(hours=5), now, "zh") == "5 小时后"


def test_times_show_in_the_zone_of_dlkg_now(monkeypatch):
    moment = datetime(2026, 1, 30, 13, 10, tzinfo=UTC)
    monkeypatch.setenv("DLKG_NOW", "2026-01-30T21:00:00+08:00")
    assert clock_text(moment, display_zone()) == "2026-01-30 21:10 UTC+08:00"
    monkeypatch.setenv("DLKG_NOW", "2026-01-30T13:00:00Z")
    assert clock_text(moment, display_zone()) == "2026-01-30 13:10 UTC"
    monkeypatch.delenv("DLKG_NOW")
    assert display_zone() is None  # the system's zone
    assert clock_text(moment, timezone(timedelta(hours=-5))) == "2026-01-30 08:10 UTC-05:00"
