"""Unique keys (every copy of a duplicate quarantined), members' special rules
and the ledger identity of StagedSource."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from data_contracts import ContractError, StagedSource


def test_every_copy_of_a_duplicated_record_id_is_quarantined(stage, make_rows):
    raw = make_rows("vehicles", {}, {}, {}, {})
    raw.loc[[0, 2, 3], "record_id"] = "R9"
    staged = stage("vehicles", raw)
    assert staged.accepted["_row"].to_pylist() == [2]
    assert staged.quarantine["_row"].tolist() == [1, 3, 4]
    assert set(staged.quarantine["_reason"]) == {"record_id: duplicate key"}


def test_duplicate_household_id_quarantines_both_households(stage, make_rows):
    raw = make_rows("households", {}, {"household_id": "H1"})
    staged = stage("households", raw)
    assert staged.accepted_count == 0
    assert staged.quarantine["_reason"].tolist() == ["household_id: duplicate key"] * 2


def test_duplicate_member_number_within_household_is_quarantined(stage, make_rows):
    raw = make_rows("members", {"member_no": "2"}, {}, {"household_id": "H2", "member_no": "2"})
    staged = stage("members", raw)
    assert staged.accepted["_row"].to_pylist() == [3]
    assert staged.quarantine["_reason"].tolist() == ["(household_id, member_no): duplicate key"] * 2


@pytest.mark.parametrize("id_number", ["", "5.30102E+17", "53010219900101123", "ABC"])
def test_member_with_empty_or_invalid_id_is_kept(stage, make_rows, id_number):
    staged = stage("members", make_rows("members", {"id_number": id_number, "gender": "", "birth_date": ""}))
    assert staged.accepted_count == 1
    assert staged.accepted["id_number"].to_pylist() == [id_number or None]


def test_member_id_number_is_staged_as_received_but_trimmed(stage, make_rows):
    staged = stage("members", make_rows("members", {"id_number": " 53010219900101123x "}))
    assert staged.accepted["id_number"].to_pylist() == ["53010219900101123x"]
    assert staged.accepted.schema.field("member_no").type == pa.int64()


@pytest.mark.parametrize("household_ids", [{"H1"}, pa.array(["H1"]), pa.chunked_array([["H0"], ["H1"]])])
def test_member_of_a_household_not_accepted_is_quarantined(stage, make_rows, household_ids):
    raw = make_rows("members", {}, {"household_id": "H2"})
    staged = stage("members", raw, household_ids=household_ids)
    assert staged.accepted["household_id"].to_pylist() == ["H1"]
    assert staged.quarantine["_reason"].tolist() == ["household_id: household not in accepted households"]


def test_member_without_household_id_gets_only_the_required_reason(stage, make_rows):
    staged = stage("members", make_rows("members", {"household_id": ""}), household_ids={"H1"})
    assert staged.quarantine["_reason"].tolist() == ["household_id: required value missing"]


def test_empty_extract_stages_to_empty_tables(stage, make_rows):
    staged = stage("business", make_rows("business").iloc[0:0])
    assert staged.accepted_count == staged.quarantined_count == 0
    assert staged.accepted.schema.field("registered_capital").type == pa.decimal128(18, 2)


def test_unbalanced_ledger_is_refused():
    accepted = pa.table({"_row": pa.array([1], pa.int64())})
    with pytest.raises(ContractError, match="ledger"):
        StagedSource("hr", accepted, pd.DataFrame({"_row": [2]}), received=3)


def test_ledger_entry_carries_file_and_counts(stage, make_rows):
    staged = stage("hr", make_rows("hr", {}, {"period": "bad"}))
    assert staged.ledger_entry("hr.csv", "ab12") == {
        "file": "hr.csv", "sha256": "ab12", "received": 2, "accepted": 1, "quarantined": 1}
