"""Independent recomputation of the engine.tokenize templates' answers (plain Python)."""

from __future__ import annotations

import itertools

from quiz.numeric import load_templates


def merge(symbols, pair):
    out, t = [], 0
    while t < len(symbols):
        if t + 1 < len(symbols) and (symbols[t], symbols[t + 1]) == pair:
            out.append(pair[0] + pair[1])
            t += 2
        else:
            out.append(symbols[t])
            t += 1
    return out


def pair_counts(corpus):
    """corpus: list of (symbols, count); pair -> weighted count, first occurrence first."""
    counts = {}
    for symbols, count in corpus:
        for pair in itertools.pairwise(symbols):
            counts[pair] = counts.get(pair, 0) + count
    return counts


def train(corpus, num_merges):
    """Merges and the count of each merged pair (ties go to the first pair seen)."""
    split = [(list(word), count) for word, count in corpus]
    merges, counts = [], []
    for _ in range(num_merges):
        pairs = pair_counts(split)
        best = max(pairs, key=pairs.get)
        merges.append(best)
        counts.append(pairs[best])
        split = [(merge(symbols, best), count) for symbols, count in split]
    return merges, counts


def encode(word, merges):
    symbols = list(word)
    for pair in merges:
        symbols = merge(symbols, tuple(pair))
    return symbols


def wordpiece(word, vocabulary):
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocabulary:
                pieces.append(piece)
                start = end
                break
        else:
            return ["[UNK]"]
    return pieces


def words_of(params):
    return params["words"] if "words" in params else [params["word"]]


def bpe_tokens_after_merges(params):
    merges, _ = train(params["corpus"], params["num_merges"])
    return sum(len(encode(word, merges)) for word in words_of(params))


def bpe_second_merge_count(params):
    _, counts = train(params["corpus"], 2)
    return counts[1]


def bpe_encode_with_merges(params):
    return sum(len(encode(word, params["merges"])) for word in words_of(params))


def wordpiece_word_pieces(params):
    return len(wordpiece(params["word"], set(params["vocabulary"])))


def wordpiece_sentence_tokens(params):
    vocabulary = set(params["vocabulary"])
    return sum(len(wordpiece(word, vocabulary)) for word in params["words"])


INDEPENDENT = {
    "bpe-tokens-after-merges": bpe_tokens_after_merges,
    "bpe-second-merge-count": bpe_second_merge_count,
    "bpe-encode-with-merges": bpe_encode_with_merges,
    "wordpiece-word-pieces": wordpiece_word_pieces,
    "wordpiece-sentence-tokens": wordpiece_sentence_tokens,
}


def test_sennrich_example_through_the_params():
    # Sennrich et al.'s corpus without end-of-word markers: (e, s) 9, then (es, t) 9.
    corpus = [["low", 5], ["lower", 2], ["newest", 6], ["widest", 3]]
    assert train(corpus, 2) == ([("e", "s"), ("es", "t")], [9, 9])
    assert bpe_second_merge_count({"corpus": corpus}) == 9
    assert bpe_tokens_after_merges({"corpus": corpus, "num_merges": 2, "word": "lowest"}) == 4


def test_bert_example_through_the_params():
    vocabulary = ["un", "##aff", "##able", "aff", "able"]
    assert wordpiece_word_pieces({"word": "unaffable", "vocabulary": vocabulary}) == 3
    words = ["unaffable", "unfit"]  # "unfit" cannot be split: one [UNK]
    assert wordpiece_sentence_tokens({"words": words, "vocabulary": vocabulary}) == 4


def test_bpe_prompts_promise_no_ties_and_keep_it():
    templates = load_templates()
    for template_id in ("bpe-tokens-after-merges", "bpe-second-merge-count"):
        for seed in range(50):
            params = templates[template_id].generate(seed).params
            split = [(list(word), count) for word, count in params["corpus"]]
            for pair in train(params["corpus"], params.get("num_merges", 2))[0]:
                ranked = sorted(pair_counts(split).values(), reverse=True)
                assert len(ranked) == 1 or ranked[0] > ranked[1], (template_id, seed)
                split = [(merge(symbols, pair), count) for symbols, count in split]


def test_sentences_hold_an_unknown_word():
    template = load_templates()["wordpiece-sentence-tokens"]
    for seed in range(50):
        params = template.generate(seed).params
        vocabulary = set(params["vocabulary"])
        assert any(wordpiece(word, vocabulary) == ["[UNK]"] for word in params["words"])


def test_wordpiece_prompts_state_the_rule_the_key_follows():
    """Greedy longest match without backtracking: a word the greedy walk cannot finish is
    [UNK] even if another split exists, and the prompt says so."""
    templates = load_templates()
    for template_id in ("wordpiece-word-pieces", "wordpiece-sentence-tokens"):
        prompt = templates[template_id].generate(0).prompt
        assert "longest" in prompt.en and "never backtracks" in prompt.en, template_id
        assert "最长" in prompt.zh and "不会回头" in prompt.zh, template_id
