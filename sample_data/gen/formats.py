"""Text forms of dates, months and amounts, mixed within a column as real extracts are.

All vectorised: dates and months are formatted once per distinct value and
expanded through an Arrow dictionary; amounts are assembled with Arrow kernels.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
MONTH_FORMS = ("%Y-%m", "%Y%m")


def _expand(rng: np.random.Generator, values: np.ndarray, forms: tuple[str, ...], p: list[float]) -> pa.Array:
    """Format each distinct value in every form, then pick a form per row."""
    distinct, inverse = np.unique(values, return_inverse=True)
    as_dates = distinct.astype("datetime64[D]").astype(object)
    dictionary = pa.array([d.strftime(f) for f in forms for d in as_dates], pa.string())
    form = rng.choice(len(forms), len(values), p=p)
    indices = pa.array((form * len(distinct) + inverse.ravel()).astype(np.int32))
    return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


def dates(rng: np.random.Generator, values: np.ndarray) -> pa.Array:
    """Dates as YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD (mostly the first)."""
    return _expand(rng, values.astype("datetime64[D]"), DATE_FORMS, [0.6, 0.2, 0.2])


def months(rng: np.random.Generator, values: np.ndarray) -> pa.Array:
    """Months as YYYY-MM or YYYYMM."""
    return _expand(rng, values.astype("datetime64[M]"), MONTH_FORMS, [0.7, 0.3])


def as_text(values: np.ndarray, width: int = 0) -> pa.Array:
    """Integers as text, left-padded with zeros to width."""
    text = pc.cast(pa.array(values), pa.string())
    return pc.utf8_lpad(text, width, "0") if width else text


def _thousands(yuan: np.ndarray) -> pa.Array:
    """Whole yuan with comma thousands separators."""
    low, mid, high = yuan % 1000, yuan // 1000 % 1000, yuan // 1_000_000
    three = pc.binary_join_element_wise(as_text(high), as_text(mid, 3), as_text(low, 3), ",")
    two = pc.binary_join_element_wise(as_text(mid), as_text(low, 3), ",")
    return pc.if_else(pa.array(high > 0), three, pc.if_else(pa.array(mid > 0), two, as_text(low)))


def _plain(cents: np.ndarray) -> pa.Array:
    """1234.50"""
    return pc.binary_join_element_wise(as_text(cents // 100), as_text(cents % 100, 2), ".")


def _trimmed(cents: np.ndarray) -> pa.Array:
    """1234.5, or 1234 for whole yuan."""
    yuan, frac = as_text(cents // 100), cents % 100
    decimals = pc.if_else(pa.array(frac % 10 == 0), as_text(frac // 10), as_text(frac, 2))
    return pc.if_else(pa.array(frac == 0), yuan, pc.binary_join_element_wise(yuan, decimals, "."))


def _grouped(cents: np.ndarray) -> pa.Array:
    """1,234.50"""
    return pc.binary_join_element_wise(_thousands(cents // 100), as_text(cents % 100, 2), ".")


def amounts(rng: np.random.Generator, cents: np.ndarray, empty: np.ndarray | None = None) -> pa.Array:
    """Non-negative cents as yuan text: 1234.50, trimmed (1234.5, 1234) or 1,234.50; null where empty."""
    form = rng.choice(3, len(cents), p=[0.7, 0.15, 0.15])
    parts = [writer(cents[form == k]) for k, writer in enumerate((_plain, _trimmed, _grouped))]
    position = np.empty(len(cents), dtype=np.int64)
    position[np.argsort(form, kind="stable")] = np.arange(len(cents))
    out = pa.concat_arrays([part.cast(pa.string()) for part in parts]).take(pa.array(position))
    if empty is not None:
        out = pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), out)
    return out


def codes(values: np.ndarray, prefix: str, width: int) -> pa.Array:
    """Identifiers like VH00001234 from integers."""
    return pc.binary_join_element_wise(pa.scalar(prefix), as_text(values, width), "")
