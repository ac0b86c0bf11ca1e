"""Damaged extracts: each fault costs the rows it touches (quarantined with a reason), never the run,
unless nothing in the file can be trusted (mixed encodings)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data_contracts import ROW_PROBLEMS, UnusableExtract, read_extract

HEADER = "record_id,id_number,name,record_type,event_date,amount"


def row(number: int, name: str = "张三", id_number: str = "530102199001011234") -> str:
    return f"R{number},{id_number},{name},低保,2024-01-0{number % 9 + 1},880"


def csv_file(tmp_path, content: bytes, name: str = "civil_affairs.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def staged_csv(tmp_path, stage, content: bytes):
    return stage("civil_affairs", read_extract("civil_affairs", csv_file(tmp_path, content)))


def reasons(staged) -> dict[int, str]:
    return dict(zip(staged.quarantine["_row"].tolist(), staged.quarantine["_reason"].tolist(), strict=True))


def test_file_truncated_mid_row_quarantines_that_row_only(tmp_path, stage):
    content = f"{HEADER}\n{row(1)}\n{row(2)}\n{row(3)}\n".encode()
    staged = staged_csv(tmp_path, stage, content[:-len("低保,2024-01-04,880\n".encode())])
    assert reasons(staged) == {3: "row has 4 fields, expected 6"}  # 'R3,<id>,张三,' was all that arrived
    assert staged.accepted["record_id"].to_pylist() == ["R1", "R2"]


def test_file_cut_inside_its_last_character_quarantines_the_last_row(tmp_path, stage):
    whole = f"{HEADER}\n{row(1)}\nR2,530102199001011234,张三,低保,2024-01-02,880元".encode()
    staged = staged_csv(tmp_path, stage, whole[:-1])  # the field count is right, the last character is not
    assert reasons(staged) == {2: "row cut off mid-character (file truncated)"}
    assert staged.accepted["record_id"].to_pylist() == ["R1"]


@pytest.mark.parametrize("damage", ["", "R9,1\n"], ids=["well-formed", "with-a-short-row"])
def test_quoted_newlines_quotes_and_delimiters_parse_in_both_readers(tmp_path, stage, damage):
    tricky = '"R2","530102199001011234","张\n""三"",丰",低保,2024-01-02,"1,880.00"\n'
    staged = staged_csv(tmp_path, stage, f"{HEADER}\n{row(1)}\n{damage}{tricky}{row(3)}\n".encode())
    accepted = staged.accepted.to_pydict()
    assert accepted["name"] == ["张三", '张\n"三",丰', "张三"]
    assert [str(amount) for amount in accepted["amount"]] == ["880.00", "1880.00", "880.00"]
    assert accepted["_row"] == ([1, 3, 4] if damage else [1, 2, 3])
    assert reasons(staged) == ({2: "row has 2 fields, expected 6"} if damage else {})


def test_a_one_megabyte_field_is_read_whole(tmp_path, stage):
    name = "张" * (1 << 20)
    staged = staged_csv(tmp_path, stage, f"{HEADER}\n{row(1)}\n{row(2, name=name)}\n".encode())
    assert staged.accepted["name"].to_pylist() == ["张三", name]


@pytest.mark.parametrize("parts", [("utf-8", "gbk"), ("gbk", "utf-8")], ids=["utf8-then-gbk", "gbk-then-utf8"])
def test_mixed_utf8_and_gbk_stops_the_run(tmp_path, parts):
    first, second = parts
    content = f"{HEADER}\n{row(1)}\n".encode(first) + f"{row(2, name='李四')}\n".encode(second)
    with pytest.raises(UnusableExtract) as caught:
        read_extract("civil_affairs", csv_file(tmp_path, content))
    assert str(caught.value) == "civil_affairs.csv (civil_affairs): mixed encodings (UTF-8 and GB18030)"


def test_concatenated_files_quarantine_the_second_header_and_keep_values_clean(tmp_path, stage):
    second = f"\ufeff{HEADER}\n\ufeff{row(2)}\n".encode()
    staged = staged_csv(tmp_path, stage, f"\ufeff{HEADER}\n{row(1)}\n".encode() + second)
    assert reasons(staged) == {2: "row repeats the header (files concatenated?)"}
    assert staged.accepted["record_id"].to_pylist() == ["R1", "R2"]  # U+FEFF never reaches a value
    assert staged.quarantine.loc[0, "record_id"] == "\ufeffrecord_id"  # quarantine keeps what was received


def test_typed_parquet_dates_and_timestamps_are_rendered_as_the_contract_writes_them(tmp_path):
    stamps = pa.array([dt.datetime(2024, 1, 5), dt.datetime(2024, 2, 6, 10, 30)], pa.timestamp("ns"))
    pq.write_table(pa.table({
        "record_id": ["R1", "R2"], "id_number": ["1", "2"], "name": ["张三", "李四"],
        "period": pa.array([dt.date(2024, 10, 1), dt.date(2024, 11, 1)]), "employer_name": ["甲", "乙"],
        "employer_type": ["企业", "企业"], "monthly_wage": [1.5, None], "pension": stamps,
        "unemployment_benefit": ["0", "0"]}), tmp_path / "hr.parquet")
    frame = read_extract("hr", tmp_path / "hr.parquet")
    assert frame["period"].tolist() == ["2024-10", "2024-11"]
    assert frame["pension"].str.startswith("2024-01-05").iloc[0]  # not a date column: plain text
    pq.write_table(pa.table({"record_id": ["R1"], "id_number": ["1"], "name": ["张三"], "record_type": ["死亡"],
                             "event_date": stamps[1:], "amount": [None]}), tmp_path / "civil_affairs.parquet")
    assert read_extract("civil_affairs", tmp_path / "civil_affairs.parquet")["event_date"].tolist() == ["2024-02-06"]


@pytest.mark.parametrize("id_number", ["5.30102E+17", "5.30102199001011e+17", "5E17", "-1.2e-3"])
def test_agency_id_in_scientific_notation_is_quarantined(stage, make_rows, id_number):
    staged = stage("bank", make_rows("bank", {}, {"id_number": id_number}))
    assert reasons(staged) == {2: "id_number: number in scientific notation, digits lost"}


def test_member_id_in_scientific_notation_is_kept_for_the_matcher_to_refuse(stage, make_rows):
    staged = stage("members", make_rows("members", {"id_number": "5.30102E+17"}))
    assert staged.quarantined_count == 0
    assert staged.accepted["id_number"].to_pylist() == ["5.30102E+17"]


def test_row_problems_travel_with_the_frame_only_for_damaged_rows(tmp_path):
    frame = read_extract("civil_affairs", csv_file(tmp_path, f"{HEADER}\n{row(1)}\n".encode()))
    assert frame.attrs[ROW_PROBLEMS] == {}
