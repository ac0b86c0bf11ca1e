"""Vectorised text cleaning and parsing of dates, months, amounts and integers.

Every parser takes a string Arrow array (already cleaned: trimmed, empty is
null) and returns the typed array plus a boolean ``valid`` array that is True
where the value parsed or was empty. Parsers never raise on bad text: deciding
that a row is bad is the GX suite's job, using ``valid``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

MONEY = pa.decimal128(18, 2)
_DATE = r"^[1-9]\d{3}-\d{2}-\d{2}$|^[1-9]\d{3}/\d{2}/\d{2}$|^[1-9]\d{7}$"
_MONTH = r"^[1-9]\d{3}-?(0[1-9]|1[0-2])$"
_DECIMAL = r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$"
_FITS_MONEY = r"^-?\d{1,16}(\.\d{1,2})?$"
_INTEGER = r"^-?\d{1,18}$"


class Parsed(NamedTuple):
    """A typed column and where its text was acceptable (valid or empty)."""

    values: pa.ChunkedArray
    valid: pa.ChunkedArray


_BOM = "\ufeff".encode()


def _may_hold(values: pa.Array | pa.ChunkedArray, mark: bytes) -> bool:
    """Whether the character data holds ``mark`` (a byte scan; True may come from sliced-off bytes)."""
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    return any(chunk.buffers()[2] is not None and chunk.buffers()[2].to_pybytes().find(mark) >= 0
               for chunk in chunks)


def clean_text(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text without byte-order marks, trimmed of (Unicode) whitespace; empty or blank is null.

    A U+FEFF inside a value is never data: it is the BOM of a second file
    concatenated onto the first, or an invisible character pasted in, and it
    would keep an ID or name from matching while looking right to every reader.
    Columns without a U+FEFF byte sequence or without an empty value skip
    those steps (the same result, one copy fewer).
    """
    values = pc.cast(values, pa.string())
    unmarked = pc.replace_substring(values, "\ufeff", "") if _may_hold(values, _BOM) else values
    trimmed = pc.utf8_trim_whitespace(unmarked)
    empty = pc.equal(trimmed, "")
    if not pc.any(empty).as_py():
        return trimmed
    return pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)


def per_distinct(function: Callable[[pa.Array], tuple], values: pa.ChunkedArray, *,
                 encoded: Collection[int] = ()) -> tuple[pa.ChunkedArray, ...]:
    """``function``'s arrays, computed once per distinct value of ``values`` (null included) and spread back.

    For element-wise work on columns whose values repeat (enumerations,
    dates, months, amounts): a few thousand distinct values parse far faster
    than millions of rows. The hash table of a chunked dictionary encoding
    numbers values in order of first sight, so the last chunk's dictionary
    holds every value at the index each chunk uses. The results at the
    positions in ``encoded`` come back dictionary-encoded (no copy per row:
    for consumers that read dictionaries, such as DuckDB); the others as
    plain arrays.
    """
    if not len(values):
        return tuple(function(values.combine_chunks()))
    encoding = pc.dictionary_encode(values, null_encoding="encode")
    indices = [chunk.indices for chunk in encoding.chunks]
    results = function(encoding.chunk(encoding.num_chunks - 1).dictionary)
    return tuple(pa.chunked_array([pa.DictionaryArray.from_arrays(i, result) for i in indices])
                 if position in encoded else result.take(pa.chunked_array(indices))
                 for position, result in enumerate(results))


def _parsed(text: pa.ChunkedArray, ok: pa.ChunkedArray, values: pa.ChunkedArray) -> Parsed:
    """Keep ``values`` where ``ok``; valid where ok or the text was empty."""
    ok = pc.fill_null(ok, False)
    nulls = pa.scalar(None, values.type)
    return Parsed(pc.if_else(ok, values, nulls), pc.or_(ok, pc.is_null(text)))


def parse_date(text: pa.ChunkedArray) -> Parsed:
    """Dates from YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD; impossible days are invalid."""
    iso = pc.replace_substring_regex(text, r"^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$", r"\1-\2-\3")
    stamps = pc.strptime(iso, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2021-02-30 over to 03-02: a real date prints back as itself
    real = pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), iso)
    ok = pc.and_(pc.match_substring_regex(text, _DATE), real)
    return _parsed(text, ok, pc.cast(stamps, pa.date32()))


def parse_month(text: pa.ChunkedArray) -> Parsed:
    """Months from YYYY-MM or YYYYMM, returned as 'YYYY-MM' text."""
    ok = pc.match_substring_regex(text, _MONTH)
    month = pc.replace_substring_regex(text, r"^(\d{4})-?(\d{2})$", r"\1-\2")
    return _parsed(text, ok, month)


def parse_decimal(text: pa.ChunkedArray, *, empty_is_zero: bool = False) -> Parsed:
    """Exact DECIMAL(18,2) from plain or thousands-separated text (sign kept)."""
    plain = pc.replace_substring(text, ",", "")
    ok = pc.and_(pc.match_substring_regex(text, _DECIMAL), pc.match_substring_regex(plain, _FITS_MONEY))
    ok = pc.fill_null(ok, False)
    amounts = pc.cast(pc.if_else(ok, plain, pa.scalar(None, pa.string())), MONEY)
    parsed = _parsed(text, ok, amounts)
    if empty_is_zero:
        return Parsed(pc.if_else(pc.is_null(text), pa.scalar(0, MONEY), parsed.values), parsed.valid)
    return parsed


def not_negative(amounts: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where an amount is zero, positive or missing."""
    return pc.fill_null(pc.greater_equal(amounts, pa.scalar(0, MONEY)), True)


def parse_integer(text: pa.ChunkedArray) -> Parsed:
    """64-bit integers from plain digit text (optional minus sign)."""
    ok = pc.fill_null(pc.match_substring_regex(text, _INTEGER), False)
    integers = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.int64())
    return _parsed(text, ok, integers)


_PARSERS = {"date": parse_date, "month": parse_month, "integer": parse_integer}


def parse_column(kind: str, text: pa.ChunkedArray, *, empty_is_zero: bool = False) -> Parsed:
    """Parse cleaned ``text`` as a column of a parsed ``kind`` (see spec.PARSE_PROBLEMS)."""
    if kind in ("amount", "area"):
        return parse_decimal(text, empty_is_zero=empty_is_zero)
    return _PARSERS[kind](text)
