"""Numeric templates for engine.decoding: nucleus (top-p) filtering, temperature, and beam
search against greedy decoding."""

from __future__ import annotations

import math

import numpy as np

from engine.decoding import (
    beam_search,
    greedy_decode,
    temperature_softmax,
    top_k_filter,
    top_p_filter,
)
from engine.losses import softmax
from quiz.numeric.base import (
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    rounded,
    template,
    unique,
)

NOT_RENORMALIZED = Mistake(
    "not-renormalized",
    bilingual(
        "After dropping the tail, divide the kept probabilities by their sum so they add "
        "up to 1 again.",
        "去掉尾部后，要把保留下来的概率除以它们的和，使其重新加起来等于 1。",
    ),
)
STOPPED_SHORT = Mistake(
    "stopped-short",
    bilingual(
        "Keep tokens until the cumulative probability reaches p, including the token that "
        "crosses it.",
        "要一直保留词元，直到累积概率达到 p，跨过 p 的那个词元也要保留。",
    ),
)
ONE_TOO_MANY = Mistake(
    "one-too-many",
    bilingual(
        "Stop at the first token whose cumulative probability reaches p; the ones after it "
        "are cut.",
        "在累积概率首次达到 p 的那个词元处停下；其后的词元都要去掉。",
    ),
)
DIVIDED_BY_P = Mistake(
    "divided-by-p",
    bilingual(
        "Renormalize by the total probability of the kept tokens, not by the threshold p: "
        "the kept set usually holds more than p.",
        "重新归一化时要除以保留词元的总概率，而不是阈值 p：保留的集合通常超过 p。",
    ),
)
TEMPERATURE_MULTIPLIED = Mistake(
    "temperature-multiplied",
    bilingual(
        "Divide the logits by the temperature, softmax(z / T), do not multiply them.",
        "要把 logits 除以温度，softmax(z / T)，而不是乘以温度。",
    ),
)
TEMPERATURE_FORGOTTEN = Mistake(
    "temperature-forgotten",
    bilingual(
        "Scale the logits by 1/T before the softmax; the plain softmax is T = 1.",
        "softmax 之前要先把 logits 乘以 1/T；普通 softmax 对应 T = 1。",
    ),
)
TEMPERATURE_ON_PROBABILITIES = Mistake(
    "temperature-on-probabilities",
    bilingual(
        "Temperature divides the logits, not the probabilities: p / T is not a distribution.",
        "温度除的是 logits 而不是概率：p / T 不是一个概率分布。",
    ),
)
GREEDY = Mistake(
    "greedy",
    bilingual(
        "That is greedy decoding's sequence; a beam of 2 also keeps the runner-up first "
        "token, whose continuation can win.",
        "那是贪心解码得到的序列；宽度为 2 的束还保留了第二好的首词元，它的后续可能胜出。",
    ),
)
LAST_STEP_ONLY = Mistake(
    "last-step-only",
    bilingual(
        "A sequence's probability multiplies the probabilities of all its tokens, "
        "P(y₁) · P(y₂ | y₁), not only the last one.",
        "序列的概率是它所有词元概率的乘积 P(y₁) · P(y₂ | y₁)，而不只是最后一个。",
    ),
)
FIRST_STEP_ONLY = Mistake(
    "first-step-only",
    bilingual(
        "A two-token sequence's probability also multiplies in the second token's "
        "probability, P(y₁) · P(y₂ | y₁), not P(y₁) alone.",
        "两词元序列的概率还要乘上第二个词元的概率 P(y₁) · P(y₂ | y₁)，而不只是 P(y₁)。",
    ),
)
PRUNED_IGNORED = Mistake(
    "pruned-ignored",
    bilingual(
        "A beam of 2 drops the third first token after step 1, so its continuations are "
        "never scored, even if one of them is the overall best.",
        "宽度为 2 的束在第 1 步后就丢掉了第三个首词元，"
        "它的后续从未被打分，即使其中有全局最优的序列。",
    ),
)

