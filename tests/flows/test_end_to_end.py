"""``hecha run`` on the bundled sample drop, end to end, through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from flows.cli import main
ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DROP = ROOT / "sample_data" / "drop"
SAMPLE_TRUTH = ROOT / "sample_data" / "truth"

AS_OF = "2026-11-30"


def test_run_writes_every_contract_output(sample_run: Path) -> None:
    for name in ["manifest.json", "matches.parquet", "flags.csv", "report.html", "report.xlsx"]:
        assert (sample_run / name).is_file(), name
    assert not list(sample_run.parent.glob(".out.*")), "no staging folder may be left behind"


def test_manifest_ledger_balances_for_every_source(sample_run: Path) -> None:
    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == AS_OF
    assert {"run_id", "started_at", "finished_at", "rules_version", "sources", "flags"} <= manifest.keys()
    assert len(manifest["sources"]) == 9
    for source, entry in manifest["sources"].items():
        assert entry["received"] == entry["accepted"] + entry["quarantined"], source
        assert len(entry["sha256"]) == 64


def test_quarantine_holds_exactly_the_injected_bad_rows(sample_run: Path) -> None:
    truth = pd.read_csv(SAMPLE_TRUTH / "quarantine.csv", dtype=str)
    for source, expected in truth.groupby("source"):
        quarantined = pd.read_csv(sample_run / "quarantine" / f"{source}.csv", dtype=str, encoding="utf-8-sig")
        assert set(quarantined["_row"]) == set(expected["_row"]), source
        assert quarantined["_reason"].str.len().min() > 0


def test_matches_parquet_has_contract_columns_and_values(sample_run: Path) -> None:
    matches = pq.read_table(sample_run / "matches.parquet").to_pandas()
    assert list(matches.columns) == ["source", "record_id", "household_id", "member_no", "method", "score", "decision"]
    assert set(matches["method"]) <= {"exact", "normalized", "fuzzy"}
    assert set(matches["decision"]) <= {"auto", "review"}
    assert matches["score"].between(0, 1).all()


def test_flags_csv_has_contract_columns_with_bom(sample_run: Path) -> None:
    raw = (sample_run / "flags.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    flags = pd.read_csv(sample_run / "flags.csv", dtype=str, encoding="utf-8-sig")
    assert list(flags.columns) == ["household_id", "rule_id", "status", "value", "threshold", "evidence",
                                   "fingerprint", "state"]
    assert set(flags["status"]) <= {"breach", "review"}
    assert "VEHICLE_OWNED" in set(flags["rule_id"])


def test_reports_never_show_an_unmasked_member_id(sample_run: Path) -> None:
    import data_contracts
    from openpyxl import load_workbook

    members_file = next(SAMPLE_DROP.glob("members.*"))
    ids = {i for i in data_contracts.read_extract("members", members_file)["id_number"].dropna() if len(i) >= 15}
    html = (sample_run / "report.html").read_text(encoding="utf-8")
    cells = "\n".join(
        str(cell) for sheet in load_workbook(sample_run / "report.xlsx", read_only=True)
        for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
    )
    assert ids, "the sample must have member IDs to look for"
    assert not [i for i in ids if i in html or i in cells]


def test_run_publishes_summary_and_flag_count_artifacts(sample_run: Path) -> None:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    async def latest(key: str):  # noqa: ANN202
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), sort=ArtifactSort.CREATED_DESC
            )
            return next(a for a in found if manifest["run_id"] in str(a.description))

    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    summary = asyncio.run(latest("hecha-run-summary"))
    assert manifest["run_id"] in summary.data and "VEHICLE_OWNED" in summary.data
    assert f"| to_verify | {manifest['cases']['by_state']['to_verify']} |" in summary.data
    table = asyncio.run(latest("hecha-flag-counts"))
    assert "VEHICLE_OWNED" in str(table.data)


def test_runs_lists_the_recorded_run(sample_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["runs", "--output-root", str(sample_run.parent)]) == 0
    assert manifest["run_id"] in capsys.readouterr().out


def test_manifest_flag_counts_match_flags_csv(sample_run: Path) -> None:
    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    flags = pd.read_csv(sample_run / "flags.csv", dtype=str, encoding="utf-8-sig")
    counted = flags.groupby(["rule_id", "status"]).size().to_dict()
    assert len(manifest["flags"]) == 8
    for rule_id, by_status in manifest["flags"].items():
        for status, n in by_status.items():
            assert counted.get((rule_id, status), 0) == n, (rule_id, status)
