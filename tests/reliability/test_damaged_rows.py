"""Row-level faults in one damaged copy of the sample drop, run once: each costs only the rows it touches.

Damage (one kind per place, so each test asserts exactly its own outcome):
civil_affairs.csv gets quoted tricky values, a 1 MB field, mixed date formats,
a duplicated record_id, an agency ID in scientific notation and a last row cut
off mid-row; households.csv gets a second file's BOM and header in its middle;
vehicles.csv (GB18030, so GBK bytes after an ASCII start) gets an unknown
column; business is header only; one member's ID went through Excel as a number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from reliability_helpers import SAMPLE_DROP, Outcome, copy_sample, members_as_csv, run_hecha, write_members

SAMPLE_ROWS = 176  # civil_affairs.csv data rows in the sample
HOUSEHOLD_ROWS = 310
SECOND_HEADER_AT = 151  # the repeated header becomes this data row of households.csv
BIG_NAME = "张" * 350_000  # ≈1 MB of UTF-8
SCIENTIFIC = "5.30102E+17"
APPENDED = [  # (record_id, name, event_date, amount) after the sample's rows
    ("RX-QUOTED", '张\n"三",丰', "2024-01-05", "1,880.00"),
    ("RX-BIG", BIG_NAME, "2024-01-05", "880"),
    ("RX-COMPACT", "李四", "20240105", "880"),
    ("RX-SLASHED", "李四", "2024/01/05", "880"),
    ("RX-DOTTED", "李四", "2024.01.05", "880"),
    ("RX-DUP", "李四", "2024-01-05", "880"),
    ("RX-DUP", "王五", "2024-01-06", "880"),
    ("RX-SCI", "李四", "2024-01-05", "880"),
]
ROW_OF = {(record_id, name): SAMPLE_ROWS + i for i, (record_id, name, *_) in enumerate(APPENDED, start=1)}
CUT_ROW = SAMPLE_ROWS + len(APPENDED) + 1


def _quoted(*fields: str) -> str:
    return ",".join('"' + field.replace('"', '""') + '"' for field in fields) + "\n"


def _damage_civil_affairs(drop: Path) -> None:
    path = drop / "civil_affairs.csv"
    text = path.read_text(encoding="utf-8")
    id_number = text.splitlines()[1].split(",")[1]
    for record_id, name, event_date, amount in APPENDED:
        person = SCIENTIFIC if record_id == "RX-SCI" else id_number
        text += _quoted(record_id, person, name, "低保", event_date, amount)
    path.write_text(text + "RX-CUT,3701", encoding="utf-8")


def _damage_households(drop: Path) -> None:
    path = drop / "households.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines.insert(SECOND_HEADER_AT, "\ufeff" + lines[0])
    path.write_text("\ufeff" + "".join(lines), encoding="utf-8")


def _damage_vehicles(drop: Path) -> None:
    path = drop / "vehicles.csv"
    lines = path.read_text(encoding="gb18030").splitlines()
    lines = [lines[0] + ",备注"] + [line + ",核查备注" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")


def _damage_members(drop: Path) -> tuple[str, str]:
    members = members_as_csv(drop)
    flagged = set(pd.read_csv(SAMPLE_DROP.parent / "truth" / "flags.csv")["household_id"])
    victim = members[~members["household_id"].isin(flagged) & members["id_number"].str.len().eq(18)].index[0]
    members.loc[victim, "id_number"] = SCIENTIFIC
    write_members(drop, members)
    return members.loc[victim, "household_id"], members.loc[victim, "member_no"]


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Outcome, tuple[str, str]]:
    """The damaged drop's one run, and the (household_id, member_no) whose ID became a float."""
    root = tmp_path_factory.mktemp("damaged")
    drop = copy_sample(root / "drop")
    _damage_civil_affairs(drop)
    _damage_households(drop)
    _damage_vehicles(drop)
    (drop / "business.parquet").unlink()
    (drop / "business.csv").write_text(
        "record_id,id_number,name,enterprise_name,role,registered_capital,status\n", encoding="utf-8")
    victim = _damage_members(drop)
    return run_hecha(drop, root / "out"), victim


@pytest.fixture(scope="module")
def run(damaged) -> Outcome:
    outcome, _ = damaged
    assert outcome.code == 0, outcome.stderr
    return outcome


def _reasons(run: Outcome, source: str) -> dict[int, str]:
    quarantine = run.quarantine(source)
    return dict(zip(quarantine["_row"].astype(int), quarantine["_reason"], strict=True))


def _staged(run: Outcome, record_id: str) -> pd.DataFrame:
    return run.warehouse(f"SELECT * FROM stg_civil_affairs WHERE record_id = '{record_id}'")


