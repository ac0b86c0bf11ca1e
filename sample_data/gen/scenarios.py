"""Targeted household scenarios: every rule of the reference set both firing and not.

Amounts are computed from the parameters in force, so the edge cases sit
exactly AT a limit (must not fire) or one cent above it (must fire). A scenario
household gets only its scenario's records (plus household registration).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

# scenario -> (rule it exercises, whether that rule should fire)
EXPECT = {
    "income_at_limit": ("INCOME_OVER_LIMIT", False), "income_cent_above": ("INCOME_OVER_LIMIT", True),
    "income_per_capita_cent_above": ("INCOME_OVER_LIMIT", True),
    "income_three_parts": ("INCOME_OVER_LIMIT", True), "income_earlier_only": ("INCOME_OVER_LIMIT", False),
    "assets_at_limit": ("FINANCIAL_ASSETS_OVER_LIMIT", False),
    "assets_cent_above": ("FINANCIAL_ASSETS_OVER_LIMIT", True),
    "vehicle_car": ("VEHICLE_OWNED", True), "vehicle_exempt": ("VEHICLE_OWNED", False),
    "vehicle_inactive": ("VEHICLE_OWNED", False),
    "home_joint": ("HOUSING_OVER_LIMIT", False), "home_two": ("HOUSING_OVER_LIMIT", True),
    "home_joint_plus_one": ("HOUSING_OVER_LIMIT", True), "home_commercial": ("HOUSING_OVER_LIMIT", True),
    "home_office": ("HOUSING_OVER_LIMIT", True), "home_parking": ("HOUSING_OVER_LIMIT", False),
    "biz_legal_rep": ("BUSINESS_OWNER", True), "biz_shareholder": ("BUSINESS_OWNER", True),
    "biz_closed": ("BUSINESS_OWNER", False), "biz_sole_at_limit": ("BUSINESS_OWNER", False),
    "biz_sole_cent_above": ("BUSINESS_OWNER", True),
    "public_organ": ("PUBLIC_SECTOR_EMPLOYEE", True), "public_institution": ("PUBLIC_SECTOR_EMPLOYEE", True),
    "public_earlier": ("PUBLIC_SECTOR_EMPLOYEE", False),
    "deceased_civil": ("MEMBER_DECEASED", True), "deceased_hukou": ("MEMBER_DECEASED", True),
    "hukou_moved": ("MEMBER_DECEASED", False), "dibao_only": ("MEMBER_DECEASED", False),
    "id_empty": ("IDENTITY_UNVERIFIED", True), "id_typo": ("IDENTITY_UNVERIFIED", True),
    "id_truncated": ("IDENTITY_UNVERIFIED", True), "no_hukou": ("IDENTITY_UNVERIFIED", True),
    "id_legacy": ("IDENTITY_UNVERIFIED", False), "id_spaced": ("IDENTITY_UNVERIFIED", False),
    "no_dibao_rich": ("INCOME_OVER_LIMIT", False),
}
SCENARIOS = list(EXPECT)
# identity scenarios: member 2's register ID form, and whether it has a hukou record
IDENTITY_SCENARIOS = {"id_empty": ("empty", True), "id_typo": ("typo", True),
                      "id_truncated": ("truncated", True), "no_hukou": ("clean", False),
                      "id_legacy": ("legacy_15", True), "id_spaced": ("spaces", True)}
HUKOU_STATUS = {"deceased_hukou": "死亡", "hukou_moved": "迁出"}


@dataclass
class Household:
    """What a scenario needs to know: members' persons, limits in cents, periods and dates."""

    persons: list[int]
    income_limit: int   # per-capita monthly income limit, cents
    asset_limit: int    # per-capita financial asset limit, cents
    capital_limit: int  # sole-trader capital limit, cents
    periods: np.ndarray
    as_of: np.datetime64
    next_cert: int

    @property
    def n(self) -> int:
        return len(self.persons)


def cents(amount: Decimal) -> int:
    """Yuan to integer cents, truncating below a cent (so an 'at limit' value never exceeds it)."""
    return int(amount * 100)


Record = tuple[str, dict]


def hr_record(h: Household, m: int, period, wage: int = 0, pension: int = 0, benefit: int = 0,
              kind: str = "企业", employer: str = "昆明市商贸有限公司") -> Record:
    """An hr row for member m (amounts in cents)."""
    return ("hr", dict(person=h.persons[m], period=period, employer_name=employer, employer_type=kind,
                       monthly_wage=wage, pension=pension, unemployment_benefit=benefit))


def bank_record(h: Household, m: int, balance: int, product: str = "活期") -> Record:
    """A bank account of member m (balance in cents)."""
    return ("bank", dict(person=h.persons[m], institution="中国农业银行", product_type=product,
                         balance=balance, as_of=h.as_of - 30))


def vehicle_record(h: Household, m: int, k: int, vtype: str, status: str = "正常") -> Record:
    """The k-th vehicle of the household, owned by member m."""
    plate = 9_000_000 + (3 * h.next_cert + k) % 999_999
    return ("vehicles", dict(person=h.persons[m], plate=plate, vehicle_type=vtype,
                             registered_on=h.as_of - 2000, status=status))


def title_records(h: Household, holders: list[int], usage: str, cert_offset: int = 0) -> list[Record]:
    """One property title held by the given members (one record each, one cert_no)."""
    return [("housing", dict(person=h.persons[m], cert=h.next_cert + cert_offset, usage=usage,
                             area=8650, acquired_on=h.as_of - 3000)) for m in holders]


def role_record(h: Household, m: int, role: str, status: str = "存续", capital: int = 50_000_000) -> Record:
    """An enterprise role of member m (capital in cents)."""
    return ("business", dict(person=h.persons[m], enterprise_name="昆明商贸有限公司", role=role,
                             registered_capital=capital, status=status))


def civil_record(h: Household, m: int, rtype: str, amount: int = -1) -> Record:
    """A civil-affairs event of member m (amount -1: none)."""
    return ("civil_affairs", dict(person=h.persons[m], record_type=rtype, event_date=h.as_of - 90,
                                  amount=amount))
