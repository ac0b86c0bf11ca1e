"""The SQL mutation operators: every single-point change a reviewer would try on a query.

Each ``Mutant`` is one edit of one file (a span of characters replaced), so it
can be applied to a copy of the source and described as file, line and
original → mutated. The operators work on the masked SQL of ``sql_text``:

- comparisons ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``=`` → ``<>``, ``<>`` / ``!=`` → ``=``;
- ``ASC`` ↔ ``DESC``; ``AND`` ↔ ``OR`` (not the ``AND`` of ``BETWEEN``, nor ``CREATE OR REPLACE``);
- one condition of a join's ``ON … AND …`` dropped;
- ``count(DISTINCT x)`` → ``count(x)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tools.mutation.sql_text import SqlLiteral, sql_file_literals, sql_literals

_COMPARISON = re.compile(r"(?<![<>!=:|\-])(<>|<=|>=|!=|<|>|=)(?![<>=])")
_SWAPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "=": "<>", "<>": "=", "!=": "="}
_ORDER = re.compile(r"\b(ASC|DESC)\b")
_LOGIC = re.compile(r"\b(AND|OR)\b(?!\s+REPLACE\b)")
_BETWEEN_AND = re.compile(r"\bBETWEEN\b[^()]*?\b(AND)\b")
_COUNT_DISTINCT = re.compile(r"\bcount\(\s*(DISTINCT\s+)", re.IGNORECASE)
_ON = re.compile(r"\bON\b")
_WORD = re.compile(r"[A-Z]+\b")
_CLAUSE_END = re.compile(r"\b(JOIN|LEFT|RIGHT|INNER|FULL|CROSS|WHERE|GROUP|ORDER|QUALIFY|HAVING|UNION|WINDOW|"
                         r"LIMIT|SELECT|FROM|USING)\b")


@dataclass(frozen=True)
class Mutant:
    """One edit of one file: characters ``start:end`` (``original``) become ``mutated``."""

    path: str
    line: int
    start: int
    end: int
    original: str
    mutated: str
    operator: str

    def apply(self, source: str) -> str:
        """The source with this mutation applied."""
        assert source[self.start:self.end] == self.original, f"{self.path}:{self.line} changed since listing"
        return source[:self.start] + self.mutated + source[self.end:]

    def describe(self, source: str) -> str:
        """``original → mutated`` as the line reads before and after (whitespace squeezed)."""
        before = _lines_around(source, self.start, self.end)
        after = _lines_around(self.apply(source), self.start, self.start + len(self.mutated))
        return f"{before}  →  {after}"


def sql_mutants(path: Path, root: Path) -> list[Mutant]:
    """Every SQL mutant of the file at ``path`` (named relative to ``root``)."""
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(root).as_posix()
    literals = sql_file_literals(source) if path.suffix == ".sql" else sql_literals(source)
    edits = [edit for literal in literals for edit in _edits(literal)]
    return [Mutant(name, source.count("\n", 0, start) + 1, start, end, source[start:end], new, kind)
            for start, end, new, kind in sorted(set(edits))]


def _edits(literal: SqlLiteral) -> list[tuple[int, int, str, str]]:
    """(start, end, replacement, operator) for every mutation of one literal, in file offsets."""
    text, at = literal.masked, literal.start
    between = {m.start(1) for m in _BETWEEN_AND.finditer(text)}
    edits = [(at + m.start(), at + m.end(), _SWAPS[m.group(0)], "comparison") for m in _COMPARISON.finditer(text)]
    edits += [(at + m.start(), at + m.end(), "DESC" if m.group(0) == "ASC" else "ASC", "order")
              for m in _ORDER.finditer(text)]
    edits += [(at + m.start(), at + m.end(), "OR" if m.group(0) == "AND" else "AND", "logic")
              for m in _LOGIC.finditer(text) if m.start() not in between]
    edits += [(at + m.start(1), at + m.end(1), "", "count distinct") for m in _COUNT_DISTINCT.finditer(text)]
    for start, end in _dropped_join_conditions(text):
        edits.append((at + start, at + end, "", "join condition"))
    return edits


def _dropped_join_conditions(text: str) -> list[tuple[int, int]]:
    """Spans that remove one condition (and one ``AND``) of each multi-condition ``ON`` clause."""
    spans = []
    for on in _ON.finditer(text):
        conditions = _conditions(text, on.end())
        for i, (start, end) in enumerate(conditions if len(conditions) > 1 else []):
            spans.append((start, conditions[1][0]) if i == 0 else (conditions[i - 1][1], end))
    return [(s, e) for s, e in spans if text.count("(", s, e) == text.count(")", s, e)]


def _conditions(text: str, start: int) -> list[tuple[int, int]]:
    """The ``AND``-separated conditions of the clause at ``start`` (none when it mixes in ``OR``)."""
    depth, cut, parts, i = 0, start, [], start
    while i < len(text):
        char = text[i]
        depth += (char == "(") - (char == ")")
        word = _WORD.match(text, i) if depth == 0 and (i == 0 or not text[i - 1].isalnum()) else None
        ends = word and _CLAUSE_END.fullmatch(word.group(0)) and not text[:i].rstrip().endswith("DISTINCT")
        if depth < 0 or ends:  # (the FROM of IS [NOT] DISTINCT FROM does not end the clause)
            break
        if word and word.group(0) == "OR":
            return []
        if word and word.group(0) == "AND":
            parts.append((cut, i))
            cut, i = word.end(), word.end()
            continue
        i += 1
    parts.append((cut, i))
    return [_trimmed(text, s, e) for s, e in parts]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``start:end`` without its leading and trailing whitespace."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def _lines_around(source: str, start: int, end: int) -> str:
    """The full lines holding characters ``start:end``, with runs of whitespace squeezed to one space."""
    first = source.rfind("\n", 0, start) + 1
    last = source.find("\n", end)
    return " ".join(source[first:last if last >= 0 else len(source)].split())
