"""The union register: households (with their regions and scenarios) and their members.

Members carry a `person` index into the population, the true identity behind
every register row; `id_valid`/`has_hukou` record the identity truth.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .scenarios import IDENTITY_SCENARIOS, SCENARIOS

REGIONS = {"530102": 8, "530103": 6, "532901": 6, "532923": 5, "532301": 5, "532501": 4, "532601": 4,
           "530802": 4, "530402": 4, "450202": 5, "450102": 4, "371602": 5, "370102": 4, "659003": 3,
           "650102": 3, "653101": 2, "110101": 1, "440103": 1}
UNJUDGED_REGIONS = {"110101", "440103"}
JUDGED = [r for r in REGIONS if r not in UNJUDGED_REGIONS]
XINJIANG = "65"


def region_weights() -> tuple[np.ndarray, np.ndarray]:
    """Region codes (int) and their sampling probabilities."""
    codes = np.array([int(r) for r in REGIONS])
    weights = np.array(list(REGIONS.values()), dtype=float)
    return codes, weights / weights.sum()


def build_households(rng: np.random.Generator, n: int, as_of: dt.date) -> pd.DataFrame:
    """n households; the first scenarios go to a random subset, cycling over judged regions."""
    codes, weights = region_weights()
    region = rng.choice(codes, n, p=weights).astype(str)
    size = rng.choice(np.arange(1, 7), n, p=[0.12, 0.22, 0.30, 0.22, 0.09, 0.05])
    scenario = np.full(n, "", dtype=object)
    chosen = rng.permutation(n)[: min(2 * n // 3, max(len(SCENARIOS), n // 10))]
    names = [SCENARIOS[i % len(SCENARIOS)] for i in range(len(chosen))]
    scenario[chosen] = names
    region[chosen] = [JUDGED[i % len(JUDGED)] for i in range(len(chosen))]
    region[chosen[np.array(names) == "no_dibao_rich"]] = "110101"
    size[chosen] = np.maximum(size[chosen], 2)
    as_of64 = np.datetime64(as_of, "D")
    return pd.DataFrame({
        "household_id": [f"HH{i:06d}" for i in range(1, n + 1)],
        "region_code": region,
        "category": rng.choice(["深度困难", "相对困难", "意外致困"], n, p=[0.4, 0.45, 0.15]),
        "registered_on": as_of64 - rng.integers(30, 7 * 365, n),
        "declared_monthly_income": rng.integers(0, 3000, n) * 100,
        "size": size,
        "scenario": scenario,
    })


def build_members(rng: np.random.Generator, households: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Members 1..size per household with relations, genders and birth dates."""
    hh = np.repeat(np.arange(len(households)), households["size"].to_numpy())
    first = np.r_[0, np.cumsum(households["size"].to_numpy())[:-1]]
    member_no = np.arange(len(hh)) - first[hh] + 1
    n = len(hh)
    relation = np.where(member_no == 1, "本人", np.where(
        member_no == 2, rng.choice(["配偶", "子女", "父母"], n, p=[0.85, 0.1, 0.05]),
        rng.choice(["子女", "父母", "其他"], n, p=[0.7, 0.2, 0.1])))
    head_age = rng.integers(25 * 365, 62 * 365, len(households))
    offset = {"本人": (0, 1), "配偶": (-5 * 365, 5 * 365), "子女": (-35 * 365, -20 * 365),
              "父母": (22 * 365, 35 * 365), "其他": (-20 * 365, 20 * 365)}
    low = np.array([offset[r][0] for r in relation])
    high = np.array([offset[r][1] for r in relation])
    age = np.maximum(head_age[hh] + rng.integers(low, high), rng.integers(200, 3000, n))
    head_male = rng.random(len(households)) < 0.5
    male = np.where(relation == "本人", head_male[hh],
                    np.where(relation == "配偶", ~head_male[hh], rng.random(n) < 0.5))
    return pd.DataFrame({
        "hh": hh, "household_id": households["household_id"].to_numpy()[hh], "member_no": member_no,
        "relation": relation, "male": male, "birth": np.datetime64(as_of, "D") - age,
        "region": households["region_code"].to_numpy()[hh].astype(np.int64),
        "scenario": households["scenario"].to_numpy()[hh],
    })


def identity_truth(rng: np.random.Generator, members: pd.DataFrame) -> pd.DataFrame:
    """How each member's ID appears in the register, and whether a hukou record exists.

    id_form: clean | lower_x | legacy_15 | spaces (normalisable) | empty | typo | truncated (invalid).
    """
    n = len(members)
    form = rng.choice(["clean", "lower_x", "legacy_15", "spaces", "empty", "typo", "truncated"], n,
                      p=[0.962, 0.01, 0.01, 0.01, 0.003, 0.003, 0.002])
    form = np.where(members["scenario"].to_numpy() == "", form, "clean")
    has_hukou = (rng.random(n) > 0.003) | (members["scenario"].to_numpy() != "")
    second = members["member_no"].to_numpy() == 2
    for name, (id_form, hukou) in IDENTITY_SCENARIOS.items():
        target = second & (members["scenario"].to_numpy() == name)
        form[target], has_hukou[target] = id_form, hukou
    return members.assign(id_form=form, has_hukou=has_hukou,
                          id_valid=~np.isin(form, ["empty", "typo", "truncated"]))
