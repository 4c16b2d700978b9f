"""A small library built in memory, for examples and doctests.

Library code never reads the bundled ``content/`` in its doctests (editing a
concept file must not break a docstring); it builds this one instead, as
networkx's doctests build ``nx.path_graph(3)``.
"""

from __future__ import annotations

from kg.concept import Concept, Text
from kg.library import Library

__all__ = ["example_library"]


def _concept(
    concept_id: str,
    term: tuple[str, str],
    definition: tuple[str, str],
    example: tuple[str, str],
    prerequisites: tuple[str, ...] = (),
    engine: str | None = None,
) -> Concept:
    return Concept(
        id=concept_id,
        term=Text(*term),
        definition=Text(*definition),
        domain="foundations",
        example=Text(*example),
        prerequisites=prerequisites,
        engine=engine,
    )


def example_library() -> Library:
    """Five concepts: derivative → gradient → gradient descent, softmax → cross-entropy.

    Examples
    --------
    >>> library = example_library()
    >>> len(library), library.roots()
    (5, ['derivative', 'softmax'])
    """
    concepts = [
        _concept(
            "derivative",
            ("Derivative", "导数"),
            ("The rate of change of a function.", "函数的变化率。"),
            ("The derivative of x² at 3 is 6.", "x² 在 3 处的导数是 6。"),
        ),
        _concept(
            "gradient",
            ("Gradient", "梯度"),
            ("The vector of partial derivatives.", "偏导数组成的向量。"),
            (
                "The gradient of x² + y² at (1, 2) is (2, 4).",
                "x² + y² 在 (1, 2) 处的梯度是 (2, 4)。",
            ),
            ("derivative",),
        ),
        _concept(
            "gradient-descent",
            ("Gradient descent", "梯度下降"),
            ("Steps against the gradient to lower a loss.", "沿梯度反方向迈步以降低损失。"),
            (
                "Gradient descent with η = 0.1 moves x = 1 to 0.8 on x².",
                "η = 0.1 时梯度下降把 x² 上的 x = 1 移到 0.8。",
            ),
            ("gradient",),
            "engine.optim:gradient_descent",
        ),
        _concept(
            "softmax",
            ("Softmax", "Softmax 函数"),
            ("Turns scores into probabilities.", "把分数变成概率。"),
            ("softmax([0, 0]) = [0.5, 0.5].", "softmax([0, 0]) = [0.5, 0.5]。"),
            (),
            "engine.losses:softmax",
        ),
        _concept(
            "cross-entropy",
            ("Cross-entropy", "交叉熵"),
            ("The negative log-probability of the true class.", "真实类别的负对数概率。"),
            (
                "Cross-entropy of 0.5 on the true class is ln 2.",
                "真实类别概率为 0.5 时交叉熵为 ln 2。",
            ),
            ("softmax",),
            "engine.losses:cross_entropy",
        ),
    ]
    return Library("example", {concept.id: concept for concept in concepts})
