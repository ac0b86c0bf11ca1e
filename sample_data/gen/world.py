"""The whole synthetic world: register, population and every agency's typed records.

Members of scenario households hold only their scenario's records; everyone
else gets everyday records from the vectorised builders; decoys additionally
hold exactly the kind of records a false link would turn into a flag.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import registry
from .everyday import everyday_frames
from .households import build_households, build_members, identity_truth
from .params import Parameters, load_parameters
from .population import Population, build_population
from .recipes import scenario_records
from .scenarios import HUKOU_STATUS, Household, cents
from .schema import ENUM_POOL, cat

HISTORY_MONTHS = 6


@dataclass
class World:
    """Everything the drop and its truth are rendered from."""

    params: Parameters
    households: pd.DataFrame
    members: pd.DataFrame
    people: Population
    frames: dict[str, pd.DataFrame]


def typed(source: str, rows: list[dict]) -> pd.DataFrame:
    """A typed frame from scenario rows, enumerations as the pools' categoricals."""
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if (source, column) in ENUM_POOL:
            frame[column] = cat(ENUM_POOL[source, column], frame[column].to_numpy(dtype=object))
    return frame


def _scenario_frames(world: World, periods: np.ndarray, first_cert: int) -> dict[str, list[dict]]:
    """Records of every scenario household, grouped by source."""
    p, as_of = world.params, np.datetime64(world.params.as_of, "D")
    rows: dict[str, list[dict]] = {}
    scenario_hh = world.households[world.households["scenario"] != ""]
    by_household = world.members.groupby("hh").indices
    for k, (hh, row) in enumerate(scenario_hh.iterrows()):
        dibao = p.dibao(row["region_code"]) or 0
        h = Household(persons=list(by_household[hh]),
                      income_limit=cents(dibao * p.income_multiplier[row["category"]]),
                      asset_limit=cents(dibao * p.asset_months), capital_limit=cents(p.sole_trader_capital_limit),
                      periods=periods, as_of=as_of, next_cert=first_cert + 10 * k)
        for source, record in scenario_records(row["scenario"], h):
            rows.setdefault(source, []).append(record)
    return rows


def _decoy_rows(rng: np.random.Generator, people: Population, as_of: np.datetime64, first_cert: int) -> dict:
    """Tempting records for decoys: a car, a shop, savings or a company."""
    who = np.flatnonzero(people.decoy > 0)
    pick = rng.integers(0, 4, len(who))
    rows: dict[str, list[dict]] = {}
    for i, (person, k) in enumerate(zip(who, pick)):
        source, record = [
            ("vehicles", dict(plate=8_000_000 + i, vehicle_type="小型轿车", registered_on=as_of - 900, status="正常")),
            ("housing", dict(cert=first_cert + i, usage="商业", area=12000, acquired_on=as_of - 1500)),
            ("bank", dict(institution="中国银行", product_type="定期", balance=80_000_000, as_of=as_of - 30)),
            ("business", dict(enterprise_name="大理商贸有限公司", role="法定代表人",
                              registered_capital=100_000_000, status="存续")),
        ][k]
        rows.setdefault(source, []).append({"person": person, **record})
    return rows


def _status_and_events(rng: np.random.Generator, members: pd.DataFrame, people: Population,
                       as_of: np.datetime64) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Household registrations (with deaths and moves) and civil-affairs events."""
    n_members, n = len(members), len(people)
    status = np.where(rng.random(n) < 0.02, "死亡", np.where(rng.random(n) < 0.03, "迁出", "正常")).astype(object)
    ordinary = ((members["scenario"] == "") & members["id_valid"]).to_numpy()
    status[:n_members] = np.where(ordinary & (rng.random(n_members) < 0.003), "死亡", "正常")
    for scenario, value in HUKOU_STATUS.items():
        target = (members["scenario"].to_numpy() == scenario) & (members["member_no"].to_numpy() == 2)
        status[:n_members][target] = value
    dead = np.flatnonzero((status == "死亡") & ((np.arange(n) < n_members) | (rng.random(n) < 0.7)))
    heads = members["person"].to_numpy()[ordinary & (members["member_no"].to_numpy() == 1)]
    dibao = np.concatenate([heads[rng.random(len(heads)) < 0.2],
                            np.arange(n_members, n)[rng.random(n - n_members) < 0.03]])
    dead = dead[~np.isin(dead, members["person"].to_numpy()[~ordinary])]
    has_hukou = np.ones(n, dtype=bool)
    has_hukou[:n_members] = members["has_hukou"].to_numpy()
    who = np.flatnonzero(has_hukou)
    hukou = registry.hukou(rng, who, people.region[who], status[who])
    return hukou, registry.civil(rng, dibao, dead, as_of)


AGENCY_RATIO = 3
"""Non-members per member whom the agencies' everyday extracts (hr, bank, vehicles …) cover."""


def build_world(households_n: int, seed: int, as_of: dt.date, register_ratio: int = 3) -> World:
    """Generate the register, the population and every agency's typed records.

    The agencies' everyday records cover the members and three non-members per
    member; the police register (hukou) holds ``register_ratio`` non-members per
    member (at least three: the same people, and more of the local population
    whom no other agency's extract names)."""
    rng = np.random.default_rng(seed)
    params = load_parameters(as_of)
    households = build_households(rng, households_n, as_of)
    members = identity_truth(rng, build_members(rng, households, as_of))
    members["person"] = np.arange(len(members))
    people = build_population(rng, members, as_of, max(register_ratio, AGENCY_RATIO))
    world = World(params, households, members, people, {})
    day = np.datetime64(as_of, "D")
    periods = np.datetime64(as_of, "M") - np.arange(HISTORY_MONTHS, 0, -1)
    register_only = (max(register_ratio, AGENCY_RATIO) - AGENCY_RATIO) * len(members)
    parts = everyday_frames(rng, members, people, periods, day, 3_000_000, register_only)
    hukou, civil = _status_and_events(rng, members, people, day)
    parts.setdefault("hukou", []).append(hukou)
    parts.setdefault("civil_affairs", []).append(civil)
    extra = [_scenario_frames(world, periods, 1_000_000), _decoy_rows(rng, people, day, 2_000_000)]
    for rows in extra:
        for source, listed in rows.items():
            parts[source].append(typed(source, listed))
    world.frames = {s: pd.concat(p, ignore_index=True) for s, p in parts.items()}
    return world
