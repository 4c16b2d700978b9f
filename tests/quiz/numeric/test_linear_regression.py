"""Independent recomputation of the linear-regression templates' answers (plain Python)."""

from __future__ import annotations


def linear_regression_gradient_step(params):
    """Differentiate L(w) = (1/n) Σ (w xᵢ + b − yᵢ)² term by term."""
    x, y, w, b = params["x"], params["y"], params["w"], params["b"]
    n = len(x)
    grad = sum(2 * (w * xi + b - yi) * xi for xi, yi in zip(x, y, strict=True)) / n
    return w - params["lr"] * grad


def least_squares_slope(params):
    """The normal equations for (w, b): [Σx² Σx; Σx n] [w; b] = [Σxy; Σy], by Cramer's rule."""
    x, y = params["x"], params["y"]
    n, sx, sy = len(x), sum(x), sum(y)
    sxx = sum(v * v for v in x)
    sxy = sum(a * c for a, c in zip(x, y, strict=True))
    return (n * sxy - sx * sy) / (n * sxx - sx * sx)


INDEPENDENT = {
    "linear-regression-gradient-step": linear_regression_gradient_step,
    "least-squares-slope": least_squares_slope,
}


def test_card_example():
    assert abs(least_squares_slope({"x": [1, 2, 3, 4], "y": [3, 5, 6, 8]}) - 1.6) < 1e-12
