"""``hecha check`` from the command line, and where a run keeps the data a check needs.

A duplicate file — an applicant already in a registered household — is what
a campaign is meant to catch: ``already_registered`` names the household. A
run folder no longer carries a copy of the agency data; the latest data run
lives once beside the history.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from check_drops import register

HECHA = Path(sys.executable).parent / "hecha"


def _check(root: Path, household: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "household.json"
    path.write_text(json.dumps(household, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([str(HECHA), "check", "--output-root", str(root), "--household", str(path),
                           "--as-of", "2026-11-30"], capture_output=True, text=True, timeout=300)


def test_a_copied_household_lists_every_member_as_already_registered(checked_root, tmp_path):
    original = next(h for h in register(checked_root)
                    if len(h["members"]) >= 2 and all(len(m.get("id_number", "")) == 18 for m in h["members"]))
    copy = {**original, "household_id": "APPLICATION-1"}
    done = _check(checked_root, copy, tmp_path)
    assert done.returncode == 0, done.stderr
    registered = json.loads(done.stdout)["already_registered"]
    assert registered == [{"member_no": int(m["member_no"]), "household_id": original["household_id"]}
                          for m in original["members"]]


def test_a_registered_household_checked_again_is_not_its_own_duplicate(checked_root, tmp_path):
    done = _check(checked_root, register(checked_root)[0], tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["already_registered"] == []


def test_an_invalid_household_is_one_error_line_naming_the_field(checked_root, tmp_path):
    household = register(checked_root)[0]
    household["members"][0]["relation"] = "邻居"
    done = _check(checked_root, household, tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "members[0].relation" in lines[0]
    assert household["members"][0]["name"] not in done.stderr


def test_before_any_run_the_check_says_so(checked_root, tmp_path):
    done = _check(tmp_path / "new-root", register(checked_root)[0], tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("Error: no data run under "), done.stderr


def test_the_run_folder_keeps_no_warehouse_and_the_root_keeps_the_latest_data_run(checked_root):
    assert not (checked_root / "out" / "warehouse.duckdb").exists()
    assert (checked_root / "hecha-data-run.duckdb").is_file()
