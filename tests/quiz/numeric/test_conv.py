"""Independent recomputation of the engine.conv templates' answers (plain Python loops)."""

from __future__ import annotations

from quiz.numeric import load_templates


def output_size(params):
    n, k, s, p = params["n"], params["kernel"], params["stride"], params["padding"]
    return (n + 2 * p - k) // s + 1


def conv2d_output_entry(params):
    x, w, i, j = params["x"], params["w"], params["row"], params["col"]
    total = params["bias"]
    for c in range(2):
        for u in range(2):
            for v in range(2):
                total += x[c][i + u][j + v] * w[c][u][v]
    return total


def conv_parameter_count(params):
    c, f, k = params["channels"], params["filters"], params["kernel"]
    return f * (c * k * k + 1)


def max_pool_entry(params):
    x, k, s, i, j = params["x"], params["kernel"], params["stride"], params["row"], params["col"]
    return max(x[s * i + u][s * j + v] for u in range(k) for v in range(k))


INDEPENDENT = {
    "conv-output-size": output_size,
    "max-pool-output-size": output_size,
    "conv2d-output-entry": conv2d_output_entry,
    "conv-parameter-count": conv_parameter_count,
    "max-pool-entry": max_pool_entry,
}


def test_textbook_cases_through_the_params():
    assert output_size({"n": 227, "kernel": 11, "stride": 4, "padding": 0}) == 55
    assert output_size({"n": 224, "kernel": 7, "stride": 2, "padding": 3}) == 112
    # VGG's first layer: Conv2d(3, 64, 3) has 64·(27 + 1) = 1792 parameters.
    assert conv_parameter_count({"channels": 3, "filters": 64, "kernel": 3}) == 1792


def test_the_parameter_count_counts_what_the_engine_uses():
    problem = load_templates()["conv-parameter-count"].generate(5)
    p = problem.params
    weights = p["filters"] * p["channels"] * p["kernel"] ** 2
    assert problem.answer == weights + p["filters"]


def test_pooling_with_default_stride_says_so():
    template = load_templates()["max-pool-output-size"]
    prompts = [template.generate(seed).prompt.en for seed in range(40)]
    assert any("stride=" not in prompt for prompt in prompts)
    assert any("stride=" in prompt for prompt in prompts)
