"""Spark's readers give the rows the driver's reader gives: the same text, row numbers and row problems.

Each file is read both ways: ``flows.spark.readers.spark_extract`` on Spark,
and ``data_contracts.read_extract`` laid out by ``transport_table`` (what the
validation receives from the driver's reader). The CSV files hold what CSV
readers disagree on; the files Spark would not read faithfully must stay
with the driver (None).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import data_contracts
from flows.spark.ingest import FILE_ROW, transport_table

HEADER = "record_id,id_number,name,record_type,event_date,amount"
CSV_CASES = {
    "bom, quoted newline and quotes": "\ufeff" + HEADER + '\nMZ1,530102,"张\n三",低保,2024-01-05,"8""80"\n'
                                      'MZ2,,李四,,,\n',
    "crlf and a blank line": HEADER + "\r\nMZ1,530102,张三,低保,2024-01-05,880\r\n\r\nMZ2,530103,李四,死亡,2024-02-01,\r\n",
    "ragged rows": HEADER + '\nMZ1,530102,张三\nMZ2,530103,李四,低保,2024-01-05,880,surplus,"more\nlines"\n'
                            "MZ3,530104,王五,低保,2024-01-05,880\nMZ-CUT,5301",
    "repeated header": HEADER + "\nMZ1,530102,张三,低保,2024-01-05,880\n\ufeff" + HEADER + "\n"
                       "MZ2,530103,李四,死亡,2024-02-01,\n",
}


def spark_rows(path: Path, source: str = "civil_affairs") -> pa.Table | None:
    """The validation's rows as Spark's reader gives them (None: the driver reads this file)."""
    from flows.spark.readers import spark_extract
    from flows.spark.session import spark_session

    read = spark_extract(spark_session("local[2]"), source, path)
    return None if read is None else read[0].toArrow().sort_by(FILE_ROW)


def driver_rows(path: Path, source: str = "civil_affairs") -> pa.Table:
    return transport_table(data_contracts.read_extract(source, path))


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_a_utf8_csv_is_read_by_spark_as_the_driver_reads_it(case: str, tmp_path: Path, spark_ready: str) -> None:
    path = tmp_path / "civil_affairs.csv"
    path.write_bytes(CSV_CASES[case].encode("utf-8"))
    rows = spark_rows(path)
    assert rows is not None
    assert rows.to_pylist() == driver_rows(path).to_pylist()


def test_gb18030_and_cut_off_csv_files_stay_with_the_driver(tmp_path: Path, spark_ready: str) -> None:
    path = tmp_path / "civil_affairs.csv"
    path.write_bytes((HEADER + "\nMZ1,530102,张三,低保,2024-01-05,880\n").encode("gb18030"))
    assert spark_rows(path) is None
    path.write_bytes((HEADER + "\nMZ1,530102,张三,低保,2024-01-05,880\nMZ2,530103,李四").encode("utf-8")[:-1])
    assert spark_rows(path) is None


def test_parquet_is_read_by_spark_row_group_by_row_group(tmp_path: Path, spark_ready: str) -> None:
    table = pa.table({"record_id": [f"MZ{i}" for i in range(50)], "id_number": ["530102"] * 50,
                      "name": ["张三", None] * 25, "record_type": ["低保"] * 50,
                      "event_date": [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(50)],
                      "amount": pa.array([Decimal("880.50")] * 50, pa.decimal128(10, 2)),
                      "count": pa.array(range(50), pa.int16())})
    path = tmp_path / "civil_affairs.parquet"
    pq.write_table(table, path, row_group_size=7)
    rows = spark_rows(path)
    assert rows is not None and rows.num_rows == 50
    assert rows.to_pylist() == driver_rows(path).to_pylist()
    pq.write_table(table.append_column("seen_at", pa.array([dt.datetime(2024, 1, 1)] * 50, pa.timestamp("ns"))), path)
    assert spark_rows(path) is None
