"""Which concepts each numeric template uses, and so where it is asked (issue 15).

A numeric question tests a computation, and a computation stands on concepts:
the ReLU-backprop question needs backpropagation and ReLU, not only the
derivative. Each template declares **every concept it uses** in :data:`USES`
(template id -> concept ids). Then

- its **home** (:func:`home`) is the most advanced concept it uses: the one with
  the most prerequisites, directly or not (a later place in the learning order
  breaks ties). The template is asked by that concept's skill item and no other;
- it is asked only when **every concept it uses is learned**
  (:func:`ready`), so a numeric question never tests what was not taught yet.

Kept in one module, apart from the template families: a template added to a
family must be declared here (``tests/quiz/test_numeric_uses.py`` checks that every
served template is, with concepts of the bundled library).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache

from kg.library import Library
from quiz.numeric import load_templates
from quiz.numeric.base import Template

USES: Mapping[str, tuple[str, ...]] = {
    # the computations added to the course's concepts (issue 17)
    "adagrad-update-after-history": ("adagrad",),
    "adagrad-step-under-constant-gradient": ("adagrad",),
    "causal-attention-weights": ("causal-mask", "scaled-dot-product-attention", "softmax"),
    "box-iou-corners": ("object-detection",),
    "box-iou-center-format": ("object-detection",),
    "gelu-from-normal-cdf": ("gelu",),
    "gelu-tanh-approximation": ("gelu",),
    "global-average-pooling-value": ("global-average-pooling",),
    "global-average-pooling-head-parameters": ("global-average-pooling", "channels"),
    "linear-regression-gradient-step": ("linear-regression", "mean-squared-error"),
    "least-squares-slope": ("linear-regression", "mean-squared-error"),
    "ema-bias-corrected": ("exponential-moving-average",),
    "ema-weight-of-an-old-value": ("exponential-moving-average",),
    "nesterov-second-step": ("nesterov-momentum", "momentum"),
    "nesterov-pytorch-step": ("nesterov-momentum", "momentum"),
    "softmax-regression-logit-gradient": ("softmax-regression", "cross-entropy", "softmax"),
    "softmax-regression-weight-step": ("softmax-regression", "cross-entropy", "softmax"),
    # the second templates of the new course concepts (issue 17)
    "adamw-decay-without-gradient": ("adamw", "weight-decay"),
    "bce-gradient-wrt-logit": ("binary-cross-entropy", "sigmoid", "logits", "chain-rule"),
    "beam-search-log-score": ("beam-search", "language-model"),
    "cosine-after-warmup": ("learning-rate-schedule", "learning-rate-warmup"),
    "entropy-of-a-smoothed-target": ("entropy", "label-smoothing"),
    "kl-divergence-of-two-coins": ("kl-divergence",),
    "receptive-field-with-dilation": ("receptive-field", "stride-and-padding"),
    "sigmoid-unit-weight-gradient": ("sigmoid", "chain-rule"),
    "tanh-recurrent-step": ("tanh", "recurrent-neural-network", "hidden-state"),
    "tanh-unit-weight-gradient": ("tanh", "chain-rule"),
    "top-k-with-temperature": ("decoding-and-sampling", "softmax", "logits"),
    "warmup-from-a-ratio": ("learning-rate-warmup", "epoch", "batch-size"),
    "xavier-uniform-bound-conv": ("weight-initialization", "channels"),
    # activations
    "relu-layer-output": ("relu", "matrix-multiplication", "neural-network"),
    "relu-gradient": ("relu", "backpropagation", "chain-rule"),
    # attention
    "attention-weights": ("scaled-dot-product-attention", "query-key-value", "softmax"),
    "causal-attention-output": (
        "causal-mask",
        "self-attention",
        "scaled-dot-product-attention",
        "softmax",
    ),
    "multi-head-attention-weight": (
        "multi-head-attention",
        "scaled-dot-product-attention",
        "softmax",
    ),
    "multi-head-attention-parameter-count": ("multi-head-attention",),
    # cross_attention
    "cross-attention-output": ("cross-attention", "scaled-dot-product-attention", "softmax"),
    # backprop
    "mlp-logits": ("multilayer-perceptron", "forward-propagation", "relu", "logits"),
    "mlp-loss": ("forward-propagation", "relu", "logits", "softmax", "cross-entropy"),
    "mlp-output-weight-gradient": ("backpropagation", "relu", "softmax", "cross-entropy"),
    "mlp-hidden-weight-gradient": ("backpropagation", "relu", "softmax", "cross-entropy"),
    # bleu
    "bleu-clipped-unigram-precision": ("bleu",),
    "bleu-2-with-brevity-penalty": ("bleu",),
    # calculus
    "central-difference": ("derivative",),
    "chain-rule-sin-of-square": ("chain-rule",),
    "chain-rule-squared-loss": ("chain-rule", "loss-function"),
    # conv
    "conv-output-size": ("stride-and-padding",),
    "max-pool-output-size": ("pooling-layer", "stride-and-padding"),
    "conv2d-output-entry": ("convolution-layer", "channels", "kernel-and-feature-map"),
    "conv-parameter-count": ("convolution-layer", "channels"),
    "max-pool-entry": ("pooling-layer",),
    # conv_shapes
    "dilated-conv-output-size": ("convolution-layer", "stride-and-padding"),
    "receptive-field-of-a-stack": ("receptive-field", "pooling-layer", "stride-and-padding"),
    "conv-layer-parameters": ("convolution-layer", "channels"),
    # decoding
    "top-p-renormalized-probability": ("decoding-and-sampling", "language-model"),
    "temperature-softmax-probability": ("decoding-and-sampling", "softmax", "logits"),
    "beam-search-best-probability": ("beam-search", "language-model"),
    # embedding
    "one-hot-times-embedding": ("one-hot-encoding", "embedding", "matrix-multiplication"),
    "bag-of-words-counts": ("one-hot-encoding", "vocabulary"),
    "embedding-bag-mean": ("embedding",),
    "cosine-similarity-of-vectors": ("cosine-similarity",),
    "analogy-winning-cosine": ("word-embedding", "cosine-similarity"),
    "analogy-winning-word": ("word-embedding", "cosine-similarity"),
    "skipgram-pair-count": ("skip-gram",),
    "word2vec-example-counts": ("word2vec", "skip-gram", "cbow"),
    "cbow-context-average": ("cbow", "embedding"),
    # gru
    "gru-update-gate": ("gated-recurrent-unit", "sigmoid"),
    "gru-new-hidden-state": ("gated-recurrent-unit", "sigmoid", "tanh"),
    # hyperparams
    "training-steps": ("epoch", "batch-size"),
    "steps-per-epoch-drop-last": ("epoch", "batch-size", "train-validation-test-split"),
    "grid-search-cost": ("hyperparameter-search", "hyperparameter"),
    "grid-search-best": ("hyperparameter-search", "learning-rate", "batch-size"),
    "random-search-best": ("hyperparameter-search",),
    "random-search-best-loss": ("hyperparameter-search",),
    # information
    "entropy-of-a-distribution": ("entropy",),
    "kl-divergence": ("kl-divergence",),
    "label-smoothed-target": ("label-smoothing",),
    "label-smoothed-loss": ("label-smoothing", "cross-entropy", "softmax"),
    # initialization
    "xavier-uniform-bound": ("weight-initialization",),
    "he-normal-std": ("weight-initialization", "relu"),
    # language_model
    "bigram-probability": ("n-gram-language-model",),
    "bigram-laplace-probability": ("n-gram-language-model",),
    "perplexity-of-probabilities": ("perplexity",),
    "bigram-perplexity": ("n-gram-language-model", "perplexity"),
    # losses
    "cross-entropy-of-logits": ("cross-entropy", "softmax", "logits"),
    "cross-entropy-of-a-batch": ("cross-entropy", "softmax", "logits"),
    "softmax-probability": ("softmax", "logits"),
    "softmax-with-temperature": ("softmax", "logits"),
    "mse-of-predictions": ("mean-squared-error",),
    "mse-of-a-line": ("mean-squared-error", "linear-regression"),
    "bce-of-probabilities": ("binary-cross-entropy",),
    "bce-of-logits": ("binary-cross-entropy", "sigmoid", "logits"),
    # metrics
    "precision-from-counts": ("precision-and-recall",),
    "recall-from-counts": ("precision-and-recall",),
    "f1-from-counts": ("f1-score", "precision-and-recall"),
    "accuracy-imbalanced": ("accuracy",),
    "confusion-matrix-row": ("confusion-matrix",),
    "confusion-matrix-class-recall": ("confusion-matrix", "precision-and-recall"),
    "accuracy-from-confusion-matrix": ("confusion-matrix", "accuracy"),
    # negative_sampling
    "negative-sampling-loss-from-scores": ("negative-sampling", "sigmoid"),
    "negative-sampling-loss-from-vectors": ("negative-sampling", "sigmoid"),
    # normalization
    "batch-norm-train-output": ("batch-normalization",),
    "batch-norm-eval-output": ("batch-normalization",),
    "batch-norm-running-mean": ("batch-normalization", "exponential-moving-average"),
    # optim
    "gradient-descent-parabola": ("gradient-descent", "learning-rate", "derivative"),
    "gradient-descent-bowl": ("gradient-descent", "learning-rate", "gradient"),
    "sgd-minibatch-step": ("stochastic-gradient-descent", "batch-size", "learning-rate"),
    "sgd-momentum-steps": ("momentum", "stochastic-gradient-descent"),
    "momentum-velocity": ("momentum",),
    "rmsprop-step-from-state": ("rmsprop",),
    "rmsprop-two-steps": ("rmsprop",),
    "adam-step-from-state": ("adam",),
    "adam-two-steps": ("adam",),
    # regularization
    "l2-penalty-value": ("l2-regularization",),
    "l1-penalty-value": ("l1-regularization",),
    "weight-decay-step": ("l2-regularization", "weight-decay", "stochastic-gradient-descent"),
    "l1-shrink-step": ("l1-regularization", "stochastic-gradient-descent"),
    "dropout-masked-output": ("dropout",),
    "dropout-next-layer": ("dropout",),
    "random-crop-positions": ("data-augmentation",),
    "random-crop-features": ("data-augmentation",),
    # rnn
    "rnn-two-steps": ("recurrent-neural-network", "hidden-state", "tanh"),
    "rnn-vector-step": (
        "recurrent-neural-network",
        "hidden-state",
        "tanh",
        "matrix-multiplication",
    ),
    "lstm-cell-state": ("long-short-term-memory", "gating-mechanism", "sigmoid", "tanh"),
    "lstm-two-steps": ("long-short-term-memory", "sigmoid", "tanh"),
    "lstm-parameter-count": ("long-short-term-memory",),
    # schedules
    "warmup-learning-rate": ("learning-rate-warmup",),
    "cosine-learning-rate": ("learning-rate-schedule",),
    "adamw-first-step": ("adamw", "adam"),
    "gradient-clipping-scale": ("gradient-clipping",),
    "clipped-gradient": ("gradient-clipping",),
    # tokenize
    "bpe-tokens-after-merges": ("byte-pair-encoding",),
    "bpe-second-merge-count": ("byte-pair-encoding",),
    "bpe-encode-with-merges": ("byte-pair-encoding", "tokenization"),
    "wordpiece-word-pieces": ("wordpiece",),
    "wordpiece-sentence-tokens": ("wordpiece",),
    # feed_forward
    "ffn-output-entry": ("feed-forward-network", "relu"),
    "ffn-position-wise": ("feed-forward-network", "relu"),
    # transformer
    "layer-norm-entry": ("layer-normalization",),
    "add-and-norm": ("layer-normalization", "residual-connection", "transformer-encoder"),
    "encoder-layer-parameter-count": (
        "transformer-encoder",
        "multi-head-attention",
        "feed-forward-network",
        "layer-normalization",
    ),
    "positional-encoding-entry": ("positional-encoding",),
    "positional-encoding-vector": ("positional-encoding",),
}
"""Every concept each numeric template uses: template id -> concept ids."""


def uses(template_id: str) -> tuple[str, ...]:
    """The concepts template ``template_id`` uses; () for one not declared (never asked).

    >>> uses("relu-gradient")
    ('relu', 'backpropagation', 'chain-rule')
    """
    return tuple(USES.get(template_id, ()))


def _ancestors(library: Library, concept_id: str) -> set[str]:
    seen: set[str] = set()
    stack = list(library.prerequisites[concept_id])
    while stack:
        concept = stack.pop()
        if concept not in seen:
            seen.add(concept)
            stack.extend(library.prerequisites.get(concept, ()))
    return seen


def home(library: Library, template_id: str) -> str | None:
    """The concept whose skill item asks ``template_id``: the most advanced concept it
    uses (most prerequisites, directly or not; then the later in learning order).
    None when it declares no concept of ``library``. In the bundled library,
    ``relu-gradient`` (ReLU, backpropagation, the chain rule) lives on backpropagation.
    """
    used = [c for c in uses(template_id) if c in library.concepts]
    if not used:
        return None
    rank = library.learning_rank
    return max(used, key=lambda c: (len(_ancestors(library, c)), rank[c]))


@cache
def _homes(library: Library) -> dict[str, list[Template]]:
    homes: dict[str, list[Template]] = {}
    for template in load_templates().values():
        concept = home(library, template.id)
        if concept is not None:
            homes.setdefault(concept, []).append(template)
    return homes


def templates_at(library: Library, concept_id: str) -> list[Template]:
    """The served templates whose home is ``concept_id``, in their registry order."""
    return list(_homes(library).get(concept_id, ()))


def templates_using(library: Library, concept_id: str) -> list[Template]:
    """The templates to practise ``concept_id`` asked for by itself: those that live on
    it; when none does, those that use it and live on a more advanced concept (``dlkg
    quiz --concept gradient-descent`` asks the gradient-descent steps, which live on the
    learning rate they also use)."""
    return templates_at(library, concept_id) or [
        t for t in load_templates().values() if concept_id in uses(t.id)
    ]


@cache
def homes_using(library: Library) -> dict[str, frozenset[str]]:
    """For each concept used by a served template, the homes of those templates: the
    concepts whose skill items may become askable when it is learned."""
    homes: dict[str, set[str]] = {}
    for concept, templates in _homes(library).items():
        for template in templates:
            for used in uses(template.id):
                homes.setdefault(used, set()).add(concept)
    return {concept: frozenset(found) for concept, found in homes.items()}


def ready(template_id: str, learned: Collection[str]) -> bool:
    """Whether every concept ``template_id`` uses is in ``learned`` (then it may be asked).

    >>> ready("central-difference", {"derivative"}), ready("relu-gradient", {"relu"})
    (True, False)
    """
    used = uses(template_id)
    return bool(used) and all(concept in learned for concept in used)
