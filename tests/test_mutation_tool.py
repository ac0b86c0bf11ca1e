"""The SQL mutator of the mutation check (tools/mutation) changes SQL and only SQL.

Each operator must produce the single-point change it names, at the right line,
and nothing inside Python code, docstrings, f-string expressions or quoted SQL
literals may be touched (a mutant there would test the tool, not the suite).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # tools/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from tools.mutation.results import Outcome, render  # noqa: E402
from tools.mutation.sql_mutants import sql_mutants  # noqa: E402

SOURCE = '''"""Docstring: SELECT a FROM b WHERE x = 1 AND y < 2 ORDER BY z DESC."""
LIMIT = 3 if 1 < 2 else 4

_PICK = """CREATE OR REPLACE TEMP TABLE t AS
SELECT * FROM links WHERE decision = 'a<b' AND day BETWEEN 1 AND 5
QUALIFY row_number() OVER (PARTITION BY id ORDER BY decision = 'auto' DESC, score ASC) = 1"""


def joined(alias: str) -> str:
    return f"JOIN p {alias} ON {alias}.household_id = h.household_id AND {alias}.name = '{alias}' AND x >= 1"


_COUNT = "SELECT count(DISTINCT item) > 0 AS fires FROM t"
'''


def _mutants(tmp_path: Path) -> list[tuple[int, str, str, str]]:
    path = tmp_path / "queries.py"
    path.write_text(SOURCE, encoding="utf-8")
    return [(m.line, m.operator, m.original, m.mutated) for m in sql_mutants(path, tmp_path)]


def test_each_operator_makes_its_single_change_at_its_line(tmp_path: Path) -> None:
    found = _mutants(tmp_path)
    assert (6, "order", "DESC", "ASC") in found and (6, "order", "ASC", "DESC") in found
    assert (5, "comparison", "=", "<>") in found and (6, "comparison", "=", "<>") in found
    assert (5, "logic", "AND", "OR") in found
    assert (10, "comparison", ">=", ">") in found
    assert (13, "count distinct", "DISTINCT ", "") in found


def test_a_join_loses_each_of_its_conditions_in_turn(tmp_path: Path) -> None:
    dropped = sorted(original for _, operator, original, _ in _mutants(tmp_path) if operator == "join condition")
    assert dropped == [" AND x >= 1", " AND {alias}.name = '{alias}'", "{alias}.household_id = h.household_id AND "]


def test_python_docstrings_fstring_expressions_and_sql_literals_are_left_alone(tmp_path: Path) -> None:
    found = _mutants(tmp_path)
    assert {line for line, *_ in found} == {5, 6, 10, 13}  # not the docstring (1) nor Python code (2)
    assert not [m for m in found if m[1] != "join condition" and ("{" in m[2] or "'" in m[2])]
    assert [m[2] for m in found if m[1] == "comparison" and m[0] == 5] == ["="]  # not the < inside 'a<b'
    assert not [m for m in found if m[0] == 4]  # CREATE OR REPLACE stays valid SQL
    assert len([m for m in found if m[1] == "logic" and m[0] == 5]) == 1  # BETWEEN 1 AND 5 keeps its AND


def test_applying_a_mutant_changes_exactly_its_span(tmp_path: Path) -> None:
    path = tmp_path / "queries.py"
    path.write_text(SOURCE, encoding="utf-8")
    mutant = next(m for m in sql_mutants(path, tmp_path) if m.operator == "order" and m.original == "DESC")
    mutated = mutant.apply(SOURCE)
    assert mutated == SOURCE.replace("'auto' DESC", "'auto' ASC")
    assert mutant.describe(SOURCE).endswith("ORDER BY decision = 'auto' ASC, score ASC) = 1\"\"\"")


def test_the_known_gaps_of_the_rules_are_among_the_mutants() -> None:
    found = {(m.path, m.operator, m.mutated) for m in sql_mutants(ROOT / "rules" / "frames.py", ROOT)}
    assert ("rules/frames.py", "order", "ASC") in found  # the auto-before-review tie-break reversed
    income = ROOT / "rules" / "reference" / "sql" / "INCOME_OVER_LIMIT.sql"
    line = next(n for n, text in enumerate(income.read_text(encoding="utf-8").splitlines(), 1)
                if "JOIN {{ number dibao }} d ON d.household_id = l.household_id" in text)
    found = {(m.line, m.operator, m.mutated) for m in sql_mutants(income, ROOT)}
    assert (line, "comparison", "<>") in found  # a parameter joined to other households


def test_the_report_scores_each_module_and_lists_every_survivor() -> None:
    outcomes = [Outcome("sql", "rules/a.py", 3, "x = 1  →  x <> 1", "killed"),
                Outcome("sql", "rules/a.py", 9, "ASC  →  DESC", "survived"),
                Outcome("python", "review/b.py", 4, "f(x)  →  f(None)", "no tests")]
    text = render(outcomes)
    assert "rules/a.py" in text and "1 / 2" in text and "50.0%" in text
    assert "surviving mutants: 2" in text
    assert "rules/a.py:9  ASC  →  DESC" in text and "review/b.py:4 [no tests]  f(x)  →  f(None)" in text


def test_a_rule_sql_file_is_mutated_in_its_sql_only(tmp_path: Path) -> None:
    path = tmp_path / "RULE.sql"
    path.write_text("-- a > b in a comment\nSELECT {{ link_columns }} FROM {{ records hr }}\n"
                    "WHERE r.x > 1 AND r.kind = 'a>b'\n", encoding="utf-8")
    mutants = sql_mutants(path, tmp_path)
    assert {(m.line, m.original, m.mutated) for m in mutants} == {
        (3, ">", ">="), (3, "=", "<>"), (3, "AND", "OR")}
