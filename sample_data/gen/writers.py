"""Byte-deterministic writers: CSV (UTF-8, UTF-8 with BOM, GB18030), Parquet and xlsx.

Every column is written as text (IDs stay IDs in Excel); xlsx archives get
fixed timestamps so the same drop always produces the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

FIXED_TIME = dt.datetime(2026, 1, 1)
# (extension, encoding) per source for the `mixed` format
MIXED = {"households": ("csv", "utf-8-sig"), "members": ("xlsx", None), "hukou": ("parquet", None),
         "vehicles": ("csv", "gb18030"), "hr": ("parquet", None), "bank": ("csv", "gb18030"),
         "housing": ("xlsx", None), "civil_affairs": ("csv", "utf-8"), "business": ("parquet", None)}


def layout(source: str, formats: str) -> tuple[str, str | None]:
    """File extension and CSV encoding of a source under a format choice (mixed, csv, parquet)."""
    if formats == "mixed":
        return MIXED[source]
    return (formats, "utf-8" if formats == "csv" else None)


def write_csv(table: pa.Table, path: Path, encoding: str = "utf-8") -> None:
    """CSV with a header, quoted only where needed, empty cells for nulls; BOM or GB18030 on request."""
    with duckdb.connect() as con:
        con.register("source_table", table)
        con.execute("SET preserve_insertion_order = true")
        con.execute(f"COPY source_table TO '{path}' (FORMAT csv, HEADER true)")
    if encoding != "utf-8":
        data = path.read_bytes()
        path.write_bytes(b"\xef\xbb\xbf" + data if encoding == "utf-8-sig" else data.decode("utf-8").encode(encoding))


def write_parquet(table: pa.Table, path: Path) -> None:
    """Parquet, all columns strings, no pandas metadata."""
    pq.write_table(table.replace_schema_metadata(None), path, compression="zstd")


def write_xlsx(table: pa.Table, path: Path) -> None:
    """First-sheet workbook with every cell as text, normalised to fixed zip and document times."""
    book = Workbook(write_only=True)
    book.properties.created = FIXED_TIME
    sheet = book.create_sheet("data")
    sheet.append(table.column_names)
    for batch in table.to_batches(50_000):
        for row in zip(*(column.to_pylist() for column in batch.columns)):
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated FIXED_TIME and a fixed modified property."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def write_table(table: pa.Table, directory: Path, stem: str, formats: str) -> Path:
    """Write one source in the layout chosen for it; returns the file written."""
    extension, encoding = layout(stem, formats)
    path = directory / f"{stem}.{extension}"
    if extension == "csv":
        write_csv(table, path, encoding)
    elif extension == "parquet":
        write_parquet(table, path)
    else:
        write_xlsx(table, path)
    return path
