"""The floor: the least any verification can do — read every file once and join on exact ID.

One DuckDB query reads the members and every agency file of the drop (same
files, same format as ``hecha run`` reads), trims the ID on both sides and
counts the agency records whose ID equals a member's. No normalising, no
validation, no rules: whatever hecha spends beyond this is the price of those.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from scale.drops import scan_sql, source_files

REGISTER = ("households", "members")


def floor_sql(drop_dir: Path) -> str:
    """The one query: every agency file joined to the members on trimmed ID, matches per source."""
    files = source_files(drop_dir)
    agency = " UNION ALL ".join(
        f"SELECT '{source}' AS source, trim(id_number) AS id FROM {scan_sql(path)}"
        for source, path in files.items() if source not in REGISTER)
    return (f"WITH member AS (SELECT trim(id_number) AS id FROM {scan_sql(files['members'])} "
            f"WHERE nullif(trim(id_number), '') IS NOT NULL), agency AS ({agency}) "
            "SELECT source, count(*) AS matches FROM agency JOIN member USING (id) "
            "GROUP BY source ORDER BY source")


def run_floor(drop_dir: Path) -> dict:
    """Time the floor query in-process (connect + read + join + count); return seconds and matches."""
    started = time.perf_counter()
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        rows = con.sql(floor_sql(drop_dir)).fetchall()
    finally:
        con.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "matches": {source: count for source, count in rows}}
