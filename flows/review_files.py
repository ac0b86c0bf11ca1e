"""Decision files on disk: read an auditor's CSV or workbook, write the case export.

A CSV is decoded like the extracts (UTF-8, UTF-8 with BOM or GB18030, detected);
a workbook is read from its first sheet that has the decision columns (in
report.xlsx that is the case sheet). Every cell is read as text.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import xlsxwriter
from openpyxl.utils.exceptions import InvalidFileException

import review
from data_contracts.encoding import csv_as_utf8
from data_contracts.excel import sheet_rows
from flows.errors import UsageError
from flows.outputs import write_csv_with_bom
from reports.cells import safe_text

EXPORT_COLUMNS = ["household_id", "rule_id", "status", "value", "threshold", "evidence", "state", "state_zh",
                  "decided_on", "reviewer", "note", "last_decided_on", "last_reviewer", "last_note",
                  "last_decision_at", "fingerprint"]


def _frame(rows: list[list[str]], file_name: str) -> pd.DataFrame:
    header, *body = rows
    bad = [f"row {i}: {len(r)} fields, the header has {len(header)}" for i, r in enumerate(body, 2)
           if len(r) != len(header) and any(cell.strip() for cell in r)]
    if bad:
        raise review.DecisionFileError(file_name, bad)
    body = [r for r in body if len(r) == len(header)]
    return pd.DataFrame(body, columns=header, dtype=str) if body else pd.DataFrame(columns=header, dtype=str)


def _workbook_rows(path: Path) -> list[list[str]]:
    """The rows of the first sheet whose header names every required decision column."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UsageError(f"{path}: not a readable Excel workbook") from None
    try:
        for sheet in book.worksheets:
            rows = sheet_rows(sheet)
            words = {str(c).split()[-1] for c in (rows[0] if rows else []) if str(c).split()}
            if set(review.decisions.REQUIRED) <= words:
                return rows
    finally:
        book.close()
    raise review.DecisionFileError(path.name, [f"not a decision file: no sheet has the columns "
                                               f"{', '.join(review.decisions.REQUIRED)}"])


def read_decision_file(path: Path) -> pd.DataFrame:
    """An auditor's decision file as text columns (header as written)."""
    if not path.is_file():
        raise UsageError(f"decision file {path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _frame(_workbook_rows(path), path.name)
    if suffix != ".csv":
        raise UsageError(f"decision file {path}: want a .csv or .xlsx file")
    decoded = csv_as_utf8("decisions", path)
    if decoded.cut_short:
        raise review.DecisionFileError(path.name, ["the file ends in the middle of a character: it was cut short"])
    rows = list(csv.reader(io.StringIO(decoded.data.to_pybytes().decode("utf-8"), newline="")))
    if not rows:
        raise review.DecisionFileError(path.name, ["empty file"])
    return _frame(rows, path.name)


def export_frame(cases: pd.DataFrame) -> pd.DataFrame:
    """Every case of the latest run with its current state, ready to be filled in."""
    out = cases.copy()
    out["state_zh"] = out["state"].map(lambda s: review.BY_ID[s].label_zh)
    out[["decided_on", "reviewer", "note"]] = ""
    out["last_decided_on"] = pd.to_datetime(out["last_decided_on"]).dt.strftime("%Y-%m-%d").fillna("")
    out["last_reviewer"] = out["last_reviewer"].fillna("")
    out["last_note"] = out["last_note"].fillna("")
    return out[EXPORT_COLUMNS].fillna("")


def write_export(frame: pd.DataFrame, path: Path) -> None:
    """The export as CSV (UTF-8 with BOM) or a workbook with a drop-down of the states."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv_with_bom(frame, path)
        return
    if suffix != ".xlsx":
        raise UsageError(f"--to {path}: want a .csv or .xlsx file")
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(path), options) as book:
        sheet = book.add_worksheet("cases")
        sheet.write_row(0, 0, list(frame.columns), book.add_format({"bold": True}))
        for row, values in enumerate(frame.astype(str).itertuples(index=False), 1):
            for col, value in enumerate(values):
                if value:
                    sheet.write_string(row, col, safe_text(value))
        choices = [s.id for s in review.STATES] + [s.label_zh for s in review.STATES]
        state = frame.columns.get_loc("state")
        sheet.data_validation(1, state, max(len(frame), 1), state, {"validate": "list", "source": choices})
        sheet.freeze_panes(1, 0)