NUCLEUS_POOL = (
    (0.4, 0.25, 0.15, 0.1, 0.06, 0.04),
    (0.35, 0.3, 0.2, 0.1, 0.05),
    (0.5, 0.2, 0.15, 0.1, 0.05),
    (0.3, 0.25, 0.2, 0.15, 0.1),
    (0.45, 0.3, 0.1, 0.08, 0.07),
)


@template(
    "top-p-renormalized-probability",
    engines=["engine.decoding:top_p_filter"],
    title=("Nucleus (top-p) sampling", "核采样（top-p）"),
    valid=PROBABILITY,
)
def top_p_renormalized_probability(rng: np.random.Generator) -> Problem:
    """The most probable token's probability after top-p filtering."""
    sorted_probs = np.array(NUCLEUS_POOL[int(rng.integers(len(NUCLEUS_POOL)))])
    cumulative = np.cumsum(sorted_probs)
    count = int(rng.integers(2, sorted_probs.size))  # keep this many
    low = cumulative[count - 2]
    p = round(float(rng.uniform(low + 0.01, cumulative[count - 1])), 2)
    if not low < p <= cumulative[count - 1] - 1e-9:
        raise Degenerate("p must fall strictly inside the chosen token's step")
    order = rng.permutation(sorted_probs.size)
    probs = sorted_probs[order]  # shuffled so the learner sorts
    top = int(np.argmax(probs))
    filtered = top_p_filter(probs, p)
    answer = float(filtered[top])
    kept = sorted_probs[:count]
    return Problem(
        prompt=bilingual(
            f"A language model's next-token distribution over tokens 0 to {probs.size - 1} is "
            f"{fmt(probs)}. Nucleus sampling with p = {fmt(p)} keeps the smallest set of most "
            "probable tokens whose total probability reaches p, and renormalizes. What is the "
            f"probability of token {top} after filtering?",
            f"语言模型对词元 0 到 {probs.size - 1} 的下一个词元分布为 {fmt(probs)}。p = {fmt(p)} "
            "的核采样保留总概率达到 p 的最小一组最可能的词元，并重新归一化。"
            f"过滤后词元 {top} 的概率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Sorted: {fmt(sorted_probs)}; cumulative: {fmt(cumulative)}.\n"
            f"2. The cumulative sum first reaches {fmt(p)} at sorted token number {count}: keep "
            f"{fmt(kept)}, total {fmt(kept.sum())}.\n"
            f"3. {fmt(probs[top])} / {fmt(kept.sum())} = {fmt(answer)}.",
            f"1. 排序后：{fmt(sorted_probs)}；累积和：{fmt(cumulative)}。\n"
            f"2. 累积和在第 {count} 个词元处首次达到 {fmt(p)}：保留 {fmt(kept)}，总和 "
            f"{fmt(kept.sum())}。\n"
            f"3. {fmt(probs[top])} / {fmt(kept.sum())} = {fmt(answer)}。",
        ),
        params={"probs": probs.tolist(), "p": p, "token": top},
        distractors=(
            Distractor(float(probs[top]), NOT_RENORMALIZED),
            Distractor(float(probs[top] / cumulative[count - 2]), STOPPED_SHORT),
            Distractor(float(probs[top] / cumulative[count]), ONE_TOO_MANY),
            Distractor(float(probs[top] / p), DIVIDED_BY_P),
        ),
    )


