"""Whole-column versions of the cell cleaners, so a province-scale report costs seconds.

Per-cell Python calls dominated the report stage at 100,000 households. Text
columns are cleaned, scrubbed and neutralised with Arrow string kernels; the
few cells that need Python (an ID-like run to mask, a lone surrogate Arrow
cannot hold) fall back to the per-cell functions, so both paths give the
same text. Columns of repeated values (codes, scores, explanations) are
converted once per distinct value.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reports.masking import REPLACEMENT, clean_text, mask_id, scrub_ids

# The same character classes as masking._CONTROL / _ID_LIKE, in RE2 syntax.
_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{7f}-\x{9f}\x{fffe}\x{ffff}]"
_ID_LIKE_RE2 = r"[0-9０-９]{14,}[0-9０-９Xxｘ]"
# Formula triggers, or a whole value that XlsxWriter would pass through as raw rich-text XML.
_NEUTRALISE_RE2 = r"(?s)^([=+\-@\t\r]|<r>.*</r>$)"


def text(values: pd.Series) -> pa.Array:
    """`clean_text` over a column: '' for missing values, control characters replaced."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        raw = pa.array(values.array)
    else:
        missing = values.isna().tolist()
        shown = [None if gone else str(v) for v, gone in zip(values.tolist(), missing)]
        try:
            raw = pa.array(shown, type=pa.large_string())
        except UnicodeEncodeError:  # a lone surrogate: only Python can clean it
            return pa.array([clean_text(v) for v in shown], type=pa.large_string())
    return pc.replace_substring_regex(pc.fill_null(raw, ""), _CONTROL_RE2, REPLACEMENT)


def scrubbed(values: pd.Series) -> pa.Array:
    """`scrub_ids(clean_text(v))` over a column: ID-like runs in free text masked."""
    cleaned = text(values)
    hits = pc.match_substring_regex(cleaned, _ID_LIKE_RE2)
    if not pc.any(hits).as_py():
        return cleaned
    return pa.array([scrub_ids(v) if hit else v for v, hit in zip(cleaned.to_pylist(), hits.to_pylist())],
                    type=pa.large_string())


def masked_ids(values: pd.Series) -> list[str]:
    """`mask_id` over a column of raw IDs."""
    return [mask_id(v) for v in text(values).to_pylist()]


def neutralised(cleaned: pa.Array, trigger_prefix: str, limit: int) -> pa.Array:
    """Cleaned text cut to `limit` that a spreadsheet never evaluates (see cells.safe_text)."""
    cut = pc.utf8_slice_codeunits(cleaned, 0, limit)
    prefixed = pc.replace_substring_regex(cut, _NEUTRALISE_RE2, re.escape(trigger_prefix) + r"\1")
    return pc.utf8_slice_codeunits(prefixed, 0, limit)


def by_value(convert: Callable[[Any], Any], values: pd.Series) -> list[Any]:
    """`convert` over a column, called once per distinct value (of the same type)."""
    once = lru_cache(maxsize=None, typed=True)(convert)
    return [once(v) for v in values.tolist()]
