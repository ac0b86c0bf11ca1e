"""Everyday records of the register's ordinary households and of the general population.

Ordinary members are poorer than the general population; members with an
invalid register ID hold nothing but their household registration.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import records, registry
from .population import Population


def member_titles(rng: np.random.Generator, members: pd.DataFrame, people_ok: np.ndarray,
                  first_cert: int, as_of: np.datetime64) -> pd.DataFrame:
    """Homes of ordinary households: the 本人's, sometimes joint with the spouse; a few extras."""
    head = members[(members["member_no"] == 1) & people_ok]
    spouse = members[(members["relation"] == "配偶") & people_ok].set_index("hh")["person"]
    co = head["hh"].map(spouse).fillna(-1).to_numpy(dtype=np.int64)
    holder = head["person"].to_numpy()
    owns = rng.random(len(holder)) < 0.45
    home = registry.titles(rng, holder[owns], np.full(owns.sum(), "住宅"), first_cert, as_of)
    joint = registry.shared_with(home, np.where(rng.random(owns.sum()) < 0.3, co[owns], -1))
    extras = [(0.04, "住宅"), (0.03, "车位"), (0.01, "商业")]
    parts, cert = [home, joint], first_cert + len(home)
    for share, usage in extras:
        chosen = holder[rng.random(len(holder)) < share]
        parts.append(registry.titles(rng, chosen, np.full(len(chosen), usage), cert, as_of))
        cert += len(chosen)
    return pd.concat(parts, ignore_index=True)


def everyday_frames(rng: np.random.Generator, members: pd.DataFrame, people: Population,
                    periods: np.ndarray, as_of: np.datetime64, first_cert: int,
                    register_only: int = 0) -> dict[str, list[pd.DataFrame]]:
    """Everyday records per source for ordinary members and for the non-members but the last
    ``register_only`` people (known to the police register alone)."""
    ordinary = ((members["scenario"] == "") & members["id_valid"]).to_numpy()
    mine = members["person"].to_numpy()[ordinary]
    others = np.arange(len(members), len(people) - register_only)
    age = (as_of - people.birth).astype(np.int64)
    out: dict[str, list[pd.DataFrame]] = {}
    for who, profile in ((mine, records.MEMBER), (others, records.GENERAL)):
        out.setdefault("hr", []).append(records.hr(rng, who, age[who], profile, periods))
        out.setdefault("bank", []).append(records.bank(rng, who, profile, as_of))
        out.setdefault("vehicles", []).append(records.vehicles(rng, who, profile, as_of))
        out.setdefault("business", []).append(records.business(rng, who, profile))
    homes = member_titles(rng, members, ordinary, first_cert, as_of)
    out["housing"] = [homes, registry.general_titles(rng, others, first_cert + len(homes) + 1, as_of)]
    return out
