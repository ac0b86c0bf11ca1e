"""Readers: find a source's file in a drop and read it with every column as text.

CSV encodings are detected, never assumed (``encoding``), and a CSV row with
the wrong number of fields becomes a row problem rather than stopping the run
(``csvfile``). Parquet columns are cast to text, typed dates and timestamps
rendered the way the contract writes them; Excel cells are rendered as text
(an ID that Excel stored as a float keeps its float form: its digits are
gone). A row that repeats the header (two files concatenated) is a row
problem too. Row problems travel with the frame in ``frame.attrs[ROW_PROBLEMS]``
(0-based position → reason) for ``stage_source`` to quarantine. Anything that
cannot be read raises ``UnusableExtract`` naming the file and the problem.
"""

from __future__ import annotations

import functools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from openpyxl.utils.exceptions import InvalidFileException

if TYPE_CHECKING:
    import pandas as pd

from data_contracts.csvfile import csv_header, read_csv
from data_contracts.errors import UnusableExtract, is_transient
from data_contracts.excel import sheet_rows
from data_contracts.parsing import clean_text
from data_contracts.spec import CONTRACTS

SUFFIXES = (".csv", ".parquet", ".xlsx")
ROW_PROBLEMS = "row_problems"
REPEATED_HEADER = "row repeats the header (files concatenated?)"
_TEMPORAL_FORMATS = {"date": "%Y-%m-%d", "month": "%Y-%m"}


def find_extract(source: str, names: list[str]) -> str | None:
    """The file name among ``names`` holding ``source`` (None if absent; two is an error)."""
    found = sorted(n for n in names if Path(n).stem == source and Path(n).suffix.lower() in SUFFIXES)
    if len(found) > 1:
        raise UnusableExtract(source, ", ".join(found), "more than one file for this source")
    return found[0] if found else None


@dataclass(frozen=True)
class RawExtract:
    """An extract as read: every column as Arrow text, and the rows it could not take as data.

    ``problems`` maps a 0-based row position to its reason (what
    ``read_extract`` puts in ``frame.attrs[ROW_PROBLEMS]``).
    """

    table: pa.Table
    problems: dict[int, str] = field(default_factory=dict)


def parquet_text(source: str, column: pa.ChunkedArray, name: str) -> pa.ChunkedArray:
    """One Parquet column as text (a text column as it is); dates and timestamps in the contract's format."""
    if column.type == pa.string():
        return column
    kinds = {c.name: c.kind for c in CONTRACTS[source].columns}
    temporal = pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)
    if temporal and kinds.get(name) in _TEMPORAL_FORMATS:
        return pc.strftime(column, format=_TEMPORAL_FORMATS[kinds[name]])
    return column.cast(pa.string())


def _read_parquet(source: str, path: Path) -> tuple[pa.Table, dict[int, str]]:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        if is_transient(error):
            raise
        raise UnusableExtract(source, path.name, "not a readable Parquet file") from None
    CONTRACTS[source].refuse_duplicates(table.column_names, path.name)
    try:
        return pa.table({name: parquet_text(source, table[name], name) for name in table.column_names}), {}
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise UnusableExtract(source, path.name, "a column cannot be read as text") from None


def _read_xlsx(source: str, path: Path) -> tuple[pa.Table, dict[int, str]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        if is_transient(error):
            raise
        raise UnusableExtract(source, path.name, "not a readable Excel workbook") from None
    try:
        header, *rows = sheet_rows(workbook.worksheets[0])
    except ValueError:
        raise UnusableExtract(source, path.name, "empty file") from None
    finally:
        workbook.close()
    CONTRACTS[source].refuse_duplicates(header, path.name)
    columns = zip(*rows, strict=True) if rows else [()] * len(header)
    return pa.table({name: pa.array(values, pa.string()) for name, values in zip(header, columns, strict=True)}), {}


_READERS = {".csv": read_csv, ".parquet": _read_parquet, ".xlsx": _read_xlsx}


def repeated_headers(source: str, table: pa.Table) -> dict[int, str]:
    """Rows whose every contract value is its own column name: a second file's header line.

    Only rows whose first contract value contains its column name are
    cleaned and compared, so a clean file costs one substring scan.
    """
    names = CONTRACTS[source].names
    candidates = pc.indices_nonzero(pc.fill_null(pc.match_substring(table[names[0]], names[0]), False))
    rows = table.select(names).take(candidates)
    same = (pc.fill_null(pc.equal(clean_text(rows[name]), name), False) for name in names)
    repeats = pc.indices_nonzero(functools.reduce(pc.and_, same))
    return dict.fromkeys(candidates.take(repeats).to_pylist(), REPEATED_HEADER)


def read_extract_arrow(source: str, path: Path) -> RawExtract:
    """Read one extract as Arrow text with header names stripped, and list its row problems.

    Raises ``UnusableExtract`` when the file is unreadable, undecodable,
    empty or lacks contract columns (all missing ones are listed). The flow
    stages this directly (``stage_source`` takes it): no pandas copy of
    millions of accepted rows is ever made.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnusableExtract(source, path.name, "not a .csv, .parquet or .xlsx file")
    try:
        table, problems = reader(source, path)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise UnusableExtract(source, path.name, "file cannot be opened") from None
    table = table.rename_columns([name.strip() for name in table.column_names])
    CONTRACTS[source].require(table.column_names, path.name)
    return RawExtract(table, {**repeated_headers(source, table), **problems})


def read_extract(source: str, path: Path) -> pd.DataFrame:
    """Read one extract as a pandas frame of text (pyarrow strings), header names stripped.

    The same as ``read_extract_arrow`` as a frame, its row problems in
    ``frame.attrs[ROW_PROBLEMS]``; raises ``UnusableExtract`` as it does.
    """
    extract = read_extract_arrow(source, path)
    import pandas as pd  # here, so that checking headers before a run stays quick

    frame = extract.table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
    frame.attrs[ROW_PROBLEMS] = extract.problems
    return frame


def _header_names(source: str, path: Path) -> list[str]:
    """The column names of a file, read from its first line, schema or first row only."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            return pq.read_schema(path).names
        except (pa.ArrowException, OSError) as error:
            if is_transient(error):
                raise
            raise UnusableExtract(source, path.name, "not a readable Parquet file") from None
    if suffix == ".xlsx":
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            first = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            workbook.close()
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
            if is_transient(error):
                raise
            raise UnusableExtract(source, path.name, "not a readable Excel workbook") from None
        return [str(cell) for cell in first if cell is not None]
    return csv_header(source, path)


def check_header(source: str, path: Path) -> None:
    """Raise ``UnusableExtract`` when the file cannot be opened, repeats a column name or lacks a
    contract column — what ``read_extract`` would find, from the header alone (milliseconds)."""
    path = Path(path)
    if path.suffix.lower() not in _READERS:
        raise UnusableExtract(source, path.name, "not a .csv, .parquet or .xlsx file")
    try:
        names = [name.strip() for name in _header_names(source, path)]
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise UnusableExtract(source, path.name, "file cannot be opened") from None
    CONTRACTS[source].refuse_duplicates(names, path.name)
    CONTRACTS[source].require(names, path.name)
