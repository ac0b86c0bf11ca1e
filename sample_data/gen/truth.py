"""Ground truth: which records belong to which member, and which rules must fire.

Computed on the true identities over accepted rows only, with its own plain
reading of the reference rules: exact Decimal/integer-cent arithmetic, and
"exceeds" is strict.
"""
from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from .noise import labels
from .population import DECOY_KINDS
from .render import Rendered
from .world import World

DISCRETE_RULES = ["VEHICLE_OWNED", "HOUSING_OVER_LIMIT", "BUSINESS_OWNER", "PUBLIC_SECTOR_EMPLOYEE",
                  "MEMBER_DECEASED"]


def linked(world: World, r: Rendered, accepted: np.ndarray) -> pd.DataFrame:
    """Accepted rows of one source that belong to an accepted member, with hh and member index."""
    member = world.people.member_row[r.person]
    ok = accepted & (member >= 0)
    ok[ok] = ~world.members["dup_victim"].to_numpy()[member[ok]]
    frame = r.frame[ok].copy()
    frame["member"] = member[ok]
    frame["hh"] = world.members["hh"].to_numpy()[member[ok]]
    frame["record_id"] = r.columns["record_id"].filter(ok).to_numpy(zero_copy_only=False)
    frame["noise"] = labels(r.id_code[ok], r.name_code[ok])
    return frame


def _discrete(world: World, links: dict[str, pd.DataFrame], latest) -> dict[str, set[int]]:
    """Households for each rule that fires on a single qualifying record (or distinct titles)."""
    p = world.params
    v, h, b, w = links["vehicles"], links["housing"], links["business"], links["hr"]
    car = v[(v["status"] == "正常") & ~v["vehicle_type"].isin(p.exempt_vehicle_types)]
    homes = h[h["usage"] == "住宅"].groupby("hh")["cert"].nunique()
    owner = (b["status"] == "存续") & (
        b["role"].isin(["法定代表人", "股东"])
        | ((b["role"] == "个体工商户经营者") & (b["registered_capital"] > int(p.sole_trader_capital_limit * 100))))
    dead = pd.concat([links["civil_affairs"].query("record_type == '死亡'")["hh"],
                      links["hukou"].query("status == '死亡'")["hh"]])
    return {
        "VEHICLE_OWNED": set(car["hh"]),
        "HOUSING_OVER_LIMIT": set(homes[homes >= p.max_residences + 1].index)
        | set(h[h["usage"].isin(["商业", "办公"])]["hh"]),
        "BUSINESS_OWNER": set(b[owner]["hh"]),
        "PUBLIC_SECTOR_EMPLOYEE": set(w[(w["period"] == latest) & w["employer_type"].isin(["机关", "事业单位"])]["hh"]),
        "MEMBER_DECEASED": set(dead),
    }


def latest_period(rendered: dict[str, Rendered], accepted: dict[str, np.ndarray]):
    """The latest period present among the accepted rows of the hr file."""
    return rendered["hr"].frame["period"][accepted["hr"]].max()


def _over(totals: pd.Series, size: pd.Series, limit_of: dict[int, Decimal]) -> set[int]:
    """Households whose per-capita total (cents) strictly exceeds their per-capita limit (yuan)."""
    return {hh for hh, total in totals.items()
            if hh in limit_of and Decimal(int(total)) > size[hh] * limit_of[hh] * 100}


def flags(world: World, links: dict[str, pd.DataFrame], latest) -> pd.DataFrame:
    """(household_id, rule_id) pairs that must fire, sorted; latest is the hr file's latest period."""
    p, hh_frame, members = world.params, world.households, world.members
    size = members[~members["dup_victim"]].groupby("hh").size()
    category = hh_frame["category"].to_numpy()
    dibao = {hh: p.dibao(region) for hh, region in enumerate(hh_frame["region_code"])}
    judged = {hh: d for hh, d in dibao.items() if d is not None}
    income_limit = {hh: d * p.income_multiplier[category[hh]] for hh, d in judged.items()}
    w = links["hr"][links["hr"]["period"] == latest]
    income = (w["monthly_wage"] + w["pension"] + w["unemployment_benefit"]).groupby(w["hh"]).sum()
    assets = links["bank"].groupby("hh")["balance"].sum()
    fired = {"INCOME_OVER_LIMIT": _over(income, size, income_limit),
             "FINANCIAL_ASSETS_OVER_LIMIT": _over(assets, size, {hh: d * p.asset_months for hh, d in judged.items()}),
             **_discrete(world, links, latest)}
    with_hukou = set(links["hukou"]["member"])
    ok = members[~members["dup_victim"]]
    unverified = ~ok["id_valid"] | ~ok["person"].isin(with_hukou)
    fired["IDENTITY_UNVERIFIED"] = set(ok[unverified]["hh"])
    household_id = hh_frame["household_id"].to_numpy()
    rows = [(household_id[hh], rule) for rule, hhs in fired.items() for hh in hhs]
    return pd.DataFrame(rows, columns=["household_id", "rule_id"]).sort_values(["household_id", "rule_id"])


def link_table(world: World, links: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every accepted agency record that truly belongs to a member, with its noise."""
    parts = []
    for source, f in links.items():
        parts.append(pd.DataFrame({"source": source, "record_id": f["record_id"],
                                   "household_id": world.members["household_id"].to_numpy()[f["member"]],
                                   "member_no": world.members["member_no"].to_numpy()[f["member"]],
                                   "noise": f["noise"]}))
    return pd.concat(parts, ignore_index=True).sort_values(["source", "record_id"])


def decoy_table(world: World, rendered: dict[str, Rendered], accepted: dict[str, np.ndarray]) -> pd.DataFrame:
    """Accepted records of decoy people, with the decoy kind."""
    parts = []
    for source, r in rendered.items():
        kind = world.people.decoy[r.person]
        ok = accepted[source] & (kind > 0)
        parts.append(pd.DataFrame({"source": source,
                                   "record_id": r.columns["record_id"].filter(ok).to_numpy(zero_copy_only=False),
                                   "kind": np.array(DECOY_KINDS, dtype=object)[kind[ok]]}))
    return pd.concat(parts, ignore_index=True).sort_values(["source", "record_id"])


def data_problems(world: World) -> pd.DataFrame:
    """Households whose region has no dibao value at any level (income and asset rules not judged)."""
    h = world.households
    missing = h[[world.params.dibao(r) is None for r in h["region_code"]]]
    return pd.DataFrame({"household_id": missing["household_id"],
                         "problem": "no dibao value for region " + missing["region_code"] + " at any level"})
