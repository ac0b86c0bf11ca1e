"""Everybody the agencies know: the members, a larger non-member population, and decoys.

Decoys are non-members built to fool a careless matcher: namesakes of members,
people born the same day in the same county, and IDs one digit away.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from . import ids, names
from .households import XINJIANG, region_weights

DECOY_KINDS = ["", "namesake", "same_birth_county", "typo_collision"]


@dataclass
class Population:
    """One row per person: true ID (ASCII matrix), name, sex, birth, region, member link, decoy kind."""

    id_matrix: np.ndarray
    name: pa.Array
    male: np.ndarray
    birth: np.ndarray
    region: np.ndarray
    member_row: np.ndarray
    decoy: np.ndarray

    def __len__(self) -> int:
        return len(self.male)


def _names_for(rng: np.random.Generator, region: np.ndarray) -> pa.Array:
    """Han names, with Uyghur names for most people registered in Xinjiang."""
    han, uyghur = names.han_names(rng, len(region)), names.uyghur_names(rng, len(region))
    use_uyghur = np.char.startswith(region.astype(str), XINJIANG) & (rng.random(len(region)) < 0.7)
    return pa.array(np.where(use_uyghur, uyghur.to_numpy(zero_copy_only=False),
                             han.to_numpy(zero_copy_only=False)))


def _seq(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    """Three-digit sequence numbers whose last digit's parity is the sex (odd = male)."""
    return rng.integers(0, 500, len(male)) * 2 + male


def _decoys(rng: np.random.Generator, members: pd.DataFrame, base: Population) -> Population:
    """Decoy people derived from a sample of valid-ID members (persons 0..len(members)-1)."""
    eligible = np.flatnonzero(members["id_valid"].to_numpy())
    per_kind = max(3, len(members) // 60)
    src = rng.choice(eligible, min(len(eligible), 3 * per_kind), replace=False)
    kind = np.repeat([1, 2, 3], per_kind)[: len(src)]
    codes, weights = region_weights()
    moved = (kind == 1) & (rng.random(len(src)) < 0.3)
    id_region = (base.id_matrix[src, :6].astype(np.int64) - ids.ZERO) @ 10 ** np.arange(5, -1, -1)
    region = np.where(moved, rng.choice(codes, len(src), p=weights), base.region[src])
    region = np.where(kind == 2, id_region, region)
    birth = np.where(kind == 1, base.birth[src] + rng.integers(-4000, 4000, len(src)), base.birth[src])
    matrix = ids.make_ids(region, birth, _seq(rng, base.male[src]))
    near = kind == 3
    body = base.id_matrix[src[near], :17].copy()
    body[:, 5] = (body[:, 5] - ids.ZERO + rng.integers(1, 10, len(body))) % 10 + ids.ZERO
    matrix[near] = np.hstack([body, ids.check_chars(body)[:, None]])
    source_names = base.name.take(pa.array(src)).to_pylist()
    decoy_names = [n if k == 1 else _look_alike(n, rng) for n, k in zip(source_names, kind)]
    return Population(matrix, pa.array(decoy_names, pa.string()), base.male[src], birth, region,
                      np.full(len(src), -1), kind.astype(np.int8))


def _look_alike(name: str, rng: np.random.Generator) -> str:
    """A different name, with the same surname for Han names."""
    if names.DOT in name:
        return names.uyghur_names(rng, 1)[0].as_py()
    return names.other_given(name, rng)


def _people(rng: np.random.Generator, region: np.ndarray, male: np.ndarray, birth: np.ndarray,
            member_row: np.ndarray) -> Population:
    """Plain people with fresh names and IDs (birth dates in days)."""
    birth = birth.astype("datetime64[D]")
    matrix = ids.make_ids(region, birth, _seq(rng, male))
    return Population(matrix, _names_for(rng, region), male, birth, region, member_row,
                      np.zeros(len(male), dtype=np.int8))


def _concat(parts: list[Population]) -> Population:
    return Population(np.vstack([p.id_matrix for p in parts]),
                      pa.concat_arrays([p.name.cast(pa.string()) for p in parts]),
                      *(np.concatenate([getattr(p, f) for p in parts])
                        for f in ("male", "birth", "region", "member_row", "decoy")))


def _dedupe(rng: np.random.Generator, people: Population) -> None:
    """Give every later holder of an already used ID a new sequence number (members win)."""
    for _ in range(20):
        keys = np.ascontiguousarray(people.id_matrix).view("S18").ravel()
        _, first = np.unique(keys, return_index=True)
        later = np.setdiff1d(np.arange(len(keys)), first)
        if not len(later):
            return
        people.id_matrix[later] = ids.make_ids(people.region[later], people.birth[later],
                                               _seq(rng, people.male[later]))
    raise RuntimeError("could not make resident IDs unique")


def build_population(rng: np.random.Generator, members: pd.DataFrame, as_of: dt.date,
                     ratio: int = 3) -> Population:
    """Members first (person i = member row i), then non-members (ratio per member), then decoys."""
    codes, weights = region_weights()
    region_of_birth = np.where(rng.random(len(members)) < 0.9, members["region"].to_numpy(),
                               rng.choice(codes, len(members), p=weights))
    member_people = _people(rng, region_of_birth, members["male"].to_numpy(),
                            members["birth"].to_numpy().astype("datetime64[D]"), np.arange(len(members)))
    member_people.region = members["region"].to_numpy()
    _dedupe(rng, member_people)
    n = ratio * len(members)
    birth = np.datetime64(as_of, "D") - rng.integers(18 * 365, 85 * 365, n)
    others = _people(rng, rng.choice(codes, n, p=weights), rng.random(n) < 0.5, birth, np.full(n, -1))
    people = _concat([member_people, _decoys(rng, members, member_people), others])
    _dedupe(rng, people)
    return people
