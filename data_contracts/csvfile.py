"""CSV extracts read as text, with every data row accounted for.

Arrow reads a well-formed file fast. When a row has the wrong number of
fields (a file cut off mid-row, a stray delimiter) Arrow would drop it or
stop, so the file is read again row by row with the csv module: each row
keeps its position, and a broken one is returned as a *row problem* (its
0-based position → reason) for staging to quarantine, with its fields laid
out under the header as far as they go (surplus fields joined to the last
column, so nothing received is lost). Quoted delimiters, quotes and newlines
are honoured by both readers; blank lines are skipped by both.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from data_contracts.encoding import csv_as_utf8
from data_contracts.errors import UnusableExtract
from data_contracts.spec import CONTRACTS

CUT_SHORT = "row cut off mid-character (file truncated)"
_BLOCK = 16 << 20  # a row longer than Arrow's block is read by the fallback


def field_count_problem(actual: int, expected: int) -> str:
    """The quarantine reason of a row with the wrong number of fields."""
    return f"row has {actual} fields, expected {expected}"


def _header(source: str, path: Path, data: pa.Buffer) -> list[str]:
    """The CSV's column names, parsed from its first line."""
    head = data.slice(0, min(data.size, 1 << 16)).to_pybytes()
    line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
    if not line.strip():
        raise UnusableExtract(source, path.name, "empty file")
    return next(csv.reader([line]))


def _fast(data: pa.Buffer, header: list[str]) -> pa.Table | None:
    """The rows read by Arrow, or None when a row is malformed (or too long for a block)."""
    malformed = []
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=_BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=True,
                                             invalid_row_handler=lambda row: malformed.append(1) or "skip"),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header}, strings_can_be_null=False),
        )
    except pa.ArrowInvalid:  # its message may quote a data row: never pass it on
        return None
    return None if malformed else table


def laid_out(fields: list[str], width: int) -> list[str]:
    """A row's fields fitted to ``width`` columns: padded, or surplus joined to the last one."""
    if len(fields) <= width:
        return fields + [""] * (width - len(fields))
    return fields[:width - 1] + [",".join(fields[width - 1:])]


def _row_by_row(data: pa.Buffer, header: list[str]) -> tuple[pa.Table, dict[int, str]]:
    """Every data row read with the csv module, and the rows whose field count is wrong."""
    text = data.to_pybytes().decode("utf-8")
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))  # only ever raised
    records = (fields for fields in csv.reader(io.StringIO(text, newline="")) if fields)
    next(records, None)  # the header
    rows, problems = [], {}
    for position, fields in enumerate(records):
        if len(fields) != len(header):
            problems[position] = field_count_problem(len(fields), len(header))
        rows.append(laid_out(fields, len(header)))
    columns = zip(*rows, strict=True) if rows else [()] * len(header)
    return pa.table({name: pa.array(values, pa.string()) for name, values in zip(header, columns, strict=True)}), problems


def csv_header(source: str, path: Path) -> list[str]:
    """The CSV's column names from its first 64 KiB, decoded as the whole file would be."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    if not line.strip():
        raise UnusableExtract(source, path.name, "empty file")
    for encoding in ("utf-8", "gb18030"):
        try:
            return next(csv.reader([line.decode(encoding)]))
        except UnicodeDecodeError:
            continue
    raise UnusableExtract(source, path.name, "encoding is neither UTF-8 nor GB18030")


def read_csv(source: str, path: Path) -> tuple[pa.Table, dict[int, str]]:
    """The CSV's rows as text and its row problems (position → reason)."""
    decoded = csv_as_utf8(source, path)
    header = _header(source, path, decoded.data)
    CONTRACTS[source].refuse_duplicates(header, path.name)
    table, problems = _fast(decoded.data, header), {}
    if table is None:
        table, problems = _row_by_row(decoded.data, header)
    if decoded.cut_short and table.num_rows:
        problems.setdefault(table.num_rows - 1, CUT_SHORT)
    return table, problems
