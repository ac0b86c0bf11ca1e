"""Everyday agency records for whole populations, vectorised (no per-row Python).

Each builder takes person indices and a profile (members are poorer than the
general population) and returns a typed frame: `person`, amounts in integer
cents, dates as datetime64, enumerations as categoricals.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import POOLS, PUBLIC_EMPLOYER, cat, pick

MEMBER = {"work": 0.35, "wage": 1900, "public": 0.01, "accounts": 0.8, "balance": 3000,
          "vehicle": 0.04, "business": 0.015}
GENERAL = {"work": 0.65, "wage": 4800, "public": 0.08, "accounts": 1.2, "balance": 20000,
           "vehicle": 0.30, "business": 0.08}
COMPANY = [i for i, n in enumerate(POOLS["employer_name"]) if n.endswith("有限公司")]


def _yuan(rng: np.random.Generator, median: float, n: int, sigma: float = 0.6) -> np.ndarray:
    """Log-normal amounts in cents, rounded to whole yuan for four in five values."""
    cents = np.round(rng.lognormal(np.log(median), sigma, n) * 100).astype(np.int64)
    return np.where(rng.random(n) < 0.8, cents // 100 * 100, cents)


def _employers(rng: np.random.Generator, n: int, public: float) -> tuple[pd.Categorical, pd.Categorical]:
    """Employer type and a matching employer name per worker."""
    p_rest = 1.0 - public
    types = rng.choice(POOLS["employer_type"], n, p=[0.75 * p_rest, public / 2, public / 2,
                                                     0.12 * p_rest, 0.13 * p_rest])
    name = np.array(POOLS["employer_name"])[rng.choice(COMPANY, n)]
    for kind, pool in PUBLIC_EMPLOYER.items():
        name = np.where(types == kind, rng.choice(pool, n), name)
    name = np.where(types == "个体", "个体经营", np.where(types == "其他", "灵活就业", name))
    name = np.where(rng.random(n) < 0.05, None, name)
    return cat("employer_type", types), cat("employer_name", name)


def hr(rng: np.random.Generator, who: np.ndarray, age: np.ndarray, profile: dict,
       periods: np.ndarray) -> pd.DataFrame:
    """Monthly wage, pension and benefit records over the given periods."""
    months = len(periods)
    role = np.where(age >= 60 * 365, 1, np.where(rng.random(len(who)) < profile["work"], 0, 2))
    role = np.where((role == 2) & (rng.random(len(who)) < 0.85), -1, role)
    end = np.where(rng.random(len(who)) < 0.85, months - 1, rng.integers(0, months, len(who)))
    start = np.where(rng.random(len(who)) < 0.7, 0, rng.integers(0, end + 1))
    keep = role >= 0
    who, role, start, end = who[keep], role[keep], start[keep], end[keep]
    length = end - start + 1
    row_of = np.repeat(np.arange(len(who)), length)
    month = start[row_of] + np.arange(len(row_of)) - np.repeat(np.cumsum(length) - length, length)
    base = _yuan(rng, profile["wage"], len(who))
    monthly = base[row_of] + np.where(rng.random(len(row_of)) < 0.3, rng.integers(-200, 200, len(row_of)) * 100, 0)
    kind = role[row_of]
    types, names = _employers(rng, len(who), profile["public"])
    other = cat("employer_type", np.where(kind == 0, np.asarray(types)[row_of], "其他"))
    return pd.DataFrame({
        "person": who[row_of], "period": periods[month],
        "employer_name": cat("employer_name", np.where(kind == 0, np.asarray(names)[row_of], None)),
        "employer_type": other,
        "monthly_wage": np.where(kind == 0, monthly, 0),
        "pension": np.where(kind == 1, monthly // 2, 0),
        "unemployment_benefit": np.where(kind == 2, 150_000, 0),
    })


def bank(rng: np.random.Generator, who: np.ndarray, profile: dict, as_of: np.datetime64) -> pd.DataFrame:
    """Deposit and investment accounts (Poisson count per person)."""
    owner = np.repeat(who, rng.poisson(profile["accounts"], len(who)))
    n = len(owner)
    month_end = (as_of.astype("datetime64[M]") - rng.integers(0, 3, n)).astype("datetime64[D]") - 1
    return pd.DataFrame({
        "person": owner, "institution": pick("institution", rng, n),
        "product_type": pick("product_type", rng, n, [0.55, 0.25, 0.1, 0.04, 0.03, 0.03]),
        "balance": _yuan(rng, profile["balance"], n, 1.1),
        "as_of": month_end,
    })


def vehicles(rng: np.random.Generator, who: np.ndarray, profile: dict, as_of: np.datetime64) -> pd.DataFrame:
    """Motor vehicles for a share of people; a mix of types and statuses."""
    owner = who[rng.random(len(who)) < profile["vehicle"]]
    n = len(owner)
    return pd.DataFrame({
        "person": owner, "plate": rng.integers(0, 10**7, n),
        "vehicle_type": pick("vehicle_type", rng, n, [0.45, 0.08, 0.05, 0.07, 0.2, 0.1, 0.05]),
        "registered_on": as_of - rng.integers(30, 20 * 365, n),
        "status": pick("vehicle_status", rng, n, [0.8, 0.1, 0.08, 0.02]),
    })


def business(rng: np.random.Generator, who: np.ndarray, profile: dict) -> pd.DataFrame:
    """Enterprise roles, closed (注销/吊销) ones included, sole traders above the capital limit too."""
    owner = who[rng.random(len(who)) < profile["business"]]
    n = len(owner)
    role = pick("role", rng, n, [0.3, 0.3, 0.4])
    capital = np.where(np.asarray(role) == "个体工商户经营者", rng.integers(1, 16, n) * 1_000_000,
                       rng.integers(1, 500, n) * 10_000_000)
    status = pick("business_status", rng, n, [0.7, 0.2, 0.1])
    return pd.DataFrame({"person": owner, "enterprise_name": pick("enterprise_name", rng, n),
                         "role": role, "registered_capital": capital,
                         "status": cat("business_status", status)})
