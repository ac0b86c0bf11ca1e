"""The auditors' case loop end to end: two nights with decisions in between (contract §5).

Night 1 flags the sample drop; auditors export the cases, decide four of them
(a GB18030 CSV with Chinese state labels), import twice, notify and later
confirm one; night 2 runs on a changed drop. Then the states, what changed,
the exits and the workbook round trip are checked, each in its own test.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from flows.cli import main
from tests.flows.test_history_and_schedules import _edit_gb18030_csv, _evidence_ids

SAMPLE_DROP = Path(__file__).resolve().parents[2] / "sample_data" / "drop"
AS_OF = "2026-11-30"


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _review(*args: str) -> int:
    return main(["review", *args])


def _decide(export: pd.DataFrame, decisions: dict[tuple[str, str], tuple[str, str]]) -> pd.DataFrame:
    """The export with (state, decided_on) filled in for the given cases, the rest left as exported."""
    sheet = export.copy()
    for (household, rule), (state, day) in decisions.items():
        row = (sheet.household_id == household) & (sheet.rule_id == rule)
        assert row.sum() == 1, (household, rule)
        sheet.loc[row, ["state", "decided_on", "reviewer"]] = [state, day, "王审核"]
    return sheet


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory, prefect_api: None) -> dict:
    """Two nights with decisions in between; returns the paths and the chosen cases."""
    base = tmp_path_factory.mktemp("loop")
    drop, root = base / "drop", base / "root"
    shutil.copytree(SAMPLE_DROP, drop)
    assert main(["run", "--input", str(drop), "--output", str(root / "night1"), "--as-of", AS_OF]) == 0
    flags = _csv(root / "night1" / "flags.csv")
    sold, sold_vehicles = _evidence_ids(flags, "VEHICLE_OWNED")
    richer, accounts = _evidence_ids(flags, "FINANCIAL_ASSETS_OVER_LIMIT")
    taken = {sold, richer}
    others = flags[~flags.household_id.isin(taken)].drop_duplicates("household_id")
    notified, wrong = others.iloc[0], others.iloc[1]
    cases = {"sold": (sold, "VEHICLE_OWNED"), "richer": (richer, "FINANCIAL_ASSETS_OVER_LIMIT"),
             "notified": (notified.household_id, notified.rule_id), "wrong": (wrong.household_id, wrong.rule_id)}

    assert _review("export", "--output-root", str(root), "--to", str(base / "export1.csv")) == 0
    first = _decide(_csv(base / "export1.csv"), {
        cases["sold"]: ("核实中", "2026-11-30"), cases["richer"]: ("已核实-符合", "2026-11-30"),
        cases["notified"]: ("已告知", "2026-10-15"), cases["wrong"]: ("误报", "2026-11-30")})
    first.to_csv(base / "decisions1.csv", index=False, encoding="gb18030")
    assert _review("import", str(base / "decisions1.csv"), "--output-root", str(root)) == 0
    assert _review("import", str(base / "decisions1.csv"), "--output-root", str(root)) == 0  # nothing new

    assert _review("export", "--output-root", str(root), "--to", str(base / "export2.csv")) == 0
    early = _decide(_csv(base / "export2.csv"), {cases["notified"]: ("confirmed_ineligible", "2026-11-01")})
    early.to_csv(base / "early.csv", index=False, encoding="utf-8-sig")
    early_exit = _review("import", str(base / "early.csv"), "--output-root", str(root))
    confirmed = _decide(_csv(base / "export2.csv"), {cases["notified"]: ("confirmed_ineligible", "2026-11-20")})
    confirmed.to_csv(base / "confirm.csv", index=False, encoding="utf-8-sig")
    assert _review("import", str(base / "confirm.csv"), "--output-root", str(root)) == 0

    def sell(vehicles: pd.DataFrame) -> pd.DataFrame:
        vehicles.loc[vehicles.record_id.isin(sold_vehicles), "status"] = "注销"
        return vehicles

    def grow(bank: pd.DataFrame) -> pd.DataFrame:
        bank.loc[bank.record_id == accounts[0], "balance"] = "9999999.00"
        return bank

    _edit_gb18030_csv(drop / "vehicles.csv", sell)
    _edit_gb18030_csv(drop / "bank.csv", grow)
    assert main(["run", "--input", str(drop), "--output", str(root / "night2"), "--as-of", AS_OF]) == 0
    return {"base": base, "root": root, "night2": root / "night2", "cases": cases, "accounts": accounts,
            "early_exit": early_exit}


def _decision_count(root: Path) -> int:
    with duckdb.connect(str(root / "hecha-history.duckdb"), read_only=True) as con:
        return con.execute("SELECT count(*) FROM decisions").fetchall()[0][0]


def _state(folder: Path, case: tuple[str, str]) -> str:
    flags = _csv(folder / "flags.csv").set_index(["household_id", "rule_id"])
    return flags.loc[case, "state"]


def test_flags_carry_a_fingerprint_and_a_state(loop: dict) -> None:
    flags = _csv(loop["root"] / "night1" / "flags.csv")
    assert list(flags.columns[-2:]) == ["fingerprint", "state"]
    assert flags.fingerprint.str.fullmatch(r"[0-9a-f]{64}").all() and set(flags.state) == {"to_verify"}


def test_importing_the_same_file_twice_records_each_decision_once(loop: dict) -> None:
    assert _decision_count(loop["root"]) == 5  # four from the first file, one confirmation


def test_an_early_confirmation_is_refused_whole(loop: dict) -> None:
    assert loop["early_exit"] == 2


def test_night_two_carries_the_decisions_whose_evidence_is_unchanged(loop: dict) -> None:
    cases, night2 = loop["cases"], loop["night2"]
    assert _state(night2, cases["wrong"]) == "false_match"
    assert _state(night2, cases["notified"]) == "confirmed_ineligible"


def test_changed_evidence_reopens_the_case_and_says_what_changed(loop: dict) -> None:
    changes = _csv(loop["night2"] / "changes.csv").set_index(["household_id", "rule_id"])
    reopened = changes.loc[loop["cases"]["richer"]]
    assert (reopened["case"], reopened["state_before"], reopened["state_now"]) == \
        ("reopened", "confirmed_eligible", "to_verify")
    assert _state(loop["night2"], loop["cases"]["richer"]) == "to_verify"
    report = (loop["night2"] / "report.html").read_text(encoding="utf-8")
    assert f"bank:{loop['accounts'][0]}" in report


def test_a_decided_case_whose_flag_stopped_firing_is_resolved(loop: dict) -> None:
    changes = _csv(loop["night2"] / "changes.csv").set_index(["household_id", "rule_id"])
    gone = changes.loc[loop["cases"]["sold"]]
    assert (gone["change"], gone["case"], gone["state_before"]) == ("resolved", "resolved", "verifying")
    manifest = json.loads((loop["night2"] / "manifest.json").read_text(encoding="utf-8"))
    counted = changes["case"].value_counts()
    for kind in ("carried", "reopened", "resolved"):
        assert manifest["cases"][kind] == counted.get(kind, 0), kind
    assert manifest["cases"]["by_state"]["confirmed_ineligible"] == 1


def test_exits_list_the_confirmed_ineligible_household(loop: dict) -> None:
    exits = _csv(loop["night2"] / "exits.csv")
    household, rule = loop["cases"]["notified"]
    assert exits[["household_id", "rule_ids", "decided_on", "reviewers"]].values.tolist() == \
        [[household, rule, "2026-11-20", "王审核"]]


def test_the_workbook_case_sheet_goes_back_in(loop: dict) -> None:
    book = openpyxl.load_workbook(loop["night2"] / "report.xlsx")
    sheet = next(ws for ws in book.worksheets if ws.title.endswith("cases"))
    header = {str(cell.value).split()[-1]: cell.column for cell in sheet[1] if cell.value}
    row = next(r for r in range(2, sheet.max_row + 1)
               if str(sheet.cell(r, header["state"]).value).endswith("to_verify"))
    case = (sheet.cell(row, header["household_id"]).value, sheet.cell(row, header["rule_id"]).value)
    sheet.cell(row, header["state"]).value = "核实中 verifying"
    sheet.cell(row, header["reviewer"]).value = "李核查"
    book.save(loop["base"] / "filled.xlsx")
    before = _decision_count(loop["root"])
    assert _review("import", str(loop["base"] / "filled.xlsx"), "--output-root", str(loop["root"])) == 0
    assert _decision_count(loop["root"]) == before + 1
    assert _review("export", "--output-root", str(loop["root"]), "--to", str(loop["base"] / "export3.csv")) == 0
    export = _csv(loop["base"] / "export3.csv").set_index(["household_id", "rule_id"])
    assert export.loc[case, ["state", "last_reviewer"]].tolist() == ["verifying", "李核查"]


def test_a_bad_file_is_refused_with_one_error_line_and_nothing_recorded(
        loop: dict, capsys: pytest.CaptureFixture[str]) -> None:
    assert _review("export", "--output-root", str(loop["root"]), "--to", str(loop["base"] / "export4.csv")) == 0
    export = _csv(loop["base"] / "export4.csv")
    export = export[export.state == "to_verify"].head(3).reset_index(drop=True)
    export["state"] = ["verifying", "closed", "verifying"]
    export.loc[2, "fingerprint"] = "0" * 64
    export.to_csv(loop["base"] / "bad.csv", index=False, encoding="utf-8-sig")
    before = _decision_count(loop["root"])
    capsys.readouterr()
    assert _review("import", str(loop["base"] / "bad.csv"), "--output-root", str(loop["root"]),
                   "--reviewer", "王审核") == 2
    err = capsys.readouterr().err
    assert err.count("Error:") == 1 and "Traceback" not in err
    assert "row 3, column state, value 'closed': unknown state" in err
    assert "row 4, column fingerprint" in err and "the evidence changed" in err
    assert _decision_count(loop["root"]) == before


def test_runs_show_the_output_folder_and_mark_a_missing_one(loop: dict, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.history import HISTORY_FILE, list_runs

    runs = list_runs(loop["root"] / HISTORY_FILE)
    assert runs.output_dir.tolist() == [str(loop["night2"].resolve()), str((loop["root"] / "night1").resolve())]
    assert runs.flow_run_id.str.len().min() > 10 and set(runs.folder) == {"present"}
    shutil.rmtree(loop["root"] / "night1")
    assert list_runs(loop["root"] / HISTORY_FILE).folder.tolist() == ["present", "missing"]


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_a_damaged_decision_file_never_half_imports(loop: dict, damage: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _review("export", "--output-root", str(loop["root"]), "--to", str(loop["base"] / "export5.csv")) == 0
    sheet = _csv(loop["base"] / "export5.csv")
    sheet["state"], sheet["reviewer"] = "核实中", "王审核"
    sheet.to_csv(loop["base"] / "damaged.csv", index=False, encoding="utf-8-sig")
    data = (loop["base"] / "damaged.csv").read_bytes()
    damaged = data[:-3] if damage == "cut" else data[: len(data) // 2] + b"\x00\xff\xfe" * 50
    (loop["base"] / "damaged.csv").write_bytes(damaged)
    before = _decision_count(loop["root"])
    capsys.readouterr()
    assert _review("import", str(loop["base"] / "damaged.csv"), "--output-root", str(loop["root"])) == 2
    assert capsys.readouterr().err.count("Error:") == 1
    assert _decision_count(loop["root"]) == before
