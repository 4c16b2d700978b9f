"""The fuzz harnesses are scripts that test_fuzz.py runs; they are not collected.

``--doctest-modules`` would import them, and they import atheris, an optional
tool: without it the whole run would stop on a collection error.
"""

collect_ignore_glob = ["fuzz_*.py"]
