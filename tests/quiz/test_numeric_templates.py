"""Every numeric template, STACK-style, over many seeds.

For each template and 200 seeds: the right answer grades right in every
accepted form; every distractor grades wrong and lies outside the tolerance;
the answer equals an independent recomputation from the parameters (each
family's ``tests/quiz/numeric/test_<family>.py`` defines ``INDEPENDENT``); the
same seed gives the same problem. A golden file pins one question per
template (regenerate with ``DLKG_UPDATE_GOLDEN=1 pytest tests/quiz``).

Fairness, as a careful student meets the questions: a typed question states
its precision and is graded exactly at it (a whole number rejects ±0.5; a
decimal accepts the key rounded and rejects one unit of the stated precision
off); a typed answer that a named mistake gives hears that mistake's hint; a
multiple-choice question takes letters and option values; no option is an
impossible value; the key's rank among the sorted options is at one place in
at most half of a template's items.

Review r2 (86 items recomputed blind): a rounded key stays clear of a rounding
halfway point, so a hand computation through the worked solution's own rounded
intermediates is graded right; a distractor is what its named mistake gives and a
distribution's distractors are distributions; a typed value picks an option only
when it is that option's value, at any scale; hints name the item's own formula.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import pkgutil
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import tests.quiz.numeric as independent_package
from kg.library import load_library
from quiz.grading import Unparseable, grade_number
from quiz.numeric import load_templates
from quiz.numeric.base import (
    HALFWAY_MARGIN,
    clean,
    fmt,
    fmt_sig,
    near_halfway,
    sig_unit,
    unfair_to_round,
)
from quiz.numeric.question import HOW_TO_CHOOSE, numeric_question
from quiz.question import LETTERS, grade
from tests.conftest import BUNDLED_CONTENT

TEMPLATES = load_templates()
SEEDS = range(200)
GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden_numeric.json"
GOLDEN_SEED = 20261123


def independent_answers():
    found = {}
    for info in pkgutil.iter_modules(independent_package.__path__):
        module = importlib.import_module(f"tests.quiz.numeric.{info.name}")
        found.update(getattr(module, "INDEPENDENT", {}))
    return found


INDEPENDENT = independent_answers()


def forms(value):
    """The ways a person may type ``value``."""
    if isinstance(value, tuple):
        items = [repr(v) for v in value]
        return ["[" + ", ".join(items) + "]", " ".join(items), ", ".join(items)]
    fraction = Fraction(value).limit_denominator(10**9)
    return [repr(value), f"{value:.6e}", f"{fraction.numerator}/{fraction.denominator}"]


def exact(value):
    return ", ".join(repr(v) for v in value) if isinstance(value, tuple) else repr(value)


def test_every_engine_function_in_the_library_has_two_templates():
    library = load_library(BUNDLED_CONTENT)
    engines = {concept.engine for concept in library if concept.engine}
    counts = {engine: sum(engine in t.engines for t in TEMPLATES.values()) for engine in engines}
    assert {engine: n for engine, n in counts.items() if n < 2} == {}


def test_every_template_has_an_independent_check():
    assert sorted(set(TEMPLATES) - set(INDEPENDENT)) == []


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_template_over_many_seeds(template_id):
    template = TEMPLATES[template_id]
    tolerance = template.precision.to_dict()
    recompute = INDEPENDENT.get(template_id)
    for seed in SEEDS:
        problem = template.generate(seed)
        json.dumps(problem.params)
        # A typed decimal key never sits next to a rounding boundary (0.374498 to 3 figures)
        entries = problem.answer if isinstance(problem.answer, tuple) else (problem.answer,)
        if not (template.precision.integer or template.precision.exact):
            for entry in entries:
                sig = template.precision.sig
                assert not near_halfway(entry, sig) or near_halfway(entry, sig, 1e-6), (
                    template_id,
                    seed,
                    entry,
                )
        for text in (
            problem.prompt.en,
            problem.prompt.zh,
            problem.solution.en,
            problem.solution.zh,
        ):
            assert text.strip(), (template_id, seed)
        for form in forms(problem.answer):
            grade = grade_number(form, problem.answer, **tolerance)
            assert grade.correct, (template_id, seed, form)
        assert len(problem.distractors) >= 2, (template_id, "needs two misconceptions")
        for distractor in problem.distractors:
            grade = grade_number(exact(distractor.value), problem.answer, **tolerance)
            assert not grade.correct, (template_id, seed, distractor.mistake.name)
        names = [d.mistake.name for d in problem.distractors]
        assert len(set(names)) == len(names)
        if recompute is not None:
            np.testing.assert_allclose(
                np.asarray(problem.answer, dtype=float),
                np.asarray(recompute(problem.params), dtype=float),
                rtol=1e-9,
                atol=1e-12,
                err_msg=f"{template_id} seed {seed}",
            )
        assert fmt(problem.answer) in problem.solution.en, (template_id, seed)
        assert fmt(problem.answer) in problem.solution.zh, (template_id, seed)


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_same_seed_same_problem(template_id):
    template = TEMPLATES[template_id]
    assert template.generate(11) == template.generate(11)


def golden_record(template_id):
    problem = TEMPLATES[template_id].generate(GOLDEN_SEED)
    return {
        "prompt": problem.prompt.to_dict(),
        "answer": list(problem.answer) if isinstance(problem.answer, tuple) else problem.answer,
        "params": problem.params,
        "distractors": {d.mistake.name: d.value for d in problem.distractors},
    }


def test_golden_questions():
    current = {template_id: golden_record(template_id) for template_id in sorted(TEMPLATES)}
    current = json.loads(json.dumps(current))
    if os.environ.get("DLKG_UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if not os.environ.get("DLKG_UPDATE_GOLDEN"):
            pytest.fail("golden file was missing and has been written; commit it")
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert sorted(golden) == sorted(current), "templates added or removed: update the golden file"
    for template_id, record in golden.items():
        got = current[template_id]
        assert got["prompt"] == record["prompt"], template_id
        assert got["params"] == record["params"], template_id
        np.testing.assert_allclose(
            np.asarray(got["answer"], dtype=float),
            np.asarray(record["answer"], dtype=float),
            rtol=1e-12,
            err_msg=template_id,
        )


def shifted(value, index, by):
    """``value`` with entry ``index`` moved by ``by``, typed exactly."""
    items = list(value) if isinstance(value, tuple) else [value]
    items[index] += by
    return ", ".join(repr(v) for v in items)


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_typed_questions_state_and_grade_their_precision(template_id):
    template = TEMPLATES[template_id]
    precision = template.precision
    for seed in SEEDS:
        question = numeric_question("concept", template, seed, choice=False)
        key = question.answer
        entries = list(key) if isinstance(key, tuple) else [key]
        if precision.integer:
            assert "whole number" in question.prompt.en and "整数" in question.prompt.zh
            assert all(v == round(v) for v in entries), (template_id, seed, key)
            for typed in (fmt(key), precision.show(key)):
                assert grade(question, typed).correct, (template_id, seed, typed)
            for index in range(len(entries)):
                for by in (-0.5, 0.5):
                    wrong = grade(question, shifted(key, index, by))
                    assert not wrong.correct, (template_id, seed, index, by)
        elif precision.exact:  # a cell read off the table: typed as shown, nothing else
            assert "exactly as in the table" in question.prompt.en, (template_id, seed)
            assert grade(question, precision.show(key)).correct, (template_id, seed)
            for index, entry in enumerate(entries):
                wrong = grade(question, shifted(key, index, max(abs(entry), 1.0) * 1e-3))
                assert not wrong.correct, (template_id, seed, index)
        else:
            words = f"{precision.sig} significant figures"
            assert words in question.prompt.en, (template_id, seed)
            assert f"{precision.sig} 位有效数字" in question.prompt.zh, (template_id, seed)
            assert grade(question, precision.show(key)).correct, (template_id, seed)
            for index, entry in enumerate(entries):
                unit = sig_unit(entry, precision.sig)
                if unit == 0:
                    continue
                rounded = float(precision.show(entry))
                for by in (-unit, unit):
                    off = rounded + by
                    if abs(off - entry) <= 0.5 * unit * (1 + 1e-9):
                        continue  # the key is a midpoint: both roundings are right
                    wrong = grade(question, shifted(key, index, rounded - entry + by))
                    assert not wrong.correct, (template_id, seed, index, by)
        verdict = grade(question, precision.show(key))
        assert verdict.correct and verdict.note is not None, (template_id, seed)
        assert verdict.note.en in question.prompt.en and verdict.note.zh in question.prompt.zh
        for mistake in question.mistakes:
            heard = grade(question, exact(mistake.value))
            assert not heard.correct and heard.hint == mistake.hint, (template_id, seed)


INF = math.inf
PROBABILITY, COSINE, NON_NEGATIVE, AT_LEAST_ONE = (0.0, 1.0), (-1.0, 1.0), (0.0, INF), (1.0, INF)
RANGES = {
    "attention-weights": PROBABILITY,
    "bigram-laplace-probability": PROBABILITY,
    "bigram-probability": PROBABILITY,
    "multi-head-attention-weight": PROBABILITY,
    "softmax-probability": PROBABILITY,
    "softmax-with-temperature": PROBABILITY,
    "analogy-winning-cosine": COSINE,
    "cosine-similarity-of-vectors": COSINE,
    "positional-encoding-entry": COSINE,
    "positional-encoding-vector": COSINE,
    "rnn-two-steps": COSINE,
    "rnn-vector-step": COSINE,
    "bce-of-logits": NON_NEGATIVE,
    "bce-of-probabilities": NON_NEGATIVE,
    "cross-entropy-of-a-batch": NON_NEGATIVE,
    "cross-entropy-of-logits": NON_NEGATIVE,
    "l1-penalty-value": NON_NEGATIVE,
    "l2-penalty-value": NON_NEGATIVE,
    "mlp-loss": NON_NEGATIVE,
    "mse-of-a-line": NON_NEGATIVE,
    "mse-of-predictions": NON_NEGATIVE,
    "random-search-best-loss": NON_NEGATIVE,
    "bigram-perplexity": AT_LEAST_ONE,
    "perplexity-of-probabilities": AT_LEAST_ONE,
}
"""What every answer of these templates is, so that an option outside is impossible."""
SIGNED_INTEGERS = {"conv2d-output-entry", "max-pool-entry", "ffn-output-entry", "ffn-position-wise"}
"""Integer templates whose answer is a value that may be negative, not a count or a size."""


def test_templates_declare_the_range_of_their_answers():
    for template_id, (low, high) in RANGES.items():
        valid = TEMPLATES[template_id].valid
        assert valid is not None and low <= valid[0] and valid[1] <= high, template_id
    for template in TEMPLATES.values():
        if template.precision.integer and template.id not in SIGNED_INTEGERS:
            assert template.valid is not None and template.valid[0] >= 0, template.id


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_choice_questions_take_letters_and_values_and_hide_the_key(template_id):
    template = TEMPLATES[template_id]
    ranks = Counter()
    for seed in SEEDS:
        question = numeric_question("concept", template, seed, choice=True)
        assert question.prompt.en.endswith(HOW_TO_CHOOSE.en), template_id
        assert question.prompt.zh.endswith(HOW_TO_CHOOSE.zh), template_id
        assert 3 <= len(question.choices) <= 4, (template_id, seed)
        for letter, choice in zip(LETTERS, question.choices, strict=False):
            assert template.admissible(choice.value), (template_id, seed, choice.mistake)
            assert grade(question, letter).correct == choice.correct
            assert grade(question, choice.text.en).correct == choice.correct, (
                template_id,
                seed,
                choice.text.en,
            )
        key = next(c.value for c in question.choices if c.correct)
        if not isinstance(key, tuple):
            ranks[sum(c.value < key for c in question.choices)] += 1
    if ranks:
        _, count = ranks.most_common(1)[0]
        assert count <= len(SEEDS) / 2, (template_id, dict(ranks))


NEGATIVE_AFTER_AN_OPERATOR = re.compile(r"(?:[×·*/]|\s[+\-−]) ?-\d")
"""``3×-3`` or ``+ -2``: a negative number belongs in parentheses there."""
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (?:words|steps|tokens|pieces|examples|pairs|entries|times)\b"
)
COEFFICIENT_OF_X = re.compile(r"\d\(x\)")
"""``2(x)²``: write ``2x²``."""
UNGROUPED_COUNT = re.compile(r"(?<![\d,.^e\w])\d{5,}(?![\d,.])")
"""A count of five digits or more without thousands separators (10000 in a formula aside)."""


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_prompts_and_solutions_are_written_as_a_person_writes(template_id):
    for seed in range(60):
        problem = TEMPLATES[template_id].generate(seed)
        prompt, solution = problem.prompt, problem.solution
        for text in (prompt.en, prompt.zh, solution.en, solution.zh):
            assert not NEGATIVE_AFTER_AN_OPERATOR.search(text), (template_id, seed, text)
            assert not ONE_PLURAL.search(text), (template_id, seed, text)
            assert not COEFFICIENT_OF_X.search(text), (template_id, seed, text)
            counts = UNGROUPED_COUNT.findall(text.replace("10000^", ""))
            assert not counts, (template_id, seed, counts)


def test_a_table_cell_is_typed_as_shown():
    """Grid and random search return a cell of the table: no figures to round to."""
    for template_id in ("grid-search-best", "random-search-best"):
        question = numeric_question("hyperparameter", TEMPLATES[template_id], 3, choice=False)
        assert "significant" not in question.prompt.en and "有效数字" not in question.prompt.zh
        assert "exactly as in the table" in question.prompt.en
        answer = ", ".join(repr(v) for v in question.answer)
        assert grade(question, answer).correct


def test_no_biases_mistake_drops_only_the_linear_biases():
    """The hint names the linear maps' biases; the LayerNorms' β are another mistake."""
    problem = TEMPLATES["encoder-layer-parameter-count"].generate(GOLDEN_SEED)
    e, hidden = problem.params["d_model"], problem.params["dim_feedforward"]
    value = {d.mistake.name: d.value for d in problem.distractors}["no-biases"]
    assert problem.answer - value == 4 * e + hidden + e  # Q, K, V, out; two FFN layers


ROUNDED = sorted(
    t for t in TEMPLATES if not (TEMPLATES[t].precision.integer or TEMPLATES[t].precision.exact)
)


@pytest.mark.parametrize("template_id", ROUNDED)
def test_a_rounded_key_stays_clear_of_a_halfway_point(template_id):
    """Review r2, item 62: the key 0.0477458 lay 0.04 of a unit from 0.04775, so the
    solution's own cos −0.809 gave 0.04775 → 0.0478, graded wrong. A hand result within
    HALFWAY_MARGIN units of the key (what rounded intermediates give), rounded to the
    stated figures, must be graded right, whichever side of the key it falls. A key that
    is not 0 is at least 1e-6: a smaller one is ε's doing (Adam's θ − 0.1 + 0.1 gave
    -1.43e-9), and the hand-worked 0 would be marked wrong."""
    template = TEMPLATES[template_id]
    sig = template.precision.sig
    for seed in SEEDS:
        question = numeric_question("concept", template, seed, choice=False)
        key = question.answer
        assert not unfair_to_round(key, sig), (template_id, seed, key)
        entries = list(key) if isinstance(key, tuple) else [key]
        for index, entry in enumerate(entries):
            assert clean(entry) == 0 or abs(entry) >= 1e-6, (template_id, seed, key)
            unit = sig_unit(entry, sig)
            for by in (-0.9 * HALFWAY_MARGIN * unit, 0.9 * HALFWAY_MARGIN * unit):
                hand = [fmt_sig(v, sig) for v in entries]
                hand[index] = fmt_sig(entry + by, sig)
                verdict = grade(question, ", ".join(hand))
                assert verdict.correct, (template_id, seed, entry, hand)


def shown(x, digits):
    """``x`` as the worked solution prints it with ``digits`` decimals (base.fmt)."""
    return float(fmt(x, digits).replace(",", ""))


def by_hand(template_id, params):
    """The key worked by hand from the intermediates the solution prints, rounded as
    printed (cos to 5 decimals; log-probabilities to 4)."""
    if template_id == "cosine-learning-rate":
        base, low = params["base_lr"], params["min_lr"]
        cos = shown(math.cos(math.pi * params["step"] / params["total_steps"]), 5)
        return low + (base - low) * (1 + cos) / 2
    if template_id == "cosine-after-warmup":
        base, low, warmup = params["base_lr"], params["min_lr"], params["warmup_steps"]
        into, length = params["step"] - warmup, params["total_steps"] - warmup
        cos = shown(math.cos(math.pi * into / length), 5)
        return low + (base - low) * (1 + cos) / 2
    if template_id == "label-smoothed-loss":
        z, y, eps = np.array(params["logits"]), params["target"], params["epsilon"]
        log_p = z - (z.max() + np.log(np.exp(z - z.max()).sum()))
        surprisals = [-shown(v, 4) for v in log_p]
        return (1 - eps) * surprisals[y] + eps * float(np.mean(surprisals))
    raise KeyError(template_id)


@pytest.mark.parametrize(
    "template_id", ["cosine-learning-rate", "cosine-after-warmup", "label-smoothed-loss"]
)
def test_the_worked_solutions_own_numbers_give_a_right_answer(template_id):
    template = TEMPLATES[template_id]
    for seed in SEEDS:
        question = numeric_question("concept", template, seed, choice=False)
        hand = by_hand(template_id, template.generate(seed).params)
        verdict = grade(question, fmt_sig(hand, template.precision.sig))
        assert verdict.correct, (template_id, seed, question.answer, hand)


def test_the_reviewed_halfway_keys_are_drawn_again():
    """Items 62 and 57 of review r2 keyed 0.0477458 and 1.76523 at 3 figures."""
    cosine = TEMPLATES["cosine-learning-rate"].generate(53858707).answer
    smoothed = TEMPLATES["label-smoothed-loss"].generate(1744925165).answer
    assert not unfair_to_round(cosine, 3) and not unfair_to_round(smoothed, 3)
    assert round(cosine, 7) != 0.0477458 and round(smoothed, 5) != 1.76523


def is_distribution(value):
    array = np.asarray(value, dtype=float)
    return bool(
        array.ndim == 1
        and array.size > 1
        and np.all(array >= -1e-9)
        and abs(array.sum() - 1) < 1e-6
    )


def test_a_distributions_distractors_are_distributions():
    for template_id, template in sorted(TEMPLATES.items()):
        problems = [template.generate(seed) for seed in range(40)]
        if not all(is_distribution(p.answer) for p in problems):
            continue
        for seed, problem in enumerate(problems):
            for distractor in problem.distractors:
                assert is_distribution(distractor.value), (template_id, seed, distractor)


def test_each_label_smoothing_target_mistake_gives_its_named_value():
    """Review r2, item 58: other-classes-only was 1 − ε + ε/(C − 1), a target that sums
    to more than 1; spreading ε over the C − 1 wrong classes leaves the true class 1 − ε."""
    template = TEMPLATES["label-smoothed-target"]
    for seed in SEEDS:
        problem = template.generate(seed)
        c, eps = problem.params["c"], problem.params["epsilon"]
        true_class = problem.params["k"] == problem.params["target"]
        named = {
            "true-class-share-forgotten": 1 - eps,
            "true-class-gets-share-only": eps / c,
            "one-hot-kept": 1.0 if true_class else 0.0,
            "share-subtracted": 1 - eps / c,
            "share-over-c-minus-one": 1 - eps + eps / (c - 1),
            "epsilon-not-split": eps,
            "wrong-classes-total": eps * (c - 1) / c,
        }
        named["other-classes-only"] = 1 - eps if true_class else eps / (c - 1)
        for distractor in problem.distractors:
            value = named[distractor.mistake.name]
            assert distractor.value == pytest.approx(value), (seed, distractor.mistake.name)


def test_adamw_moves_the_weight_visibly():
    """Review r2, item 4: lr·λ·p = lr cancelled Adam's step and the key was p itself."""
    template = TEMPLATES["adamw-first-step"]
    for seed in SEEDS:
        problem = template.generate(seed)
        start = problem.params["p"]
        assert not template.precision.accepts(start, problem.answer), (seed, start)


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_a_wrong_typed_value_never_picks_the_key(template_id):
    """Review r2, item 15: options around 1e-4 were all within an absolute 0.001, so a
    typed 0.00025 picked the key 0.000106. A value 30% off the key is never the key."""
    template = TEMPLATES[template_id]
    for seed in range(60):
        question = numeric_question("concept", template, seed, choice=True)
        key = next(c.value for c in question.choices if c.correct)
        if isinstance(key, tuple) or key == 0:
            continue
        for off in (0.7 * key, 1.3 * key):
            try:
                verdict = grade(question, repr(off))
            except Unparseable:
                continue  # no option has that value: asked again
            assert not verdict.correct, (template_id, seed, key, off)


