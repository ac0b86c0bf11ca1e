"""What a run's matcher keeps for later: its prepared keys and learned weights.

An on-demand check links one household against the agency data of the
latest run. To link it exactly as that run would have, it needs the run's
distinct agency persons with their keys (``match_persons``), the registered
members with theirs (``match_members``, the tie rules compare a record's
candidates across households), the name frequencies (``match_name_tf``), every
agency record's person (``match_records``), the persons' fuzzy blocking keys
sorted for lookup (``match_sound_keys``, ``match_name_keys``) and one row of
``match_model``: the weights, the term-frequency average, the
configuration and the as-of date the keys were computed for. Nothing is
learned again: the check uses the run's weights as they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from .config import MatchConfig
from .storage import compact_strings
from .weights import Weights

RENAMED = {"_m_name_tf": "match_name_tf", "_m_records": "match_records", "_m_person": "match_persons"}

# Written from the temporary working tables (``storage.py``), in the order that lets a lookup of a few
# keys read a few row groups (DuckDB's zone maps).
DERIVED = {
    "match_members": "SELECT * FROM _m_member ORDER BY m_id",
    "match_sound_keys": "SELECT sound, region5, id_birth8, owner, p_id FROM match_persons WHERE sound IS NOT NULL "
                        "ORDER BY sound, region5, id_birth8, p_id",
    "match_name_keys": "SELECT name_text, id_cand, p_id FROM match_persons WHERE id_cand IS NULL "
                       "AND name_text IS NOT NULL ORDER BY name_text, p_id",
}

_MODEL = "CREATE OR REPLACE TABLE match_model (weights VARCHAR, u_average DOUBLE, config VARCHAR, as_of DATE)"


@dataclass(frozen=True)
class LinkModel:
    """A run's learned weights and the settings they were used with."""

    weights: Weights
    u_average: float
    config: MatchConfig
    as_of: dt.date


def keep_model(con: duckdb.DuckDBPyConnection, weights: Weights, u_average: float,
               config: MatchConfig, as_of: dt.date) -> None:
    """Write the linker's key tables under their kept names and ``match_model``."""
    for working, kept in RENAMED.items():
        con.execute(f"DROP TABLE IF EXISTS {kept}")
        con.execute(f"ALTER TABLE {working} RENAME TO {kept}")
    with compact_strings(con):
        for kept, query in DERIVED.items():
            con.execute(f"CREATE OR REPLACE TABLE {kept} AS {query}")
    con.execute(_MODEL)
    con.execute("INSERT INTO match_model VALUES (?, ?, ?, ?)", [
        json.dumps({"m": weights.m, "u": weights.u, "prior": weights.prior}), u_average,
        json.dumps(dataclasses.asdict(config)), as_of])


def load_model(con: duckdb.DuckDBPyConnection, schema: str = "main") -> LinkModel:
    """The ``match_model`` row kept in ``schema`` (a LookupError when there is none)."""
    rows = con.execute(f"SELECT weights, u_average, config, as_of FROM {schema}.match_model").fetchall()
    if len(rows) != 1:
        raise LookupError("the data run holds no matcher model")
    weights, u_average, config, as_of = rows[0]
    learned = json.loads(weights)
    return LinkModel(Weights(learned["m"], learned["u"], learned["prior"]), u_average,
                     MatchConfig.from_mapping(json.loads(config)), as_of)
