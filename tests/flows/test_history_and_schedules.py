"""Run history, run-to-run changes, the nightly deployment and campaign snapshots."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pandas as pd
import pytest
from prefect.client.orchestration import get_client

from flows.changes import compare_flags, count_changes
from flows.cli import main
from flows.schedules import campaign_output, nightly_deployment
from flows.errors import UsageError

SAMPLE_DROP = Path(__file__).resolve().parents[2] / "sample_data" / "drop"
COLUMNS = ["household_id", "rule_id", "status", "value", "threshold", "evidence"]


def _flags(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


def test_compare_flags_finds_new_resolved_and_changed() -> None:
    before = _flags(("H1", "VEHICLE_OWNED", "breach", "1", "0", "vehicles:V1"),
                    ("H2", "INCOME_OVER_LIMIT", "breach", "900.00", "880.00", "hr:R1"),
                    ("H3", "MEMBER_DECEASED", "review", "1", "0", "hukou:P1"))
    now = _flags(("H2", "INCOME_OVER_LIMIT", "breach", "950.00", "880.00", "hr:R1"),
                 ("H3", "MEMBER_DECEASED", "review", "1", "0", "hukou:P1"),
                 ("H4", "VEHICLE_OWNED", "review", "1", "0", "vehicles:V9"))
    changes = compare_flags(before, now)
    assert changes[["change", "household_id"]].values.tolist() == [["resolved", "H1"], ["changed", "H2"], ["new", "H4"]]
    assert count_changes(changes) == {"new": 1, "resolved": 1, "changed": 1}


def test_first_run_has_no_changes() -> None:
    assert compare_flags(None, _flags(("H1", "VEHICLE_OWNED", "breach", "1", "0", "vehicles:V1"))).empty


def test_nightly_deployment_is_created_with_local_time_schedule(tmp_path: Path) -> None:
    deployment_id = nightly_deployment(tmp_path / "drop", tmp_path / "root", cron="30 1 * * *").apply()

    async def read() -> object:
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    deployment = asyncio.run(read())
    assert deployment.name == "nightly"
    schedule = deployment.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("30 1 * * *", "Asia/Shanghai")
    assert deployment.parameters["output_root"] == str((tmp_path / "root").resolve())


def test_campaign_snapshot_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "campaigns" / "2026-q4").mkdir(parents=True)
    with pytest.raises(UsageError, match="frozen snapshot"):
        campaign_output(tmp_path, "2026-q4")
    with pytest.raises(UsageError, match="campaign name"):
        campaign_output(tmp_path, "../escape")


def test_runs_lists_nothing_for_a_new_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "--output-root", str(tmp_path)]) == 0
    assert "no runs recorded yet" in capsys.readouterr().out


def _edit_gb18030_csv(path: Path, edit) -> None:  # noqa: ANN001 - edit(DataFrame) -> DataFrame
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="gb18030")
    edit(frame).to_csv(path, index=False, encoding="gb18030")


def _read_flags(output: Path) -> pd.DataFrame:
    return pd.read_csv(output / "flags.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _evidence_ids(flags: pd.DataFrame, rule_id: str) -> tuple[str, list[str]]:
    """A household breaching ``rule_id`` and the record ids its flag rests on."""
    row = flags[(flags.rule_id == rule_id) & (flags.status == "breach")].iloc[0]
    return row.household_id, [item.split(":", 1)[1] for item in row.evidence.split(";")]


def test_two_nights_report_new_resolved_and_changed_flags(drop_copy: Path, tmp_path: Path) -> None:
    import data_contracts

    first = tmp_path / "night1"
    assert main(["run", "--input", str(drop_copy), "--output", str(first), "--as-of", "2026-11-30"]) == 0
    flags = _read_flags(first)
    sold_household, sold_vehicles = _evidence_ids(flags, "VEHICLE_OWNED")
    richer_household, accounts = _evidence_ids(flags, "FINANCIAL_ASSETS_OVER_LIMIT")
    members = data_contracts.read_extract("members", next(drop_copy.glob("members.*")))
    flagged = set(flags.household_id)
    buyer = members[~members.household_id.isin(flagged) & (members.relation == "本人")
                    & members.id_number.str.fullmatch(r"\d{17}[\dX]", na=False)].iloc[0]

    def sell_and_buy(vehicles: pd.DataFrame) -> pd.DataFrame:
        vehicles.loc[vehicles.record_id.isin(sold_vehicles), "status"] = "注销"
        bought = {**vehicles.iloc[0].to_dict(), "record_id": "VH-NEW-1", "id_number": buyer.id_number,
                  "name": buyer["name"], "vehicle_type": "小型轿车", "status": "正常"}
        return pd.concat([vehicles, pd.DataFrame([bought])], ignore_index=True)

    def grow(bank: pd.DataFrame) -> pd.DataFrame:
        bank.loc[bank.record_id == accounts[0], "balance"] = "9999999.00"
        return bank

    _edit_gb18030_csv(drop_copy / "vehicles.csv", sell_and_buy)
    _edit_gb18030_csv(drop_copy / "bank.csv", grow)
    second = tmp_path / "night2"
    assert main(["run", "--input", str(drop_copy), "--output", str(second), "--as-of", "2026-11-30"]) == 0

    changes = pd.read_csv(second / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    found = set(map(tuple, changes[["change", "household_id", "rule_id"]].values))
    assert ("resolved", sold_household, "VEHICLE_OWNED") in found
    assert ("new", buyer.household_id, "VEHICLE_OWNED") in found
    assert ("changed", richer_household, "FINANCIAL_ASSETS_OVER_LIMIT") in found
    assert len(found) == 3, "nothing else changed between the two nights"
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["changes"] == {"new": 1, "resolved": 1, "changed": 1}


def test_campaign_snapshot_is_frozen_with_numbered_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.history import HISTORY_FILE, list_runs

    root = tmp_path / "root"
    args = ["campaign", "2026-q4", "--input", str(SAMPLE_DROP), "--output-root", str(root), "--as-of", "2026-11-30"]
    assert main(args) == 0
    snapshot = root / "campaigns" / "2026-q4"
    cases = pd.read_csv(snapshot / "cases.csv", dtype=str, encoding="utf-8-sig")
    flags = _read_flags(snapshot)
    assert list(cases.case_no[:2]) == ["2026-q4-00001", "2026-q4-00002"]
    assert set(cases.household_id) == set(flags.household_id)
    assert (snapshot / "flags.csv").stat().st_mode & 0o222 == 0
    assert main(args) == 2
    assert "frozen snapshot" in capsys.readouterr().err
    runs = list_runs(root / HISTORY_FILE)
    assert list(runs.kind) == ["campaign"]
