"""The match stage alone, at scale: seconds per part, candidate pairs per member, peak RSS, P/R.

    python benchmarks/match_stage.py --warehouse RUN.duckdb --truth DROP/truth --work DIR [--profile]
    python benchmarks/match_stage.py --compare DIR_A DIR_B

Copies the staged tables (``stg_*``) of a run's warehouse into ``DIR/staged.duckdb``
(once; the sources come from its ``data_run`` row), copies that file to a fresh
``DIR/run.duckdb`` and, in a fresh process, runs ``matchers.link_records`` as the
flow's ``match_identities`` does: the run's sources, as of 2026-11-30, the
``MatchConfig`` of ``rules/reference/matcher.yaml``. The parts' wall and CPU
seconds come from the ``matchers.timing`` log (``--profile``: a pyinstrument
text and HTML profile too). ``links`` and ``member_ids`` are written to
``DIR/out/`` and ``matches.parquet`` as ``flows/publish.py`` writes it, scored
against the truth's ``links.csv`` (``benchmarks/scale/accuracy.py``).
``--compare`` holds two such outputs equal: links by (source, record_id,
household_id, member_no, method, decision, score rounded to 6, explanation)
and member_ids row by row.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-30"
LINK_KEY = "source, record_id, household_id, member_no, method, decision, round(score, 6) AS score, explanation"


def stage_copy(warehouse: Path, work: Path) -> Path:
    """``work/staged.duckdb``: the warehouse's ``stg_*`` tables and ``sources.json`` (made once)."""
    staged = work / "staged.duckdb"
    if staged.exists():
        return staged
    work.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(work / "staged.tmp.duckdb"), config={"autoinstall_known_extensions": False})
    con.execute("ATTACH ? AS src (READ_ONLY)", [str(warehouse)])
    tables = con.sql("SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' "
                     "AND table_name LIKE 'stg\\_%' ESCAPE '\\' ORDER BY 1").fetchall()
    for (table,) in tables:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM src.{table}")
    sources = con.sql("SELECT sources FROM src.data_run").fetchall()[0][0]
    con.execute("DETACH src")
    con.close()
    (work / "sources.json").write_text(json.dumps(sources))
    (work / "staged.tmp.duckdb").rename(staged)
    return staged


class _Parts(logging.Handler):
    """Collects the ``matchers.timing`` records: seconds per part, rows per table."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, dict[str, float]] = {}
        self.rows: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "rows"):
            self.rows[record.part] = record.rows
        else:
            self.seconds[record.part] = {"wall": round(record.wall, 3), "cpu": round(record.cpu, 3)}


def child(database: Path, sources: list[str], out: Path, profile: bool) -> None:
    """Run the linker on ``database`` (this process is fresh); write outputs and ``result.json`` to ``out``."""
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    import matchers
    from flows.matcher_settings import load_match_config
    from flows.warehouse import open_warehouse

    parts = _Parts()
    logging.getLogger("matchers.timing").addHandler(parts)
    logging.getLogger("matchers.timing").setLevel(logging.DEBUG)
    config = load_match_config(ROOT / "rules" / "reference")
    con = open_warehouse(database)
    profiler = None
    if profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.01)
        profiler.start()
    wall, cpu = time.perf_counter(), time.process_time()
    matchers.link_records(con, sources, config, as_of=dt.date.fromisoformat(AS_OF))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if profiler is not None:
        profiler.stop()
        (out / "profile.txt").write_text(profiler.output_text(unicode=True, show_all=False))
        (out / "profile.html").write_text(profiler.output_html())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for table, order in (("links", "source, record_id, household_id, member_no"),
                         ("member_ids", "household_id, member_no")):
        con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{out / table}.parquet' (FORMAT parquet)")
    con.close()
    result = {"wall": round(wall, 3), "cpu": round(cpu, 3), "peak_rss_bytes": rss,
              "parts": parts.seconds, "rows": parts.rows}
    (out / "result.json").write_text(json.dumps(result, indent=1))


def write_matches(out: Path) -> Path:
    """``out/matches.parquet`` from ``out/links.parquet`` with the flow's MATCHES_SQL."""
    sys.path.insert(0, str(ROOT))
    from flows.publish import MATCHES_SQL
    from flows.warehouse import copy_to_parquet

    con = duckdb.connect()
    con.execute(f"CREATE VIEW links AS SELECT * FROM read_parquet('{out / 'links.parquet'}')")
    copy_to_parquet(con, MATCHES_SQL, out / "matches.parquet")
    con.close()
    return out / "matches.parquet"


def compare(a: Path, b: Path) -> dict:
    """Rows only in ``a`` / only in ``b``, of links (key columns) and member_ids."""
    con = duckdb.connect()
    found = {}
    for table, columns in (("links", LINK_KEY), ("member_ids", "*")):
        left = f"SELECT {columns} FROM read_parquet('{a / table}.parquet')"
        right = f"SELECT {columns} FROM read_parquet('{b / table}.parquet')"
        found[table] = {
            "rows": con.sql(f"SELECT count(*) FROM ({left})").fetchall()[0][0],
            "only_a": con.sql(f"SELECT count(*) FROM ({left} EXCEPT ALL {right})").fetchall()[0][0],
            "only_b": con.sql(f"SELECT count(*) FROM ({right} EXCEPT ALL {left})").fetchall()[0][0]}
    con.close()
    return found


def measure(warehouse: Path, truth: Path, work: Path, profile: bool) -> dict:
    """Stage, run the linker in a fresh process, score; print and return the figures."""
    staged = stage_copy(warehouse, work)
    sources = json.loads((work / "sources.json").read_text())
    run, out = work / "run.duckdb", work / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    run.unlink(missing_ok=True)
    shutil.copyfile(staged, run)
    subprocess.run([sys.executable, __file__, "--child", str(run), "--out", str(out),
                    "--sources", ",".join(sources), *(["--profile"] if profile else [])], check=True, cwd=ROOT)
    result = json.loads((out / "result.json").read_text())
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale.accuracy import score_hecha

    scored = score_hecha(truth, write_matches(out))
    result.update(precision=scored["precision"], recall=scored["recall"],
                  pairs_per_member=round(result["rows"]["_m_pairs"] / result["rows"]["_m_member"], 3))
    (out / "result.json").write_text(json.dumps(result, indent=1))
    run.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--compare", nargs=2, type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sources", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.sources.split(","), args.out, args.profile)
    elif args.compare:
        print(json.dumps(compare(*args.compare), indent=1))
    else:
        print(json.dumps(measure(args.warehouse, args.truth, args.work, args.profile), indent=1))


if __name__ == "__main__":
    main()
