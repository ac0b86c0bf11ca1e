"""Case fingerprints: the same evidence gives the same hash anywhere; any change gives another.

Expected hashes are recomputed here with hashlib from the documented recipe (review/fingerprint.py),
not taken from the product.
"""
from __future__ import annotations

import hashlib

import duckdb
import pytest

import review

STAGED = """
CREATE TABLE stg_members (_row BIGINT, household_id VARCHAR, member_no BIGINT, relation VARCHAR, name VARCHAR,
                          id_number VARCHAR, gender VARCHAR, birth_date DATE);
INSERT INTO stg_members VALUES (1, 'H1', 1, '本人', '张三', '530102199001011234', '男', DATE '1990-01-01');
CREATE TABLE stg_vehicles (_row BIGINT, record_id VARCHAR, id_number VARCHAR, name VARCHAR, plate_no VARCHAR,
                           vehicle_type VARCHAR, registered_on DATE, status VARCHAR);
INSERT INTO stg_vehicles VALUES (1, 'V1', '530102199001011234', '张三', '云A12345', '小型轿车', DATE '2021-05-04', '正常'),
                                (2, 'V2', '530102199001011234', '张三', '云A99999', '小型轿车', NULL, '正常');
CREATE TABLE flags (household_id VARCHAR, rule_id VARCHAR, status VARCHAR, value VARCHAR, threshold VARCHAR,
                    evidence VARCHAR);
INSERT INTO flags VALUES ('H1', 'VEHICLE_OWNED', 'breach', '2', '0', 'vehicles:V1;vehicles:V2'),
                         ('H1', 'IDENTITY_UNVERIFIED', 'review', '1', '0', 'members:1');
CREATE TABLE evidence (household_id VARCHAR, rule_id VARCHAR, source VARCHAR, record_id VARCHAR, member_no BIGINT,
                       method VARCHAR, score DOUBLE, decision VARCHAR);
INSERT INTO evidence VALUES ('H1', 'VEHICLE_OWNED', 'vehicles', 'V1', 1, 'exact', 0.9991, 'auto'),
                            ('H1', 'VEHICLE_OWNED', 'vehicles', 'V2', 1, 'fuzzy', 0.93, 'review'),
                            ('H1', 'IDENTITY_UNVERIFIED', 'members', '1', 1, NULL, NULL, NULL);
"""


def _fingerprints(*changes: str) -> dict[str, str]:
    con = duckdb.connect()
    con.execute(STAGED)
    for change in changes:
        con.execute(change)
    frame = review.case_fingerprints(con, ["vehicles"])
    return dict(zip(frame["rule_id"], frame["fingerprint"]))


def test_same_evidence_same_fingerprint_and_a_64_hex_sha256() -> None:
    first, second = _fingerprints(), _fingerprints()
    assert first == second
    assert all(len(f) == 64 and int(f, 16) >= 0 for f in first.values())


def test_fingerprint_is_the_documented_hash_so_any_machine_recomputes_it() -> None:
    con = duckdb.connect()
    con.execute(STAGED)
    row = review.case_fingerprints(con, ["vehicles"]).set_index("rule_id").loc["VEHICLE_OWNED"]
    expected = hashlib.sha256("\x1f".join(["H1", "VEHICLE_OWNED", "2", "0", row["record_hashes"]]).encode()).hexdigest()
    assert row["fingerprint"] == expected
    content = "\x1f".join(["id_number=530102199001011234", "name=张三", "plate_no=云A12345", "record_id=V1",
                           "registered_on=2021-05-04", "status=正常", "vehicle_type=小型轿车"])
    assert f"vehicles:V1@1={hashlib.sha256(content.encode()).hexdigest()[:16]}" in row["record_hashes"].split(";")


@pytest.mark.parametrize("change", [
    "UPDATE stg_vehicles SET status = '注销' WHERE record_id = 'V2'",          # a record's content
    "UPDATE stg_vehicles SET registered_on = DATE '2020-01-01' WHERE record_id = 'V2'",  # NULL → a date
    "DELETE FROM evidence WHERE record_id = 'V2'",                              # the set of records
    "UPDATE evidence SET member_no = 2 WHERE record_id = 'V2'",                 # the member a record is linked to
    "UPDATE flags SET value = '3' WHERE rule_id = 'VEHICLE_OWNED'",            # the value
    "UPDATE flags SET threshold = '1' WHERE rule_id = 'VEHICLE_OWNED'",        # the threshold
])
def test_any_change_to_the_evidence_changes_the_fingerprint(change: str) -> None:
    assert _fingerprints(change)["VEHICLE_OWNED"] != _fingerprints()["VEHICLE_OWNED"]


@pytest.mark.parametrize("change", [
    "UPDATE stg_vehicles SET _row = _row + 10",                                 # rows moved in the file
    "UPDATE evidence SET score = 0.95, method = 'normalized'",                  # the link's score and method
    "UPDATE flags SET status = 'review'",                                       # the status
    "UPDATE stg_members SET name = '张四'",                                      # another case's record
])
def test_what_is_not_evidence_leaves_the_vehicle_fingerprint_alone(change: str) -> None:
    assert _fingerprints(change)["VEHICLE_OWNED"] == _fingerprints()["VEHICLE_OWNED"]


def test_a_member_case_rests_on_the_member_row() -> None:
    assert _fingerprints("UPDATE stg_members SET id_number = NULL")["IDENTITY_UNVERIFIED"] != \
        _fingerprints()["IDENTITY_UNVERIFIED"]


# Edges the mutation check found unguarded; expected hashes come from hashlib.

def _content(*fields: str) -> str:
    """The first 16 hex digits of SHA-256 over the fields joined by the unit separator."""
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:16]


def test_a_staged_column_whose_name_needs_quoting_is_hashed_by_its_name() -> None:
    con = duckdb.connect()
    con.execute(STAGED)
    con.execute('ALTER TABLE stg_vehicles ADD COLUMN "odd""name" VARCHAR DEFAULT \'x\'')
    row = review.case_fingerprints(con, ["vehicles"]).set_index("rule_id").loc["VEHICLE_OWNED"]
    content = _content("id_number=530102199001011234", "name=张三", 'odd"name=x', "plate_no=云A12345", "record_id=V1",
                       "registered_on=2021-05-04", "status=正常", "vehicle_type=小型轿车")
    assert f"vehicles:V1@1={content}" in row["record_hashes"].split(";")


def test_a_member_case_rests_on_its_own_households_member_not_a_namesake_member_no() -> None:
    other = ("INSERT INTO stg_members VALUES (2, 'H2', 1, '本人', '李四', '530102199202021234', '女', "
             "DATE '1992-02-02')")
    alone = _fingerprints(other)["IDENTITY_UNVERIFIED"]
    assert alone == _fingerprints()["IDENTITY_UNVERIFIED"]
    assert _fingerprints(other, "UPDATE stg_members SET name = '李五' WHERE household_id = 'H2'")[
        "IDENTITY_UNVERIFIED"] == alone


def test_flags_without_any_evidence_still_get_the_documented_fingerprint() -> None:
    con = duckdb.connect()
    con.execute(STAGED)
    con.execute("DELETE FROM evidence")
    frame = review.case_fingerprints(con, ["vehicles"]).set_index("rule_id")
    assert frame["record_hashes"].tolist() == ["", ""]
    expected = hashlib.sha256("\x1f".join(["H1", "VEHICLE_OWNED", "2", "0", ""]).encode()).hexdigest()
    assert frame.loc["VEHICLE_OWNED", "fingerprint"] == expected
