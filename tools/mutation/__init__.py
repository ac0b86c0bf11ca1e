"""The pre-release mutation check: does the suite catch small, deliberate bugs?

``python -m tools.mutation`` (README, "Development") mutates the code in
throw-away copies of the repository, one mutant at a time, and runs only the
tests of the mutated area on each: mutmut for the Python listed in
pyproject.toml ``[tool.hecha.mutation]``, and ``sql_mutants`` for the SQL held
in string literals of ``rules/`` and ``matchers/``. It prints the score per
module and every mutant the tests let through.
"""
