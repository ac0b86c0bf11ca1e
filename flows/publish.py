"""Everything a run writes into its output folder, in the shapes of contract §3.

The warehouse holds the stages' tables; this module turns them into the files
systems and auditors open: the ledger (manifest), quarantine CSVs, links,
flags, evidence and the two reports.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

import reports
import rules

import review
from flows.cases import FLAG_FILE_COLUMNS, write_exits
from flows.history import FLAG_COLUMNS
from flows.changes import compare_flags, count_changes, with_cases
from flows.outputs import MANIFEST, write_csv_with_bom, write_json
from flows.report_inputs import report_bundle
from flows.tasks import IngestedSource
from flows.timing import StageClock
from flows.warehouse import copy_to_parquet, fetch_frame

MATCHES_SQL = """
    SELECT source, record_id, household_id, member_no, method, score, decision
    FROM links ORDER BY source, record_id, household_id, member_no
"""
EVIDENCE_SQL = "SELECT * FROM evidence ORDER BY household_id, rule_id, source, record_id, member_no"


def write_outputs(
    con: duckdb.DuckDBPyConnection, folder: Path, *,
    staged: list[IngestedSource], rule_set: rules.RuleSet, judged: rules.RuleSummary, book: review.CaseBook,
    as_of: date, started_at: datetime, previous_flags: pd.DataFrame | None, campaign: str | None, clock: StageClock,
    as_of_source: dict,
) -> tuple[dict, pd.DataFrame]:
    """Write every output file into ``folder``; return the manifest and the cases (flags with
    fingerprints, states and record hashes) for the run history."""
    for source in staged:
        if len(source.quarantine):
            write_csv_with_bom(source.quarantine, folder / "quarantine" / f"{source.source}.csv")
    copy_to_parquet(con, MATCHES_SQL, folder / "matches.parquet")
    copy_to_parquet(con, EVIDENCE_SQL, folder / "evidence.parquet")
    flags = book.cases
    write_csv_with_bom(flags[FLAG_FILE_COLUMNS], folder / "flags.csv")
    changes = compare_flags(previous_flags, flags)
    write_csv_with_bom(with_cases(changes, flags, book.before, book.resolved), folder / "changes.csv")
    if campaign:
        write_csv_with_bom(numbered_cases(flags, campaign), folder / "cases.csv")
    manifest = build_manifest(con, staged, rule_set, judged, as_of, started_at)
    manifest["campaign"] = campaign
    manifest["as_of_source"] = as_of_source
    manifest["changes"] = count_changes(changes) if previous_flags is not None else None
    manifest["cases"] = {**book.counts, "exit_candidates": write_exits(con, book, folder / "exits.csv")}
    with clock.stage("report"):
        write_reports(con, folder, manifest, rule_set, book)
    manifest["timings"] = clock.seconds
    manifest["finished_at"] = _timestamp(datetime.now(timezone.utc))
    write_json(manifest, folder / MANIFEST)
    return manifest, flags[list(FLAG_COLUMNS)]


def write_reports(con: duckdb.DuckDBPyConnection, folder: Path, manifest: dict, rule_set: rules.RuleSet,
                  book: review.CaseBook) -> None:
    """The report stage: ``report.html`` and ``report.xlsx`` from one report bundle, masked once.

    The workbook is built in a second thread while the page renders: much of both
    (Arrow kernels, zlib) runs without the GIL, which took ~25% off the stage's wall time.
    """
    bundle = reports.masked(report_bundle(con, manifest, rule_set, book))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hecha-workbook") as pool:
        workbook = pool.submit(reports.build_workbook, bundle)
        (folder / "report.html").write_text(reports.render_html(bundle), encoding="utf-8")
        (folder / "report.xlsx").write_bytes(workbook.result())


def build_manifest(
    con: duckdb.DuckDBPyConnection, staged: list[IngestedSource], rule_set: rules.RuleSet,
    judged: rules.RuleSummary, as_of: date, started_at: datetime,
) -> dict:
    """The run's ledger: sources with row accounting, flag counts by rule and status
    (as the rules stage counted them), data problems, skipped rules and links."""
    return {
        "run_id": f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}",
        "as_of": as_of.isoformat(),
        "started_at": _timestamp(started_at),
        "finished_at": None,
        "rules_version": rule_set.version,
        "sources": {s.source: s.ledger for s in staged},
        "flags": flag_counts(judged, [r.id for r in rule_set.rules]),
        "data_problems": _count(con, "SELECT count(DISTINCT household_id) FROM data_problems"),
        "skipped_rules": [{"rule_id": r, "reason": why} for r, why in sorted(judged.skipped.items())],
        "links": fetch_frame(
            con, "SELECT source, decision, count(*) AS links FROM links GROUP BY ALL ORDER BY ALL"
        ).to_dict("records"),
    }


def flag_counts(judged: rules.RuleSummary, rule_ids: list[str]) -> dict[str, dict[str, int]]:
    """``{rule_id: {"breach": n, "review": m}}`` for every rule of the set, zeros included."""
    return {rule_id: {"breach": 0, "review": 0, **judged.flags.get(rule_id, {})} for rule_id in rule_ids}


def numbered_cases(flags: pd.DataFrame, campaign: str) -> pd.DataFrame:
    """One case per flagged household, numbered ``<campaign>-00001`` … in household order."""
    grouped = flags.groupby("household_id", sort=True).agg(
        rule_ids=("rule_id", lambda ids: ";".join(sorted(ids))),
        status=("status", lambda s: "breach" if (s == "breach").any() else "review"),
    ).reset_index()
    grouped.insert(0, "case_no", [f"{campaign}-{i:05d}" for i in range(1, len(grouped) + 1)])
    return grouped


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.sql(sql).fetchall()[0][0])


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
