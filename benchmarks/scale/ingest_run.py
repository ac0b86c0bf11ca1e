"""One fresh process ingesting a drop as the flow does; prints its figures as one JSON line.

    python benchmarks/scale/ingest_run.py DROP WORK

Households first (members are checked against the accepted households), then
members and the agency sources two at a time in the flow's order, each one
``read_extract_arrow`` → ``stage_source`` → ``store_table`` into a warehouse file
in WORK (``flows.tasks.ingest_source`` without Prefect). Per source: rows,
wall seconds of each step, and the CPU seconds of its worker thread (Arrow's
and DuckDB's own threads count in the process CPU only).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import data_contracts
from flows.drop import source_files
from flows.warehouse import open_warehouse, store_table


def ingest(source: str, path: Path, con, household_ids: set[str] | None = None) -> dict:  # noqa: ANN001
    """Read, stage and store one source as ``ingest_source`` does; its timings."""
    started, cpu = time.perf_counter(), time.thread_time()
    raw = getattr(data_contracts, "read_extract_arrow", data_contracts.read_extract)(source, path)
    read = time.perf_counter()
    staged = data_contracts.stage_source(source, raw, household_ids=household_ids)
    stage = time.perf_counter()
    with con.cursor() as cursor:
        store_table(cursor, f"stg_{source}", staged.accepted)
    done = time.perf_counter()
    return {"source": source, "rows": staged.received, "quarantined": staged.quarantined_count,
            "read": read - started, "stage": stage - read, "store": done - stage, "wall": done - started,
            "thread_cpu": time.thread_time() - cpu}


def main(drop: Path, work: Path) -> dict:
    """Ingest every source of ``drop``; the figures of the whole phase and per source."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "warehouse.duckdb").unlink(missing_ok=True)
    files = source_files(drop)
    agency = [s for s in data_contracts.SOURCES if s in files and s not in ("households", "members")]
    con = open_warehouse(work / "warehouse.duckdb")
    before, started = os.times(), time.perf_counter()
    figures = [ingest("households", files["households"], con)]
    ids = {row[0] for row in con.sql("SELECT household_id FROM stg_households").fetchall()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(ingest, "members", files["members"], con, ids)]
        futures += [pool.submit(ingest, source, files[source], con) for source in agency]
        figures += [future.result() for future in futures]
    wall, after = time.perf_counter() - started, os.times()
    con.close()
    cpu = (after.user - before.user) + (after.system - before.system)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall": wall, "cpu": cpu, "user": after.user - before.user, "sys": after.system - before.system,
            "peak_rss_mb": peak, "sources": figures}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
