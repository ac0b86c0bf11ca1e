"""reports: the auditors' report (self-contained HTML and an Excel workbook).

The stage takes the run manifest and the case tables (docs/pipeline.md §4)
and returns text/bytes; `flows/` writes the files. IDs are masked and every
input value is escaped or neutralised here.
"""
from __future__ import annotations

from reports.bundle import MaskedBundle, ReportBundle, masked
from reports.html import render_html
from reports.masking import mask_id
from reports.workbook import build_workbook

__all__ = ["MaskedBundle", "ReportBundle", "build_workbook", "mask_id", "masked", "render_html"]