@template(
    "temperature-softmax-probability",
    engines=["engine.decoding:temperature_softmax"],
    title=("Sampling with a temperature", "带温度的采样"),
    valid=PROBABILITY,
)
def temperature_softmax_probability(rng: np.random.Generator) -> Problem:
    """softmax(z / T)_i."""
    logits = rounded(rng, -1.0, 3.0, size=3)
    temperature = float(rng.choice([0.5, 2.0, 0.25, 4.0]))
    i = int(rng.integers(3))
    if np.ptp(logits) < 0.5:
        raise Degenerate("the logits must differ for the temperature to matter")
    probs = temperature_softmax(logits, temperature)
    answer = float(probs[i])
    scaled = logits / temperature
    plain = softmax(logits)
    return Problem(
        prompt=bilingual(
            f"A model's next-token logits are z = {fmt(logits)}. With temperature "
            f"T = {fmt(temperature)}, what is the sampling probability of token {i}?",
            f"模型的下一个词元 logits 为 z = {fmt(logits)}。温度 T = {fmt(temperature)} 时，"
            f"词元 {i} 被采样的概率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. z / T = {fmt(scaled)}.\n"
            f"2. softmax(z / T) = {fmt(probs)}; token {i}: {fmt(answer)}.",
            f"1. z / T = {fmt(scaled)}。\n"
            f"2. softmax(z / T) = {fmt(probs)}；词元 {i}：{fmt(answer)}。",
        ),
        params={"logits": logits.tolist(), "temperature": temperature, "token": i},
        distractors=(
            Distractor(float(softmax(logits * temperature)[i]), TEMPERATURE_MULTIPLIED),
            Distractor(float(plain[i]), TEMPERATURE_FORGOTTEN),
            *(
                (Distractor(float(plain[i] / temperature), TEMPERATURE_ON_PROBABILITIES),)
                if plain[i] / temperature <= 1
                else ()
            ),
        ),
    )


TOKENS = ("A", "B", "C")


@template(
    "beam-search-best-probability",
    engines=["engine.decoding:beam_search", "engine.decoding:greedy_decode"],
    title=("Beam search versus greedy decoding", "束搜索与贪心解码"),
    valid=PROBABILITY,
    options=3,
)
def beam_search_best_probability(rng: np.random.Generator) -> Problem:
    """Best two-token sequence probability with a beam of 2, over a 3-token vocabulary."""
    first = np.array([0.5, 0.3, 0.2])[rng.permutation(3)]
    table: dict[tuple[int, ...], list[float]] = {(): first.tolist()}
    for token in range(3):
        row = np.array(rng.choice([[0.4, 0.35, 0.25], [0.9, 0.05, 0.05], [0.6, 0.3, 0.1]]))
        table[(token,)] = row[rng.permutation(3)].tolist()
    greedy_tokens, greedy_p = greedy_decode(table, max_len=2)
    beam_tokens, beam_p = beam_search(table, beam_width=2, max_len=2)
    if beam_tokens == greedy_tokens:
        raise Degenerate("beam search must beat greedy decoding")
    best = max(
        ((a, b) for a in range(3) for b in range(3)),
        key=lambda s: table[()][s[0]] * table[s[:1]][s[1]],
    )
    best_p = table[()][best[0]] * table[best[:1]][best[1]]
    distractors = [
        Distractor(greedy_p, GREEDY),
        Distractor(table[(beam_tokens[0],)][beam_tokens[1]], LAST_STEP_ONLY),
        Distractor(table[()][beam_tokens[0]], FIRST_STEP_ONLY),
    ]
    if not math.isclose(best_p, beam_p):
        distractors.append(Distractor(best_p, PRUNED_IGNORED))
    rows_en = "; ".join(f"after {TOKENS[t]}: {fmt(table[(t,)])}" for t in range(3))
    rows_zh = "；".join(f"{TOKENS[t]} 之后：{fmt(table[(t,)])}" for t in range(3))
    seq = "".join(TOKENS[t] for t in beam_tokens)
    greedy_seq = "".join(TOKENS[t] for t in greedy_tokens)
    return Problem(
        prompt=bilingual(
            f"A decoder over the tokens A, B, C gives the first token the probabilities "
            f"{fmt(first)} (for A, B, C) and the second token, given the first, {rows_en}. "
            "Beam search with beam width 2 looks for the most probable two-token sequence. "
            "What is the probability of the sequence it returns?",
            f"一个解码器在词元 A、B、C 上给出第一个词元的概率 {fmt(first)}（依次对应 A、B、C），"
            f"给定第一个词元时第二个词元的概率为：{rows_zh}。"
            "宽度为 2 的束搜索寻找最可能的两词元序列。"
            "它返回的序列的概率是多少？",
        ),
        answer=beam_p,
        solution=bilingual(
            f"1. Step 1 keeps the two most probable first tokens.\n"
            f"2. Step 2 scores each kept token with each continuation, P(y₁)·P(y₂ | y₁), and "
            f"keeps the best: {seq} with {fmt(beam_p)}.\n"
            f"3. Greedy decoding would pick {greedy_seq} with only {fmt(greedy_p)}.",
            f"1. 第 1 步保留概率最大的两个首词元。\n"
            f"2. 第 2 步对每个保留的词元与每个后续计算 P(y₁)·P(y₂ | y₁)，取最大者：{seq}，"
            f"概率 {fmt(beam_p)}。\n"
            f"3. 贪心解码会选 {greedy_seq}，概率只有 {fmt(greedy_p)}。",
        ),
        params={"table": [table[()], table[(0,)], table[(1,)], table[(2,)]]},
        distractors=tuple(distractors),
    )


