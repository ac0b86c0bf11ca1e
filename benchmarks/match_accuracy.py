"""Matcher accuracy and speed on a generated drop with ground truth.

    python benchmarks/match_accuracy.py --households 3000 [--seed 11]
    python benchmarks/match_accuracy.py --drop DIR/drop --truth DIR/truth

Generates a drop with ``sample_data/generate.py`` (unless ``--drop`` is given),
loads every CSV file as text into ``stg_<source>`` tables (without the rows the
truth lists as quarantined) of an in-memory DuckDB,
runs ``matchers.link_records`` and prints auto-link precision, review-link
precision, recall (auto + review), the review share, the misses and false links
by kind of noise, and the seconds the linker took.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pcsv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from matchers import link_records  # noqa: E402

PERSON_TEXT = ("id_number", "name", "former_name")


def _read_text_csv(path: Path):
    """A CSV file as an Arrow table of strings, in UTF-8 (BOM or not) or GB18030."""
    raw = path.read_bytes()
    encoding = "utf-8-sig"
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = "gb18030"
    header = raw.decode(encoding).split("\n", 1)[0].strip().split(",")
    return pcsv.read_csv(path, read_options=pcsv.ReadOptions(encoding=encoding),
                         convert_options=pcsv.ConvertOptions(column_types={c: "string" for c in header}))


def load_drop(con: duckdb.DuckDBPyConnection, drop: Path, truth: Path) -> list[str]:
    """Stage every CSV of the drop as text (person columns trimmed, empty → NULL),
    leaving out the rows the truth says are quarantined; return the agency sources."""
    quarantine = _read_text_csv(truth / "quarantine.csv") if (truth / "quarantine.csv").exists() else None
    con.register("_quarantine", quarantine if quarantine is not None else
                 pa.table({"source": pa.array([], pa.string()), "_row": pa.array([], pa.string())}))
    sources = []
    for path in sorted(drop.glob("*.csv")):
        stem, table = path.stem, _read_text_csv(path)
        con.register("_raw", table.append_column("_row", pa.array(range(1, table.num_rows + 1))))
        select = ", ".join(f'nullif(trim("{c}"), \'\') AS "{c}"' if c in PERSON_TEXT else f'"{c}"'
                           for c in table.column_names)
        con.execute(f"""CREATE OR REPLACE TABLE stg_{stem} AS SELECT {select}, _row FROM _raw
                        WHERE _row NOT IN (SELECT _row::BIGINT FROM _quarantine WHERE source = '{stem}')""")
        con.unregister("_raw")
        if stem == "members":
            con.execute("CREATE OR REPLACE TABLE stg_members AS SELECT * REPLACE ("
                        "member_no::BIGINT AS member_no, try_cast(birth_date AS DATE) AS birth_date) "
                        "FROM stg_members")
        elif stem != "households":
            sources.append(stem)
    return sources


def generate(households: int, seed: int, out: Path) -> tuple[Path, Path]:
    """Run the sample-data generator; return (drop dir, truth dir)."""
    subprocess.run([sys.executable, str(ROOT / "sample_data" / "generate.py"), "--households",
                    str(households), "--seed", str(seed), "--out", str(out), "--formats", "csv"],
                   check=True)
    return out / "drop", out / "truth"


def evaluate(con: duckdb.DuckDBPyConnection, truth: Path) -> None:
    """Print precision, recall, review share and the errors by kind of noise."""
    con.register("_truth", _read_text_csv(truth / "links.csv"))
    con.register("_decoys", _read_text_csv(truth / "decoys.csv"))
    con.execute("""
        CREATE OR REPLACE TABLE _judged AS
        SELECT l.source, l.record_id, l.decision, t.record_id IS NOT NULL AS correct,
               coalesce(d.kind, (SELECT any_value(noise) FROM _truth x
                                 WHERE x.source = l.source AND x.record_id = l.record_id), 'stranger') AS kind
        FROM links l
        LEFT JOIN _truth t ON t.source = l.source AND t.record_id = l.record_id
         AND t.household_id = l.household_id AND t.member_no::BIGINT = l.member_no
        LEFT JOIN _decoys d ON d.source = l.source AND d.record_id = l.record_id""")
    auto, review, total, found, truths = con.sql("""
        SELECT avg(correct::INT) FILTER (decision = 'auto'), avg(correct::INT) FILTER (decision = 'review'),
               count(*), count(*) FILTER (correct), (SELECT count(*) FROM _truth) FROM _judged""").fetchall()[0]
    review_n = con.sql("SELECT count(*) FROM _judged WHERE decision = 'review'").fetchall()[0][0]
    print(f"links {total}  truth {truths}")
    print(f"auto precision   {auto if auto is None else round(auto, 5)}")
    print(f"review precision {review if review is None else round(review, 5)}")
    print(f"recall           {found / truths:.5f}")
    print(f"review share     {review_n / total:.4f}")
    print("misses by noise:")
    print(con.sql("""SELECT t.source, coalesce(t.noise, 'none') AS noise, count(*) AS n FROM _truth t
                     ANTI JOIN _judged j ON j.source = t.source AND j.record_id = t.record_id AND j.correct
                     GROUP BY ALL ORDER BY n DESC"""))
    print("false and review links by kind:")
    print(con.sql("SELECT kind, decision, correct, count(*) AS n FROM _judged "
                  "WHERE NOT correct OR decision = 'review' GROUP BY ALL ORDER BY n DESC"))


def main() -> None:
    """Parse arguments, build or take a drop, link it and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--drop", type=Path)
    parser.add_argument("--truth", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drop, truth = (args.drop, args.truth) if args.drop else generate(args.households, args.seed, Path(tmp))
        con = duckdb.connect()
        started = time.perf_counter()
        sources = load_drop(con, drop, truth)
        loaded = time.perf_counter()
        summary = link_records(con, sources)
        linked = time.perf_counter()
        print(f"sources {sources}; load {loaded - started:.1f} s; link_records {linked - loaded:.1f} s")
        print(f"links by decision {summary.by('decision')}; by method {summary.by('method')}")
        evaluate(con, truth)


if __name__ == "__main__":
    main()
