"""Fixtures for the data_contracts tests: one valid row per source, and staging
that checks the ledger identity (received = accepted + quarantined) every time."""

from __future__ import annotations

import pandas as pd
import pytest

from data_contracts import StagedSource, stage_source

_PERSON = {"record_id": "R1", "id_number": "530102199001011234", "name": "张三"}
VALID = {
    "households": {"household_id": "H1", "region_code": "530100", "category": "深度困难",
                   "registered_on": "2023-05-01", "declared_monthly_income": "1200.50"},
    "members": {"household_id": "H1", "member_no": "1", "relation": "本人", "name": "张三",
                "id_number": "530102199001011234", "gender": "男", "birth_date": "1990-01-01"},
    "hukou": {**_PERSON, "former_name": "张小三", "region_code": "530102", "status": "正常"},
    "vehicles": {**_PERSON, "plate_no": "云A12345", "vehicle_type": "小型轿车",
                 "registered_on": "2020-06-30", "status": "正常"},
    "hr": {**_PERSON, "period": "2024-12", "employer_name": "某公司", "employer_type": "企业",
           "monthly_wage": "3,500.00", "pension": "0", "unemployment_benefit": "0"},
    "bank": {**_PERSON, "institution": "某银行", "product_type": "活期", "balance": "10000",
             "as_of": "2024-12-31"},
    "housing": {**_PERSON, "cert_no": "云(2020)昆明市不动产权第0001号", "usage": "住宅",
                "area_m2": "89.5", "acquired_on": "2015-03-01"},
    "civil_affairs": {**_PERSON, "record_type": "低保", "event_date": "2024-01-01", "amount": "880"},
    "business": {**_PERSON, "enterprise_name": "某商店", "role": "个体工商户经营者",
                 "registered_capital": "50000", "status": "存续"},
}


def _rows(source: str, *changes: dict[str, str]) -> pd.DataFrame:
    """A text frame of one valid row per change (its key made unique)."""
    frame = []
    for number, change in enumerate(changes or ({},), start=1):
        row = dict(VALID[source])
        if "record_id" in row:
            row["record_id"] = f"R{number}"
        if source == "households":
            row["household_id"] = f"H{number}"
        if source == "members":
            row["member_no"] = str(number)
        frame.append({**row, **change})
    return pd.DataFrame(frame, dtype="string")


@pytest.fixture
def stage():
    """stage_source that also asserts the ledger identity on its result."""
    def run(source: str, raw: pd.DataFrame, **kwargs) -> StagedSource:
        staged = stage_source(source, raw, **kwargs)
        assert staged.received == len(raw) == staged.accepted_count + staged.quarantined_count
        assert list(staged.quarantine.columns) == [*raw.columns, "_row", "_reason"]
        return staged
    return run


@pytest.fixture
def make_rows():
    """Build a raw text frame: make_rows(source, {column: text}, ...)."""
    return _rows


@pytest.fixture
def valid():
    """The valid row of each source."""
    return VALID
