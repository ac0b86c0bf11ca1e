"""The records each scenario household holds (see `scenarios.EXPECT` for the intent).

Member 0 is the 本人, member 1 the second member; every scenario household has
at least two members.
"""
from __future__ import annotations

from .scenarios import Household, Record
from .scenarios import bank_record as bank
from .scenarios import civil_record as civil
from .scenarios import hr_record as hr_
from .scenarios import role_record as role
from .scenarios import title_records as home
from .scenarios import vehicle_record as car


def _income(h: Household, name: str) -> list[Record]:
    latest, earlier = h.periods[-1], h.periods[:-1]
    limit = h.n * h.income_limit
    if name == "income_at_limit":
        pension = limit // 3 // 100 * 100
        return [hr_(h, 0, latest, wage=limit - pension), hr_(h, 1, latest, pension=pension)] + \
               [hr_(h, 0, p, wage=2 * limit) for p in earlier]
    if name == "income_cent_above":
        return [hr_(h, 0, latest, wage=limit + 1)] + [hr_(h, 0, p, wage=limit // 2) for p in earlier]
    if name == "income_per_capita_cent_above":
        total = h.n * (h.income_limit + 1)
        return [hr_(h, 0, latest, wage=total - total // 4), hr_(h, 1, latest, benefit=total // 4, kind="其他")]
    if name == "income_three_parts":
        part = (limit + 300) // 3
        return [hr_(h, 0, latest, wage=part),
                hr_(h, 1, latest, pension=part, benefit=limit + 300 - 2 * part, kind="其他")]
    return [hr_(h, 0, p, wage=10 * limit) for p in earlier]          # income_earlier_only


def _assets(h: Household, name: str) -> list[Record]:
    total = h.n * h.asset_limit + (1 if name == "assets_cent_above" else 0)
    first = total // 3 // 100 * 100
    return [bank(h, 0, first), bank(h, 0, first, "定期"), bank(h, 1, total - 2 * first, "理财")]


def _vehicles(h: Household, name: str) -> list[Record]:
    if name == "vehicle_car":
        return [car(h, 0, 0, "小型轿车")]
    if name == "vehicle_exempt":
        return [car(h, 0, 0, "二轮摩托车"), car(h, 1, 1, "残疾人机动轮椅车"), car(h, 0, 2, "三轮摩托车")]
    return [car(h, 0, 0, "小型轿车", "注销"), car(h, 1, 1, "中型货车", "报废"),
            car(h, 0, 2, "小型轿车", "被盗抢")]


def _housing(h: Household, name: str) -> list[Record]:
    recipes = {
        "home_joint": home(h, [0, 1], "住宅") + home(h, [1], "车位", 1),
        "home_two": home(h, [0], "住宅") + home(h, [1], "住宅", 1),
        "home_joint_plus_one": home(h, [0, 1], "住宅") + home(h, [0], "住宅", 1),
        "home_commercial": home(h, [0], "商业"),
        "home_office": home(h, [1], "办公"),
        "home_parking": home(h, [0], "住宅") + home(h, [0], "车位", 1) + home(h, [1], "其他", 2),
    }
    return recipes[name]


def _business(h: Household, name: str) -> list[Record]:
    recipes = {
        "biz_legal_rep": [role(h, 0, "法定代表人")],
        "biz_shareholder": [role(h, 1, "股东")],
        "biz_closed": [role(h, 0, "股东", "注销"), role(h, 1, "法定代表人", "吊销"),
                       role(h, 0, "个体工商户经营者", "注销", capital=h.capital_limit * 50)],
        "biz_sole_at_limit": [role(h, 0, "个体工商户经营者", capital=h.capital_limit)],
        "biz_sole_cent_above": [role(h, 0, "个体工商户经营者", capital=h.capital_limit + 1)],
    }
    return recipes[name]


def _public(h: Household, name: str) -> list[Record]:
    latest, earlier = h.periods[-1], h.periods[:-1]
    if name == "public_organ":
        return [hr_(h, 0, p, wage=120_000, kind="机关", employer="昆明市税务局") for p in h.periods]
    if name == "public_institution":
        return [hr_(h, 1, latest, wage=120_000, kind="事业单位", employer="大理市人民医院")]
    return [hr_(h, 0, p, wage=120_000, kind="事业单位", employer="大理市第一中学") for p in earlier[:-1]] + \
           [hr_(h, 0, latest, wage=120_000)]


def _other(h: Household, name: str) -> list[Record]:
    if name == "deceased_civil":
        return [civil(h, 1, "死亡")]
    if name == "dibao_only":
        return [civil(h, 0, "低保", 52_000)]
    if name == "no_dibao_rich":
        return [hr_(h, 0, h.periods[-1], wage=5_000_000), bank(h, 0, 100_000_000, "定期")]
    return []                                                          # identity and hukou scenarios


FAMILIES = {"income": _income, "assets": _assets, "vehicle": _vehicles, "home": _housing,
            "biz": _business, "public": _public}


def scenario_records(name: str, h: Household) -> list[Record]:
    """(source, typed row) pairs for one scenario household."""
    family = FAMILIES.get(name.split("_")[0], _other)
    return family(h, name)
