"""Registry-style records: household registration, property titles, civil-affairs events.

Like `records`, every builder is vectorised and returns a typed frame keyed by
`person`; property titles are numbered by the caller so joint holders share one.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import names
from .schema import POOLS, cat

AREA = {"住宅": (45, 140), "商业": (20, 220), "办公": (40, 300), "车位": (12, 16), "其他": (5, 60)}


def hukou(rng: np.random.Generator, who: np.ndarray, region: np.ndarray, status: np.ndarray) -> pd.DataFrame:
    """One registration per person, with a former name for a few."""
    n = len(who)
    renamed = rng.random(n) < 0.02
    former = names.han_names(rng, n).to_numpy(zero_copy_only=False)
    return pd.DataFrame({"person": who, "former_name": np.where(renamed, former, None),
                         "region_code": region, "status": cat("hukou_status", status)})


def titles(rng: np.random.Generator, holder: np.ndarray, usage: np.ndarray, first_cert: int,
           as_of: np.datetime64) -> pd.DataFrame:
    """One property title per holder, numbered from first_cert."""
    n, usage = len(holder), cat("usage", usage)
    low = np.array([AREA[u][0] for u in POOLS["usage"]], dtype=np.int64)[usage.codes]
    high = np.array([AREA[u][1] for u in POOLS["usage"]], dtype=np.int64)[usage.codes]
    return pd.DataFrame({
        "person": holder, "cert": first_cert + np.arange(n), "usage": usage,
        "area": rng.integers(low * 100, high * 100 + 1),
        "acquired_on": as_of - rng.integers(60, 25 * 365, n),
    })


def shared_with(frame: pd.DataFrame, co_holder: np.ndarray) -> pd.DataFrame:
    """The same titles once more, held by co-holders (rows where co_holder >= 0)."""
    joint = frame[co_holder >= 0].copy()
    joint["person"] = co_holder[co_holder >= 0]
    return joint


def general_titles(rng: np.random.Generator, who: np.ndarray, first_cert: int,
                   as_of: np.datetime64) -> pd.DataFrame:
    """Property of the general population: homes, second homes, parking, shops and offices."""
    shares = {"住宅": 0.45, "车位": 0.08, "商业": 0.03, "办公": 0.01, "其他": 0.01}
    holder = [who[rng.random(len(who)) < p] for p in shares.values()]
    holder.append(who[rng.random(len(who)) < 0.10])
    usage = np.concatenate([np.full(len(h), u) for h, u in zip(holder, [*shares, "住宅"])])
    return titles(rng, np.concatenate(holder), usage, first_cert, as_of)


def civil(rng: np.random.Generator, dibao_who: np.ndarray, dead_who: np.ndarray,
          as_of: np.datetime64) -> pd.DataFrame:
    """Dibao grants (monthly amount) and death registrations (no amount: -1 cents)."""
    n_d, n_x = len(dibao_who), len(dead_who)
    return pd.DataFrame({
        "person": np.concatenate([dibao_who, dead_who]),
        "record_type": cat("record_type", np.array(["低保"] * n_d + ["死亡"] * n_x, dtype=object)),
        "event_date": as_of - np.concatenate([rng.integers(30, 6 * 365, n_d), rng.integers(1, 700, n_x)]),
        "amount": np.concatenate([rng.integers(300, 800, n_d) * 100, np.full(n_x, -1)]),
    })