def test_every_source_balances_its_ledger(run):
    sources = json.loads((run.output / "manifest.json").read_text(encoding="utf-8"))["sources"]
    for source, entry in sources.items():
        assert entry["received"] == entry["accepted"] + entry["quarantined"], source
    assert sources["civil_affairs"]["received"] == CUT_ROW
    assert sources["households"]["received"] == HOUSEHOLD_ROWS + 1


def test_truncated_csv_quarantines_the_cut_row_only(run):
    assert _reasons(run, "civil_affairs")[CUT_ROW] == "row has 2 fields, expected 6"


def test_embedded_newlines_quotes_and_delimiters_survive(run):
    staged = _staged(run, "RX-QUOTED")
    assert staged["name"].tolist() == ['张\n"三",丰']
    assert str(staged["amount"].iloc[0]) == "1880.00"
    assert staged["_row"].tolist() == [ROW_OF["RX-QUOTED", '张\n"三",丰']]


def test_a_one_megabyte_field_is_kept_whole(run):
    assert _staged(run, "RX-BIG")["name"].tolist() == [BIG_NAME]


def test_mixed_date_formats_are_read_and_a_foreign_one_is_quarantined(run):
    for record_id in ("RX-COMPACT", "RX-SLASHED"):
        assert str(_staged(run, record_id)["event_date"].iloc[0]) == "2024-01-05", record_id
    assert _reasons(run, "civil_affairs")[ROW_OF["RX-DOTTED", "李四"]] == "event_date: not a valid date"


def test_duplicate_record_id_quarantines_every_copy(run):
    reasons = _reasons(run, "civil_affairs")
    for name in ("李四", "王五"):
        assert reasons[ROW_OF["RX-DUP", name]] == "record_id: duplicate key"


def test_agency_id_in_scientific_notation_is_quarantined_never_linked(run):
    assert _reasons(run, "civil_affairs")[ROW_OF["RX-SCI", "李四"]] == (
        "id_number: number in scientific notation, digits lost")
    matches = pq.read_table(run.output / "matches.parquet").to_pandas()
    assert "RX-SCI" not in set(matches["record_id"])


def test_member_id_in_scientific_notation_is_kept_flagged_and_never_auto_linked(damaged, run):
    _, (household_id, member_no) = damaged
    members = run.warehouse(f"SELECT id_number FROM stg_members WHERE household_id = '{household_id}'"
                            f" AND member_no = {member_no}")
    assert members["id_number"].tolist() == [SCIENTIFIC]
    flags = pd.read_csv(run.output / "flags.csv", dtype=str, encoding="utf-8-sig")
    assert ((flags["household_id"] == household_id) & (flags["rule_id"] == "IDENTITY_UNVERIFIED")).any()
    matches = pq.read_table(run.output / "matches.parquet").to_pandas()
    mine = matches[(matches["household_id"] == household_id) & (matches["member_no"] == int(member_no))]
    assert set(mine["decision"]) <= {"review"}


def test_bom_and_header_in_the_middle_quarantine_that_row_only(run):
    assert _reasons(run, "households")[SECOND_HEADER_AT] == "row repeats the header (files concatenated?)"
    truth = pd.read_csv(SAMPLE_DROP.parent / "truth" / "quarantine.csv").query("source == 'households'")
    shifted = {row if row < SECOND_HEADER_AT else row + 1 for row in truth["_row"]}
    assert set(_reasons(run, "households")) == shifted | {SECOND_HEADER_AT}  # every other row as before
    ids = run.warehouse("SELECT household_id FROM stg_households")["household_id"]
    assert not ids.str.contains("\ufeff").any()


def test_gbk_bytes_after_an_ascii_start_decode_as_gb18030(run):
    statuses = run.warehouse("SELECT DISTINCT status FROM stg_vehicles")["status"]
    assert set(statuses) <= {"正常", "注销", "报废", "被盗抢"} and len(statuses) > 1


def test_extra_unknown_columns_are_kept_in_quarantine_and_ignored(run):
    assert "备注" not in run.warehouse("SELECT * FROM stg_vehicles LIMIT 1").columns
    quarantine = run.quarantine("vehicles")
    assert set(quarantine["备注"]) == {"核查备注"}


def test_header_only_file_is_an_empty_source(run):
    sources = json.loads((run.output / "manifest.json").read_text(encoding="utf-8"))["sources"]
    assert {k: sources["business"][k] for k in ("received", "accepted", "quarantined")} == {
        "received": 0, "accepted": 0, "quarantined": 0}
