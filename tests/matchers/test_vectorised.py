"""The column-at-once normalisers agree with the single-value references.

``normalize_id_column`` (DuckDB SQL) must give exactly what ``normalize_id``
gives, and ``normalize_names`` (one opencc call, distinct texts once) exactly
what ``normalize_name`` gives, on well-formed values, received variants and junk.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers import normalize_id, normalize_name, normalize_names
from matchers.id_column import normalize_id_column
from matchers.ids import check_digit

FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
ID_CHARS = "0123456789xX -/.\u3000０１２３４５６７８９Ｘｘａ①²ⅻ𝟗×．"
CON = duckdb.connect()
AS_OF = dt.date(2026, 11, 30)
HAN = "张偉王芳欧阳歐陽沈思单曾乐區髮頭發买提阿依古丽衞峯羣著么"
DOTS = "·•.・‧．。｡"
FORMAT_CHARACTERS = "\u200b\u2060\ufeff\u00ad\u200d"


@st.composite
def received_ids(draw) -> str:
    """An ID as an agency might send it: 15-digit, typo'd, cut, full-width, spaced,
    ``×`` for X, through a float; any region, born 1840–2030 (around AS_OF)."""
    born = draw(st.dates(dt.date(1840, 1, 1), dt.date(2030, 12, 31)))
    body = f"{draw(st.integers(100000, 999999))}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    id18 = body + check_digit(body)
    variant = draw(st.sampled_from(["18", "15", "17", "typo", "lower", "full", "spaced", "times",
                                    "float15", "float18"]))
    pos = draw(st.integers(0, 17))
    return {"18": id18, "15": id18[:6] + id18[8:17], "17": id18[:17], "lower": id18.lower(),
            "typo": id18[:pos] + draw(st.sampled_from("0123456789X")) + id18[pos + 1:],
            "full": id18.translate(FULL_WIDTH), "spaced": f" {id18[:6]} {id18[6:14]}-{id18[14:]}",
            "times": id18[:17] + "×", "float15": f"{id18[:6]}{id18[8:17]}.0",
            "float18": f"{id18[:17]}{draw(st.integers(0, 9))}.0"}[variant]


def column_results(raws: list[str | None]) -> dict[str, tuple]:
    """normalize_id_column over the values, as {raw: (value, problem, candidate, legacy)}."""
    con = CON
    con.register("raws", pa.table({"raw": pa.array(raws, pa.string())}))
    normalize_id_column(con, "SELECT raw FROM raws", "ids", as_of=AS_OF)
    rows = con.sql("SELECT raw, id_norm, id_problem, id_cand, id_legacy FROM ids").fetchall()
    return {raw: tuple(rest) for raw, *rest in rows}


def reference(raw: str) -> tuple:
    """normalize_id of one value, as (value, problem, candidate, legacy)."""
    result = normalize_id(raw, AS_OF)
    return result.value, result.problem, result.candidate, result.legacy


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(received_ids(), st.text(ID_CHARS, max_size=20), st.text(max_size=20)),
                max_size=40))
def test_id_column_agrees_with_normalize_id(raws: list[str]) -> None:
    found = column_results(raws + [None])
    assert found == {raw: reference(raw) for raw in raws}


def test_id_column_covers_every_problem_and_keeps_distinct_raws_once() -> None:
    raws = ["11010519491231002X", "11010519491231002x", "110105491231002", "11010519491231002",
            "11010519491231003X", "110105194902300020", "11010519491231002Y", "12345", " ", "①",
            "11010519491231002X", "91010519491231002X", "530102202612011232", "11010519491231002×",
            "530102900101123.0", "５３０１０２９００１０１１２３．０"]
    found = column_results(raws)
    assert len(found) == len(set(raws))
    assert {problem for _, problem, _, _ in found.values()} == {
        None, "missing check digit", "check digit mismatch", "impossible birth date",
        "bad characters", "wrong length", "missing", "unknown province code"}
    assert found == {raw: reference(raw) for raw in raws}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(HAN + DOTS + FORMAT_CHARACTERS + " \u3000Ａa", max_size=8),
                          st.text(max_size=8), st.none()), max_size=30))
def test_normalize_names_agrees_with_normalize_name(raws: list[str | None]) -> None:
    assert normalize_names(raws) == [normalize_name(raw) for raw in raws]


def test_normalize_names_converts_name_parts_separately_in_one_batch() -> None:
    raws = ["沈思", "歐陽修", "阿依古丽•買買提", "張 偉", None, "", "沈思", "衞\u200b志峯",
            "阿依古丽。。买买提", "\ufeff"]
    assert [k.text for k in normalize_names(raws)] == ["沈思", "欧阳修", "阿依古丽·买买提", "张伟",
                                                      None, None, "沈思", "卫志峰",
                                                      "阿依古丽·买买提", None]
