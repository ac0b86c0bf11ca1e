"""Resident ID numbers: construction, check digits and agency-style ID noise, vectorised.

IDs live as (N, 18) matrices of ASCII codes, so building a million of them or
corrupting a chosen subset never loops over rows in Python.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK_CHARS = np.frombuffer(b"10X98765432", dtype=np.uint8)
ZERO, X = ord("0"), ord("X")


def check_chars(body: np.ndarray) -> np.ndarray:
    """ISO 7064 MOD 11-2 check characters (ASCII codes) of an (N, 17) digit matrix."""
    return CHECK_CHARS[((body.astype(np.int64) - ZERO) @ WEIGHTS) % 11]


def make_ids(region: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """(N, 18) ID matrix from region codes, birth dates (datetime64[D]) and sequence numbers."""
    days = birth.astype("datetime64[D]")
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    number = ((region.astype(np.int64) * 10_000 + year) * 10_000 + month * 100 + day) * 1000 + seq
    powers = 10 ** np.arange(16, -1, -1, dtype=np.int64)
    body = ((number[:, None] // powers) % 10 + ZERO).astype(np.uint8)
    return np.hstack([body, check_chars(body)[:, None]])


def to_strings(matrix: np.ndarray) -> pa.Array:
    """Arrow string array from a matrix of UTF-8 bytes (one row per value)."""
    width = matrix.shape[1]
    flat = np.ascontiguousarray(matrix, dtype=np.uint8).view(f"S{width}").ravel()
    return pa.array(flat, type=pa.binary(width)).cast(pa.binary()).cast(pa.string())


def legacy_15(ids: np.ndarray) -> np.ndarray:
    """Legacy 15-digit form: no century digits, no check character."""
    return ids[:, list(range(6)) + list(range(8, 17))]


def lower_x(ids: np.ndarray) -> np.ndarray:
    """Check character X written as lower-case x."""
    out = ids.copy()
    out[out == X] = ord("x")
    return out


def full_width(ids: np.ndarray) -> np.ndarray:
    """Every character as its full-width form (UTF-8, three bytes each)."""
    third = np.where(ids == X, 0xB8, ids.astype(np.int64) - ZERO + 0x90).astype(np.uint8)
    out = np.empty((ids.shape[0], ids.shape[1] * 3), dtype=np.uint8)
    out[:, 0::3], out[:, 1::3], out[:, 2::3] = 0xEF, 0xBC, third
    return out


def with_spaces(ids: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two spaces inside: the 6-8-4 grouping for half of the IDs, random places for the rest."""
    n = len(ids)
    first = np.where(rng.random(n) < 0.5, 6, rng.integers(1, 17, n))
    second = np.where(first == 6, 15, rng.integers(first + 2, 19))
    cols = np.arange(20)[None, :]
    source = cols - (cols > first[:, None]) - (cols > second[:, None])
    out = np.take_along_axis(ids, np.clip(source, 0, 17), axis=1)
    out[(cols == first[:, None]) | (cols == second[:, None])] = ord(" ")
    return out


def typo_substitution(ids: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One of the first 17 digits replaced by another (the check character then always fails)."""
    out = ids.copy()
    rows, pos = np.arange(len(ids)), rng.integers(0, 17, len(ids))
    digit = (out[rows, pos].astype(np.int64) - ZERO + rng.integers(1, 10, len(ids))) % 10
    out[rows, pos] = digit + ZERO
    return out


def typo_swap(ids: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two adjacent, different digits among the first 17 transposed (always breaks the check)."""
    out, rows = ids.copy(), np.arange(len(ids))
    pos = rng.integers(0, 16, len(ids))
    for _ in range(16):
        same = out[rows, pos] == out[rows, pos + 1]
        pos = np.where(same, (pos + 1) % 16, pos)
    left, right = out[rows, pos].copy(), out[rows, pos + 1].copy()
    out[rows, pos], out[rows, pos + 1] = right, left
    return out