K_PLUS_ONE = Mistake(
    "k-plus-one-kept",
    bilingual(
        "Top-k keeps exactly the k most probable tokens; renormalize over those k, not k + 1.",
        "top-k 只保留概率最大的 k 个词元；要在这 k 个上重新归一化，而不是 k + 1 个。",
    ),
)
K_MINUS_ONE = Mistake(
    "k-minus-one-kept",
    bilingual(
        "Top-k keeps k tokens, the k-th most probable one included; renormalize over all k.",
        "top-k 保留 k 个词元，包括第 k 大的那个；要在全部 k 个上重新归一化。",
    ),
)


@template(
    "top-k-with-temperature",
    engines=["engine.decoding:temperature_softmax", "engine.decoding:top_k_filter"],
    title=("Top-k sampling with a temperature", "带温度的 top-k 采样"),
    valid=PROBABILITY,
)
def top_k_with_temperature(rng: np.random.Generator) -> Problem:
    """softmax(z / T), keep the k largest, renormalize: the most probable token's share."""
    logits = rounded(rng, -1.0, 3.0, size=5)
    temperature = float(rng.choice([0.5, 2.0]))
    k = int(rng.integers(2, 4))
    order = np.argsort(-logits, kind="stable")
    gaps = -np.diff(logits[order])
    if np.min(gaps) < 0.2:
        raise Degenerate("the logits must be clearly ordered, so the top k is unambiguous")
    probs = temperature_softmax(logits, temperature)
    filtered = top_k_filter(probs, k)
    top = int(order[0])
    answer = float(filtered[top])
    kept = probs[order[:k]]
    plain = top_k_filter(softmax(logits), k)[top]
    multiplied = top_k_filter(softmax(logits * temperature), k)[top]
    return Problem(
        prompt=bilingual(
            f"A model's next-token logits over tokens 0 to 4 are z = {fmt(logits)}. It samples "
            f"with temperature T = {fmt(temperature)} and top-k with k = {k}: softmax(z / T), "
            f"keep the {k} most probable tokens, renormalize. What is the probability of "
            f"token {top}?",
            f"模型对词元 0 到 4 的下一个词元 logits 为 z = {fmt(logits)}。它用温度 "
            f"T = {fmt(temperature)} 和 k = {k} 的 top-k 采样：先算 softmax(z / T)，"
            f"保留概率最大的 {k} 个词元，再重新归一化。词元 {top} 的概率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. softmax(z / T) = softmax({fmt(logits / temperature)}) = {fmt(probs)}.\n"
            f"2. The {k} largest: {fmt(kept)}, total {fmt(kept.sum())}.\n"
            f"3. {fmt(probs[top])} / {fmt(kept.sum())} = {fmt(answer)}.",
            f"1. softmax(z / T) = softmax({fmt(logits / temperature)}) = {fmt(probs)}。\n"
            f"2. 最大的 {k} 个：{fmt(kept)}，总和 {fmt(kept.sum())}。\n"
            f"3. {fmt(probs[top])} / {fmt(kept.sum())} = {fmt(answer)}。",
        ),
        params={"logits": logits.tolist(), "temperature": temperature, "k": k, "token": top},
        distractors=unique(
            answer,
            Distractor(float(probs[top]), NOT_RENORMALIZED),
            Distractor(float(plain), TEMPERATURE_FORGOTTEN),
            Distractor(float(multiplied), TEMPERATURE_MULTIPLIED),
            Distractor(float(top_k_filter(probs, k + 1)[top]), K_PLUS_ONE),
            Distractor(float(top_k_filter(probs, k - 1)[top]), K_MINUS_ONE),
        ),
    )