HINTS = {
    ("accuracy-imbalanced", "complement"): ("TP + TN", "count the true positives"),
    ("confusion-matrix-class-recall", "accuracy-instead"): ("row sum", "(TP + TN)"),
    ("xavier-uniform-bound", "sqrt-forgotten"): ("a²", "That is the variance"),
    ("xavier-uniform-bound-conv", "sqrt-forgotten"): ("a²", "That is the variance"),
    ("he-normal-std", "sqrt-forgotten"): ("variance 2 / fan_in", "bound"),
    ("receptive-field-with-dilation", "dilation-ignored"): ("kernel of size k", "3×3"),
    ("receptive-field-with-dilation", "output-position-forgotten"): ("d_l", "s_i"),
    ("receptive-field-of-a-stack", "strides-ignored"): ("positions apart", "pixels"),
    ("entropy-of-a-smoothed-target", "uniform-assumed"): ("uneven distribution", "uneven p"),
    ("kl-divergence-of-two-coins", "first-outcome-only"): ("for a coin", "two coins"),
    ("cosine-after-warmup", "min-lr-forgotten"): ("(t − W) / (T − W)", "π t / T"),
    ("cosine-after-warmup", "linear-decay"): ("(t − W) / (T − W)", "1 − t / T"),
}
"""(template, mistake): a phrase its hint must hold, one it must not (review r2)."""


def test_hints_describe_the_items_own_mistake():
    for (template_id, name), (wanted, unwanted) in HINTS.items():
        hints = {
            d.mistake.hint
            for seed in range(40)
            for d in TEMPLATES[template_id].generate(seed).distractors
            if d.mistake.name == name
        }
        assert hints, (template_id, name)
        for hint in hints:
            assert wanted in hint.en and unwanted not in hint.en, (template_id, hint.en)
            assert "3×3" not in hint.zh and "两枚" not in hint.zh, (template_id, hint.zh)
