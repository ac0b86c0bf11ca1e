"""Parsers: exact values for the accepted formats, and never an exception on
arbitrary text (property tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_contracts.parsing import (
    MONEY, clean_text, not_negative, parse_column, parse_date, parse_decimal, parse_integer, parse_month, per_distinct,
)

PARSERS = [parse_date, parse_month, parse_decimal, parse_integer]
texts = st.lists(st.one_of(st.none(), st.text(max_size=24),
                           st.from_regex(r"-?[0-9,./-]{1,20}", fullmatch=True)), max_size=30)


@pytest.mark.parametrize("parser", PARSERS)
@settings(max_examples=150, deadline=None)
@given(values=texts)
def test_parser_never_raises_and_keeps_length(parser, values):
    parsed = parser(clean_text(pa.chunked_array([pa.array(values, pa.string())])))
    assert len(parsed.values) == len(parsed.valid) == len(values)
    assert parsed.valid.null_count == 0


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=dt.date(1000, 1, 1)), style=st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]))
def test_real_dates_parse_back_to_themselves(day, style):
    parsed = parse_date(pa.chunked_array([[day.strftime(style)]]))
    assert parsed.values.to_pylist() == [day] and parsed.valid.to_pylist() == [True]


@settings(max_examples=100, deadline=None)
@given(amount=st.decimals(min_value=0, max_value=Decimal("9999999999999999.99"), places=2), grouped=st.booleans())
def test_amounts_are_exact_with_or_without_separators(amount, grouped):
    text = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    assert parse_decimal(pa.chunked_array([[text]])).values.to_pylist() == [amount]


@pytest.mark.parametrize("text", ["2021-02-30", "2019-02-29", "2021-2-3", "2021-03/05", "0000-01-01",
                                  "２０２１-０１-０１", "2021-01-01 00:00:00"])
def test_impossible_or_malformed_dates_are_invalid(text):
    parsed = parse_date(pa.chunked_array([[text]]))
    assert parsed.valid.to_pylist() == [False] and parsed.values.to_pylist() == [None]


@pytest.mark.parametrize(("text", "month"), [("2024-01", "2024-01"), ("202412", "2024-12"),
                                             ("2024-13", None), ("2024-1", None), ("24-01", None)])
def test_months(text, month):
    assert parse_month(pa.chunked_array([[text]])).values.to_pylist() == [month]


@pytest.mark.parametrize("text", ["1,2345", "12.345", "1e5", "+5", "12,345,6", "99999999999999999", "¥5"])
def test_malformed_amounts_are_invalid(text):
    assert parse_decimal(pa.chunked_array([[text]])).valid.to_pylist() == [False]


def test_empty_amount_is_valid_null_or_zero():
    empty = pa.chunked_array([pa.array([None], pa.string())])
    assert parse_decimal(empty).values.to_pylist() == [None]
    assert parse_decimal(empty, empty_is_zero=True).values.to_pylist() == [Decimal("0")]
    assert parse_decimal(empty).valid.to_pylist() == [True]


def test_integers():
    parsed = parse_integer(pa.chunked_array([["1", "007", "1.0", "一"]]))
    assert parsed.values.to_pylist() == [1, 7, None, None]


def test_per_distinct_computes_once_per_value_and_gives_nulls_their_own_result():
    values = pa.chunked_array([pa.array(["a", None], pa.string()), pa.array([None, "b", "a"], pa.string())])
    seen = []

    def probe(distinct: pa.Array) -> tuple[pa.Array]:
        seen.append(distinct.to_pylist())
        return (pc.is_null(distinct),)

    (missing,) = per_distinct(probe, values)
    assert missing.to_pylist() == [False, True, True, False, False]  # null is a value of its own, not a gap
    assert len(seen) == 1 and sorted(seen[0], key=str) == sorted(["a", None, "b"], key=str)


def test_not_negative_accepts_zero_positive_and_missing_amounts():
    amounts = pa.chunked_array([pa.array([Decimal("-0.01"), Decimal("0"), Decimal("5"), None], MONEY)])
    assert not_negative(amounts).to_pylist() == [False, True, True, True]


def test_an_empty_amount_column_value_is_missing_unless_the_column_says_zero():
    text = pa.chunked_array([pa.array([None, "5"], pa.string())])
    assert parse_column("amount", text).values.to_pylist() == [None, Decimal("5")]
    assert parse_column("amount", text, empty_is_zero=True).values.to_pylist() == [Decimal("0"), Decimal("5")]
    assert parse_column("area", text).valid.to_pylist() == [True, True]
