"""ID and name noise on agency records, with the kind applied to each record kept as truth.

Each record gets at most one ID noise and at most one name noise; a noise is
only recorded where it really changed the text (no lower-case x without an X).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import ids, names
from .population import Population

ID_KINDS = ["clean", "id_15", "id_lower_x", "id_fullwidth", "id_space", "id_typo_sub", "id_typo_swap"]
ID_SHARES = [0.0, 0.25, 0.0, 0.2, 0.25, 0.18, 0.12]
NAME_KINDS = ["clean", "name_traditional", "name_homophone", "name_dot", "name_space"]
NAME_SHARES = [0.0, 0.45, 0.2, 0.0, 0.35]


def _draw(rng: np.random.Generator, n: int, rate: float, shares: list[float]) -> np.ndarray:
    """Noise kind code per record: 0 (clean) with probability 1 - rate."""
    p = np.array([1 - rate] + [rate * s for s in shares[1:]])
    return rng.choice(len(shares), n, p=p / p.sum())


def _id_transform(kind: str, matrix: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    simple = {"id_15": ids.legacy_15, "id_lower_x": ids.lower_x, "id_fullwidth": ids.full_width}
    if kind in simple:
        return simple[kind](matrix)
    noisy = {"id_space": ids.with_spaces, "id_typo_sub": ids.typo_substitution, "id_typo_swap": ids.typo_swap}
    return noisy[kind](matrix, rng)


def id_noise(rng: np.random.Generator, people: Population, person: np.ndarray,
             rate: float) -> tuple[pa.Array, np.ndarray]:
    """ID text per record and its noise code (index into ID_KINDS)."""
    matrix = people.id_matrix[person]
    code = _draw(rng, len(person), rate, ID_SHARES)
    born_1900s = people.birth[person] < np.datetime64("2000-01-01")
    code[(code == 1) & ~born_1900s] = 0
    has_x = matrix[:, 17] == ids.X
    code[(code == 0) & has_x & (rng.random(len(person)) < rate * 2)] = 2
    text = ids.to_strings(matrix)
    for k in range(1, len(ID_KINDS)):
        mask = code == k
        if mask.any():
            noisy = ids.to_strings(_id_transform(ID_KINDS[k], matrix[mask], rng))
            text = pc.replace_with_mask(text, pa.array(mask), noisy)
    return text, code


def _name_transform(kind: str, values: list[str], rng: np.random.Generator) -> list[str]:
    if kind == "name_traditional":
        return names.traditional(values)
    if kind == "name_homophone":
        return names.homophone(values)
    if kind == "name_dot":
        return names.dotted(values, rng)
    return names.spaced(values, rng)


def name_noise(rng: np.random.Generator, people: Population, person: np.ndarray, rate: float,
               id_code: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """Name text per record and its noise code (index into NAME_KINDS); none on typo IDs."""
    text = people.name.take(pa.array(person))
    eligible = names.noise_eligibility(text)
    code = _draw(rng, len(person), rate, NAME_SHARES)
    dotted = eligible["name_dot"] & (rng.random(len(person)) < 0.5)
    code[dotted & (code == 0)] = 3
    code[np.isin(id_code, [5, 6])] = 0
    for k in range(1, len(NAME_KINDS)):
        mask = (code == k) & eligible[NAME_KINDS[k]]
        code[(code == k) & ~mask] = 0
        if mask.any():
            values = text.filter(pa.array(mask)).to_pylist()
            text = pc.replace_with_mask(text, pa.array(mask), pa.array(_name_transform(NAME_KINDS[k], values, rng)))
    return text, code


def labels(id_code: np.ndarray, name_code: np.ndarray) -> np.ndarray:
    """Noise label per record: `clean`, or the kinds applied joined by `+`."""
    id_part = np.array(ID_KINDS, dtype=object)[id_code]
    name_part = np.array(NAME_KINDS, dtype=object)[name_code]
    both = np.where(id_code == 0, name_part, np.where(name_code == 0, id_part, id_part + "+" + name_part))
    return both
