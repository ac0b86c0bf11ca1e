"""Where the SQL is in a Python source file, and which of its characters are SQL code.

The matcher queries and the rules' shared SQL live in Python string literals
(constants, f-strings, implicitly joined pieces); each rule's own SQL is a
``.sql`` file, taken whole. This module finds every non-docstring
string literal that reads as SQL and returns, per literal, the file offsets of
its content together with a *masked* copy of that content: f-string
expressions (``{...}``) and quoted SQL literals (``'...'``) are blanked out, so
a mutation can only touch SQL operators and keywords, never Python code or data.
"""
from __future__ import annotations

import ast
import io
import re
import token
import tokenize
from dataclasses import dataclass

BLANK = "\0"
_SQL_WORDS = re.compile(r"\b(SELECT|FROM|JOIN|ON|WHERE|QUALIFY|ORDER BY|GROUP BY|PARTITION BY|CASE|INSERT|"
                        r"CREATE|UNION|USING)\b")
_PREFIX = re.compile(r"^([rRbBfFuU]*)('''|\"\"\"|'|\")")
_SQL_QUOTED = re.compile(r"'[^']*'")
_SQL_FILE_MASKED = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\{\{.*?\}\}")


@dataclass(frozen=True)
class SqlLiteral:
    """One string literal holding SQL: where its content starts in the file, and the masked content."""

    start: int
    masked: str


def sql_literals(source: str) -> list[SqlLiteral]:
    """Every string literal of ``source`` (docstrings excepted) whose text reads as SQL."""
    docstrings = _docstring_lines(source)
    offsets = _line_offsets(source)
    found = []
    for (row, col), _, text in _string_tokens(source):
        if row in docstrings:
            continue
        literal = _content(text, offsets[row - 1] + col)
        if literal and _SQL_WORDS.search(literal.masked):
            found.append(literal)
    return found


def sql_file_literals(source: str) -> list[SqlLiteral]:
    """A ``.sql`` file (a rule's SQL) as one literal: comments, quoted SQL literals and
    ``{{ placeholders }}`` blanked, so only SQL operators and keywords can be mutated."""
    masked = _SQL_FILE_MASKED.sub(lambda m: re.sub(r"[^\n]", BLANK, m.group(0)), source)
    return [SqlLiteral(0, masked)]


def _string_tokens(source: str):
    """(start, end, text) of each string literal token; f-strings of Python ≥ 3.12 are regrouped."""
    depth, begin = 0, None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == token.STRING:
            yield tok.start, tok.end, tok.string
        elif tok.type == getattr(token, "FSTRING_START", -1):
            depth, begin = depth + 1, begin if depth else tok.start
        elif tok.type == getattr(token, "FSTRING_END", -1):
            depth -= 1
            if depth == 0:
                yield begin, tok.end, _slice(source, begin, tok.end)


def _slice(source: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    """The source text between two (row, col) token positions."""
    offsets = _line_offsets(source)
    return source[offsets[start[0] - 1] + start[1]:offsets[end[0] - 1] + end[1]]


def _line_offsets(source: str) -> list[int]:
    """Character offset of the start of every line."""
    offsets, total = [], 0
    for line in source.splitlines(keepends=True):
        offsets.append(total)
        total += len(line)
    return offsets + [total]


def _docstring_lines(source: str) -> set[int]:
    """Line numbers on which a docstring (module, class or function) starts."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                lines.add(first.lineno)
    return lines


def _content(text: str, start: int) -> SqlLiteral | None:
    """The literal's content (quotes and prefix stripped) with Python and SQL data blanked out."""
    opening = _PREFIX.match(text)
    if not opening or "b" in opening.group(1).lower():
        return None
    head, quote = len(opening.group(0)), opening.group(2)
    body = text[head:len(text) - len(quote)]
    if "f" in opening.group(1).lower():
        body = _blank_expressions(body)
    body = _SQL_QUOTED.sub(lambda m: BLANK * len(m.group(0)), body)
    return SqlLiteral(start + head, body)


def _blank_expressions(body: str) -> str:
    """Blank every ``{expression}`` of an f-string body (``{{`` and ``}}`` are literal braces)."""
    out, depth, i = list(body), 0, 0
    while i < len(body):
        pair = body[i:i + 2]
        if depth == 0 and pair in ("{{", "}}"):
            i += 2
            continue
        if body[i] == "{":
            depth += 1
        if depth:
            out[i] = BLANK
        if body[i] == "}" and depth:
            depth -= 1
        i += 1
    return "".join(out)
