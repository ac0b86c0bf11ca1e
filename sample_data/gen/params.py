"""Reference parameters in force on a date, read straight from the rule set's YAML.

The generator is an independent oracle: it reads the same published parameter
files as the rules stage but resolves them with its own code, so a bug in one
implementation shows up as a disagreement with the other.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

PARAMETER_DIR = Path(__file__).resolve().parents[2] / "rules" / "reference" / "parameters"


@dataclass(frozen=True)
class Parameters:
    """Every reference parameter resolved for one as-of date (money in Decimal yuan)."""

    as_of: dt.date
    dibao_table: dict[str, Decimal]
    income_multiplier: dict[str, Decimal]
    asset_months: int
    exempt_vehicle_types: frozenset[str]
    max_residences: int
    sole_trader_capital_limit: Decimal

    def dibao(self, region_code: str) -> Decimal | None:
        """Dibao for a region: county, then prefecture (XXXX00), then province (XX0000)."""
        for code in (region_code, region_code[:4] + "00", region_code[:2] + "0000"):
            if code in self.dibao_table:
                return self.dibao_table[code]
        return None


def _in_force(dated: dict, as_of: dt.date):
    """Value of the latest effective date on or before as_of (None if none yet)."""
    dates = sorted(d for d in dated if isinstance(d, dt.date) and d <= as_of)
    return dated[dates[-1]] if dates else None


def _values(name: str, directory: Path) -> dict:
    """The `values` mapping of one parameter file."""
    with open(directory / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["values"]


def load_parameters(as_of: dt.date, directory: Path = PARAMETER_DIR) -> Parameters:
    """Resolve every reference parameter in force on as_of."""
    def scalar(name: str):
        return _in_force(_values(name, directory), as_of)

    def keyed(name: str) -> dict[str, Decimal]:
        resolved = {str(k): _in_force(v, as_of) for k, v in _values(name, directory).items()}
        return {k: Decimal(str(v)) for k, v in resolved.items() if v is not None}

    return Parameters(
        as_of=as_of,
        dibao_table=keyed("dibao"),
        income_multiplier=keyed("income_multiplier"),
        asset_months=int(scalar("asset_months")),
        exempt_vehicle_types=frozenset(scalar("exempt_vehicle_types")),
        max_residences=int(scalar("max_residences")),
        sole_trader_capital_limit=Decimal(str(scalar("sole_trader_capital_limit"))),
    )
