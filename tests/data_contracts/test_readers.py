"""Readers: file discovery, CSV encoding detection, Parquet and Excel as text,
and unusable extracts named by file and problem."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data_contracts import UnusableExtract, find_extract, read_extract
from data_contracts.readers import ROW_PROBLEMS

HEADER = "record_id,id_number,name,record_type,event_date,amount"
ROW = "R1,0530102199001011234,张三,低保,2024-01-01,880"


def write(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_find_extract_matches_stem_and_any_case_suffix():
    names = ["hr.CSV", "hr_old.csv", "bank.parquet", "notes.txt", "~$hr.xlsx"]
    assert find_extract("hr", names) == "hr.CSV"
    assert find_extract("business", names) is None


def test_find_extract_refuses_two_candidates():
    with pytest.raises(UnusableExtract, match="more than one file") as caught:
        find_extract("hr", ["hr.csv", "hr.xlsx"])
    assert caught.value.source == "hr"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encoding_is_detected(tmp_path, encoding, newline):
    path = write(tmp_path, "civil_affairs.csv", f"{HEADER}{newline}{ROW}{newline}".encode(encoding))
    frame = read_extract("civil_affairs", path)
    assert list(frame.columns) == HEADER.split(",")  # the BOM is not part of a name
    assert frame.loc[0, "name"] == "张三" and frame.loc[0, "record_type"] == "低保"
    assert frame.loc[0, "amount"] == "880"


def test_gbk_bytes_after_a_utf8_looking_start_are_detected(tmp_path):
    ascii_rows = "".join(f"R{i},,Zhang,低保,2024-01-01,1\n".replace("低保", "") for i in range(2, 5000))
    content = f"{HEADER}\n{ascii_rows}{ROW}\n".encode("gbk")
    frame = read_extract("civil_affairs", write(tmp_path, "civil_affairs.csv", content))
    assert frame["name"].iloc[-1] == "张三"


def test_undecodable_csv_is_unusable(tmp_path):
    path = write(tmp_path, "civil_affairs.csv", f"{HEADER}\n".encode() + b"R1,\x80\xff,x,y,z,1\n")
    with pytest.raises(UnusableExtract, match="civil_affairs.csv.*neither UTF-8 nor GB18030"):
        read_extract("civil_affairs", path)


def test_csv_values_stay_text_as_received(tmp_path):
    content = f"{HEADER}\nR1,0012,NA,低保,2024-01-01,\n\"R2\",\"0013\",\"多行\n名字\",死亡,2024-01-02,null\n"
    frame = read_extract("civil_affairs", write(tmp_path, "civil_affairs.csv", content.encode()))
    assert frame["id_number"].tolist() == ["0012", "0013"]
    assert frame["name"].tolist() == ["NA", "多行\n名字"]
    assert frame["amount"].tolist() == ["", "null"]
    assert all(isinstance(dtype, pd.StringDtype) for dtype in frame.dtypes)


def test_header_names_are_stripped_and_extra_columns_kept(tmp_path):
    content = " record_id , id_number,name,record_type,event_date,amount,备注\nR1,1,张三,低保,2024-01-01,1,x\n"
    frame = read_extract("civil_affairs", write(tmp_path, "civil_affairs.csv", content.encode()))
    assert list(frame.columns) == [*HEADER.split(","), "备注"]


def test_header_only_csv_has_no_rows(tmp_path):
    frame = read_extract("civil_affairs", write(tmp_path, "civil_affairs.csv", f"{HEADER}\n".encode()))
    assert len(frame) == 0 and list(frame.columns) == HEADER.split(",")


def test_missing_columns_are_all_named_with_the_file(tmp_path):
    path = write(tmp_path, "civil_affairs.csv", b"record_id,id_number,name,record_type\nR1,1,x,y\n")
    with pytest.raises(UnusableExtract) as caught:
        read_extract("civil_affairs", path)
    assert str(caught.value) == "civil_affairs.csv (civil_affairs): missing required column(s): event_date, amount"


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty file"),
    (b"\xef\xbb\xbf\r\n", "empty file"),
    (f"{HEADER},record_id\n".encode(), "duplicate column(s): record_id"),
])
def test_unusable_csv_names_the_problem(tmp_path, content, problem):
    with pytest.raises(UnusableExtract, match=problem.replace("(", r"\(").replace(")", r"\)")):
        read_extract("civil_affairs", write(tmp_path, "civil_affairs.csv", content))


def test_row_with_an_extra_field_is_a_row_problem_not_an_error(tmp_path):
    path = write(tmp_path, "civil_affairs.csv", f"{HEADER}\n{ROW},extra\n{ROW.replace('R1', 'R2')}\n".encode())
    frame = read_extract("civil_affairs", path)
    assert frame.attrs[ROW_PROBLEMS] == {0: "row has 7 fields, expected 6"}
    assert frame["record_id"].tolist() == ["R1", "R2"]
    assert frame.loc[0, "amount"] == "880,extra"  # nothing received is lost


def test_parquet_columns_become_text_with_leading_zeros(tmp_path):
    table = pa.table({"record_id": [1, 2], "id_number": ["0530102", None], "name": ["张三", "李四"],
                      "record_type": ["低保", "死亡"], "event_date": [dt.date(2024, 1, 1)] * 2,
                      "amount": [880.5, None]})
    pq.write_table(table, tmp_path / "civil_affairs.parquet")
    frame = read_extract("civil_affairs", tmp_path / "civil_affairs.parquet")
    assert frame["record_id"].tolist() == ["1", "2"]
    assert frame.loc[0, "id_number"] == "0530102" and pd.isna(frame.loc[1, "id_number"])
    assert frame.loc[0, "event_date"] == "2024-01-01" and frame.loc[0, "amount"] == "880.5"


def test_corrupt_parquet_is_unusable(tmp_path):
    with pytest.raises(UnusableExtract, match="civil_affairs.parquet.*not a readable Parquet file"):
        read_extract("civil_affairs", write(tmp_path, "civil_affairs.parquet", b"PAR1 not really"))


def test_xlsx_cells_become_text(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["R1", "0530102199001011234", "张三", "低保", dt.datetime(2024, 1, 1), 880])
    sheet.append(["R2", 530102199001011234, "李四", "死亡", "2024-01-02", 12.5])
    sheet.append([None] * 6)
    workbook.save(tmp_path / "civil_affairs.xlsx")
    frame = read_extract("civil_affairs", tmp_path / "civil_affairs.xlsx")
    assert frame["id_number"].tolist() == ["0530102199001011234", "5.30102199001011e+17"]
    assert frame["event_date"].tolist() == ["2024-01-01", "2024-01-02"]
    assert frame["amount"].tolist() == ["880", "12.5"]


def test_file_that_is_not_a_workbook_is_unusable(tmp_path):
    with pytest.raises(UnusableExtract, match="not a readable Excel workbook"):
        read_extract("civil_affairs", write(tmp_path, "civil_affairs.xlsx", b"record_id\nR1\n"))


def test_missing_file_is_unusable(tmp_path):
    with pytest.raises(UnusableExtract, match="hr.csv"):
        read_extract("hr", tmp_path / "hr.csv")
