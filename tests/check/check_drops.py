"""The on-demand check tests' drop and register: a generated drop (a seed the sample never used),
its run, and the run's register as §6 JSON. A module of its own (not conftest) so that tests and
``benchmarks/check_load.py`` import it by a name no other test folder uses."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sample_data"))

AS_OF = date(2026, 11, 30)
SEED = 770077
HOUSEHOLDS = 90


def make_drop(folder: Path, households: int, seed: int) -> Path:
    """A generated drop written as the agencies would send it (``folder/drop``)."""
    from gen import build_drop, write_drop

    write_drop(build_drop(households, seed, AS_OF), folder)
    return folder / "drop"


def run(drop: Path, output: Path, *extra: str) -> None:
    """``hecha run`` of ``drop`` into ``output`` (its parent is the output root)."""
    from flows.cli import main

    assert main(["run", "--input", str(drop), "--output", str(output), "--as-of", AS_OF.isoformat(), *extra]) == 0


def register(root: Path) -> list[dict]:
    """Every household of the run's register as §6 JSON, values as text the way a file carries them."""
    with duckdb.connect(str(root / "hecha-data-run.duckdb"), read_only=True) as con:
        households = con.sql("""SELECT household_id, region_code, category, strftime(registered_on, '%Y-%m-%d'),
                                       CAST(declared_monthly_income AS VARCHAR) FROM stg_households
                                ORDER BY household_id""").fetchall()
        members = con.sql("""SELECT household_id, CAST(member_no AS VARCHAR), relation, name, id_number, gender,
                                    strftime(birth_date, '%Y-%m-%d') FROM stg_members
                             ORDER BY household_id, member_no""").fetchall()
    fields = ("member_no", "relation", "name", "id_number", "gender", "birth_date")
    by_household: dict[str, list[dict]] = {}
    for household_id, *values in members:
        by_household.setdefault(household_id, []).append(
            {field: value for field, value in zip(fields, values) if value is not None})
    return [{"household_id": h, "region_code": region, "category": category, "registered_on": registered,
             "declared_monthly_income": income, "members": by_household.get(h, [])}
            for h, region, category, registered, income in households]