LOG_BASE_2 = Mistake(
    "log-base-2",
    bilingual(
        "The score asked for uses the natural log ln, not log₂.",
        "题目要求的得分用自然对数 ln，而不是 log₂。",
    ),
)
LOG_BASE_10 = Mistake(
    "log-base-10",
    bilingual(
        "The score asked for uses the natural log ln, not log₁₀.",
        "题目要求的得分用自然对数 ln，而不是 log₁₀。",
    ),
)


@template(
    "beam-search-log-score",
    engines=["engine.decoding:beam_search"],
    title=("The log-probability score of beam search", "束搜索的对数概率得分"),
    valid=(-math.inf, 0.0),
)
def beam_search_log_score(rng: np.random.Generator) -> Problem:
    """ln P of the sequence a width-2 beam returns: Σ_t ln P(y_t | y_<t), what the beam ranks by."""
    first = np.array([0.5, 0.3, 0.2])[rng.permutation(3)]
    table: dict[tuple[int, ...], list[float]] = {(): first.tolist()}
    for token in range(3):
        row = np.array(rng.choice([[0.4, 0.35, 0.25], [0.8, 0.1, 0.1], [0.6, 0.3, 0.1]]))
        table[(token,)] = row[rng.permutation(3)].tolist()
    greedy_tokens, greedy_p = greedy_decode(table, max_len=2)
    beam_tokens, beam_p = beam_search(table, beam_width=2, max_len=2)
    if beam_tokens == greedy_tokens:
        raise Degenerate("beam search must beat greedy decoding")
    answer = math.log(beam_p)
    p1 = table[()][beam_tokens[0]]
    p2 = table[(beam_tokens[0],)][beam_tokens[1]]
    rows_en = "; ".join(f"after {TOKENS[t]}: {fmt(table[(t,)])}" for t in range(3))
    rows_zh = "；".join(f"{TOKENS[t]} 之后：{fmt(table[(t,)])}" for t in range(3))
    seq = "".join(TOKENS[t] for t in beam_tokens)
    return Problem(
        prompt=bilingual(
            f"A decoder over the tokens A, B, C gives the first token the probabilities "
            f"{fmt(first)} (for A, B, C) and the second token, given the first, {rows_en}. "
            "Beam search with beam width 2 ranks two-token sequences by their score "
            "ln P(y₁) + ln P(y₂ | y₁). What is the score of the sequence it returns "
            "(natural log)?",
            f"一个解码器在词元 A、B、C 上给出第一个词元的概率 {fmt(first)}（依次对应 A、B、C），"
            f"给定第一个词元时第二个词元的概率为：{rows_zh}。宽度为 2 的束搜索按得分 "
            "ln P(y₁) + ln P(y₂ | y₁) 给两词元序列排序。它返回的序列的得分是多少（自然对数）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Step 1 keeps the two most probable first tokens; step 2 extends each with "
            f"every token and keeps the best score: {seq}.\n"
            f"2. ln {fmt(p1)} + ln {fmt(p2)} = {fmt(math.log(p1))} + {factor(math.log(p2))} "
            f"= {fmt(answer)} (greedy decoding would reach only {fmt(math.log(greedy_p))}).",
            "1. 第 1 步保留概率最大的两个首词元；第 2 步把每个都用所有词元扩展，"
            f"取得分最高者：{seq}。\n"
            f"2. ln {fmt(p1)} + ln {fmt(p2)} = {fmt(math.log(p1))} + {factor(math.log(p2))} "
            f"= {fmt(answer)}（贪心解码只能达到 {fmt(math.log(greedy_p))}）。",
        ),
        params={"table": [table[()], table[(0,)], table[(1,)], table[(2,)]]},
        distractors=unique(
            answer,
            Distractor(math.log(greedy_p), GREEDY),
            Distractor(math.log(p2), LAST_STEP_ONLY),
            Distractor(math.log(p1), FIRST_STEP_ONLY),
            Distractor(math.log2(beam_p), LOG_BASE_2),
            Distractor(math.log10(beam_p), LOG_BASE_10),
        ),
    )
