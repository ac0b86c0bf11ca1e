"""Readers: find a source's file in a drop and read it with every column as text.

CSV encodings are detected, never assumed: strict UTF-8 (BOM allowed) first,
then GB18030 (a superset of GBK). Parquet columns are cast to text; Excel
cells are rendered as text (an ID that Excel stored as a float stays in its
float form and is left for the matcher to find invalid). Anything that
cannot be read raises ``UnusableExtract`` naming the file and the problem.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from openpyxl.utils.exceptions import InvalidFileException

from data_contracts.errors import UnusableExtract
from data_contracts.excel import sheet_rows
from data_contracts.spec import CONTRACTS

SUFFIXES = (".csv", ".parquet", ".xlsx")
_BOM = b"\xef\xbb\xbf"


def find_extract(source: str, names: list[str]) -> str | None:
    """The file name among ``names`` holding ``source`` (None if absent; two is an error)."""
    found = sorted(n for n in names if Path(n).stem == source and Path(n).suffix.lower() in SUFFIXES)
    if len(found) > 1:
        raise UnusableExtract(source, ", ".join(found), "more than one file for this source")
    return found[0] if found else None


def _is_utf8(data: pa.Buffer) -> bool:
    """Strict UTF-8 check without decoding to a Python string (Arrow validates in place)."""
    offsets = pa.py_buffer(np.array([0, data.size], dtype=np.int64))
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, data])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _as_utf8(source: str, path: Path) -> pa.Buffer:
    """The CSV's bytes as UTF-8 without BOM, transcoding from GB18030 when needed."""
    data = pa.memory_map(str(path)).read_buffer()
    if data.slice(0, min(data.size, len(_BOM))).to_pybytes() == _BOM:
        data = data.slice(len(_BOM))
    if data.size == 0:
        raise UnusableExtract(source, path.name, "empty file")
    if _is_utf8(data):
        return data
    try:
        return pa.py_buffer(data.to_pybytes().decode("gb18030").encode("utf-8"))
    except UnicodeDecodeError:
        raise UnusableExtract(source, path.name, "encoding is neither UTF-8 nor GB18030") from None


def _header(source: str, path: Path, data: pa.Buffer) -> list[str]:
    """The CSV's column names, parsed from its first line."""
    head = data.slice(0, min(data.size, 1 << 16)).to_pybytes()
    line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
    if not line.strip():
        raise UnusableExtract(source, path.name, "empty file")
    header = next(csv.reader([line]))
    _check_header(source, path, header)
    return header


def _read_csv(source: str, path: Path) -> pa.Table:
    data = _as_utf8(source, path)
    header = _header(source, path, data)
    try:
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header}, strings_can_be_null=False),
        )
    except pa.ArrowInvalid:  # the message may quote a data row: never pass it on
        raise UnusableExtract(source, path.name, "malformed CSV (a row has the wrong number of fields)") from None


def _read_parquet(source: str, path: Path) -> pa.Table:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError):
        raise UnusableExtract(source, path.name, "not a readable Parquet file") from None
    _check_header(source, path, table.column_names)
    try:
        return pa.table({name: table[name].cast(pa.string()) for name in table.column_names})
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise UnusableExtract(source, path.name, "a column cannot be read as text") from None


def _read_xlsx(source: str, path: Path) -> pa.Table:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnusableExtract(source, path.name, "not a readable Excel workbook") from None
    try:
        header, *rows = sheet_rows(workbook.worksheets[0])
    except ValueError:
        raise UnusableExtract(source, path.name, "empty file") from None
    finally:
        workbook.close()
    _check_header(source, path, header)
    columns = zip(*rows, strict=True) if rows else [()] * len(header)
    return pa.table({name: pa.array(values, pa.string()) for name, values in zip(header, columns, strict=True)})


def _check_header(source: str, path: Path, header: list[str]) -> None:
    """Reject duplicated column names (names only, never a value, are reported)."""
    names = [name.strip() for name in header]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        known = sorted(duplicated & set(CONTRACTS[source].names)) or [f"{len(duplicated)} name(s)"]
        raise UnusableExtract(source, path.name, "duplicate column(s): " + ", ".join(known))


_READERS = {".csv": _read_csv, ".parquet": _read_parquet, ".xlsx": _read_xlsx}


def read_extract(source: str, path: Path) -> pd.DataFrame:
    """Read one extract with every column as text and header names stripped.

    Raises ``UnusableExtract`` when the file is unreadable, undecodable,
    empty, malformed or lacks contract columns (all missing ones are listed).
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnusableExtract(source, path.name, "not a .csv, .parquet or .xlsx file")
    try:
        table = reader(source, path)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise UnusableExtract(source, path.name, "file cannot be opened") from None
    table = table.rename_columns([name.strip() for name in table.column_names])
    CONTRACTS[source].require(table.column_names, path.name)
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
