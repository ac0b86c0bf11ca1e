"""Name keys of a whole column at once: each distinct raw name normalised once, in Python.

``normalize_names`` does the work (one opencc call, each distinct cleaned text
keyed once); this module fetches the distinct raw names of a query, builds the
two Arrow tables (raw → name_text; name_text → sound and sorted sounds) and
writes the temporary table the linker joins. Building the tables holds only
Python objects, so the linker runs it in a thread while DuckDB, which releases
the GIL, works on the IDs and the records.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

import duckdb
import pyarrow as pa

from .names import normalize_names

NameTables = tuple[pa.Table, pa.Table]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: building hundreds of thousands of
    small name keys otherwise sets off collections costing ~40 % of the work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def distinct_names(con: duckdb.DuckDBPyConnection, raws_sql: str) -> list[str]:
    """The non-null values of the one-column query ``raws_sql`` (distinct, as the query gives them)."""
    return [r for r in con.sql(raws_sql).to_arrow_table().column(0).to_pylist() if r is not None]


def name_tables(raws: list[str]) -> NameTables:
    """(raw → name_text, name_text → sound and sorted sounds), each distinct text once."""
    with _gc_paused():
        keys = normalize_names(raws)
        texts = list({k.text: k for k in keys if k.text is not None}.values())
        return (pa.table({"raw": pa.array(raws, pa.string()),
                          "name_text": pa.array([k.text for k in keys], pa.string())}),
                pa.table({"name_text": pa.array([k.text for k in texts], pa.string()),
                          "sound": pa.array([k.sound for k in texts], pa.string()),
                          "sounds": pa.array([sorted(k.sounds) for k in texts], pa.list_(pa.string()))}))


def store_names(con: duckdb.DuckDBPyConnection, tables: NameTables, target: str) -> None:
    """Write the temporary ``target`` (raw, name_text, sound, sounds) from ``name_tables``."""
    by_raw, by_text = tables
    con.register("_m_name_raw", by_raw)
    con.register("_m_name_sound", by_text)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {target} AS
                   SELECT r.raw, r.name_text, s.sound, coalesce(s.sounds, []::VARCHAR[]) AS sounds
                   FROM _m_name_raw r LEFT JOIN _m_name_sound s USING (name_text)""")
    con.unregister("_m_name_raw")
    con.unregister("_m_name_sound")


def normalize_name_column(con: duckdb.DuckDBPyConnection, raws_sql: str, target: str) -> None:
    """Write ``target`` (raw, name_text, sound, sounds): each distinct raw name of the
    one-column query ``raws_sql`` normalised once."""
    store_names(con, name_tables(distinct_names(con, raws_sql)), target)
