"""Does the ingest stage give the same result as before a change? Dump a drop's ingest, compare two dumps.

    python benchmarks/ingest_equality.py dump DROP OUT [--path frame|arrow]
    python benchmarks/ingest_equality.py compare A B

``dump`` ingests every source of DROP (households first, members checked
against them) and keeps per source the accepted Arrow table ``stage_source``
returned, the table DuckDB stored from it (``store_table``, read back with
its SQL types), the quarantine frame and the ledger entry. ``--path arrow``
reads with ``read_extract_arrow`` (the flow's path), ``frame`` with
``read_extract``. ``compare`` requires every column, type and value, every
quarantined row and reason, and every ledger count to be equal; it exits 1
and names what differs otherwise.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import duckdb
import pandas as pd

import data_contracts
from flows.drop import source_files
from flows.warehouse import store_table


def _read(source: str, path: Path, how: str):  # noqa: ANN202 - a frame or an Arrow extract
    if how == "arrow":
        return data_contracts.read_extract_arrow(source, path)
    return data_contracts.read_extract(source, path)


def dump(drop: Path, out: Path, how: str) -> None:
    """Ingest ``drop`` and pickle, per source, what a run keeps of it."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    ids = None
    for source, path in source_files(drop).items():
        staged = data_contracts.stage_source(source, _read(source, path, how),
                                             household_ids=ids if source == "members" else None)
        store_table(con, f"stg_{source}", staged.accepted)
        stored = con.sql(f'SELECT * FROM "stg_{source}"').to_arrow_table()
        types = con.sql(f'DESCRIBE "stg_{source}"').fetchall()
        if source == "households":
            ids = {row[0] for row in con.sql("SELECT household_id FROM stg_households").fetchall()}
        kept = {"accepted": staged.accepted.combine_chunks(), "stored": stored.combine_chunks(), "types": types,
                "quarantine": staged.quarantine, "ledger": staged.ledger_entry(path.name, "-")}
        (out / f"{source}.pickle").write_bytes(pickle.dumps(kept))
        print(f"{source}: {staged.received} received, {staged.quarantined_count} quarantined", flush=True)


def _differences(a: dict, b: dict) -> list[str]:
    """What differs between two dumps of one source (empty: nothing)."""
    found = [key for key in ("accepted", "stored") if not a[key].equals(b[key], check_metadata=False)
             or a[key].schema != b[key].schema]
    found += [key for key in ("types", "ledger") if a[key] != b[key]]
    try:
        pd.testing.assert_frame_equal(a["quarantine"], b["quarantine"], check_dtype=True, check_exact=True)
    except AssertionError:
        found.append("quarantine")
    return found


def compare(a: Path, b: Path) -> int:
    """0 when every source's dump is equal in ``a`` and ``b``; 1 (naming what differs) otherwise."""
    names = sorted(p.name for p in a.glob("*.pickle"))
    if names != sorted(p.name for p in b.glob("*.pickle")):
        print("the dumps hold different sources")
        return 1
    failed = 0
    for name in names:
        found = _differences(pickle.loads((a / name).read_bytes()), pickle.loads((b / name).read_bytes()))
        print(f"{Path(name).stem}: {'equal' if not found else 'DIFFERS in ' + ', '.join(found)}")
        failed |= bool(found)
    return failed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("drop", type=Path)
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--path", choices=("frame", "arrow"), default="frame")
    comparing = commands.add_parser("compare")
    comparing.add_argument("a", type=Path)
    comparing.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.drop, args.out, args.path)
    else:
        sys.exit(compare(args.a, args.b))
