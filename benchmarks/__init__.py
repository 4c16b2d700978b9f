"""dlkg's performance harness (issue 8): measurements, not tests.

``python -m benchmarks`` generates synthetic concept libraries, runs the dlkg
commands on them as child processes next to their floors (the same work done by
the bare libraries, in the same interpreter), and reports each target of the
issue as a row of a Markdown table. See ``benchmarks/README.md``.

- :mod:`benchmarks.generate`: synthetic libraries;
- :mod:`benchmarks.measure`: wall time, peak memory and their statistics;
- :mod:`benchmarks.targets`: the dlkg commands against their floors;
- :mod:`benchmarks.engine_vs_torch`: the NumPy engine against PyTorch;
- :mod:`benchmarks.report`: the table, the JSON and the machine description.
"""
