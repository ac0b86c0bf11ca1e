"""The linker: score candidate pairs, decide, and write ``links`` and ``member_ids``.

An exact-ID pair links ``auto`` when the names agree at any level and is
kept for ``review`` (never dropped) when the name is wholly different. Other
pairs link by their learned score (``auto_threshold``, ``review_threshold``),
an exact name agreement weighed by how common the name is (``frequency``).
No score overrides the review rules of ``safety.py`` (a link any of them holds
is ``review``, and the first names itself in the explanation); a record whose
best members score within ``tie_margin`` of each other links to all of them. Table columns follow docs/pipeline.md §2.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

import duckdb

from .candidates import build_pairs
from .comparisons import COMPARISONS
from .config import MatchConfig
from .frequency import MEMBER_TF_SQL, build_name_tf, tf_explanation_sql, tf_weight_sql
from .model import keep_model
from .prepare import build_keys
from .safety import review_rule_sql
from .summary import LinkSummary, summarise
from .timing import counted, timed
from .weights import Weights, estimate

_SOURCE = re.compile(r"^[a-z_]+$")
_TEMP_TABLES = ("_m_person_raw", "_m_ids", "_m_names", "_m_member", "_m_person", "_m_name_tf",
                "_m_pairs", "_m_scored")


def _weights_sql(weights: Weights, u_average: float) -> str:
    """SELECT-list fragment: the weight ``w_<comparison>`` each pair earns, and the
    name's term-frequency adjustment ``w_name_tf``."""
    tf = tf_weight_sql(u_average, weights.weight("name", "exact"))
    return ", ".join([c.weight_sql(weights.weight) for c in COMPARISONS] + [f"{tf} AS w_name_tf"])


def _explanation_sql(weights: Weights) -> str:
    """SQL for the JSON list of {comparison, level, weight}: prior, levels, the name's
    frequency, and the safety rule (column ``safety_rule``) that held the link."""
    prior = f"{{'comparison': 'prior', 'level': 'any_pair', 'weight': round({weights.prior!r}, 3)}}"
    items = ", ".join(c.explanation_sql() for c in COMPARISONS)
    return (f"to_json(list_concat([{prior}, {items}], {tf_explanation_sql('w_name_tf')}, "
            f"CASE WHEN safety_rule IS NOT NULL THEN "
            f"[{{'comparison': 'safety', 'level': safety_rule, 'weight': 0.0}}] ELSE [] END))::VARCHAR")


def _close_ctes(weights: Weights, config: MatchConfig, u_average: float, pairs: str, member_tf: str) -> str:
    """CTEs ending in ``close``: the kept ``pairs`` with their weights and score, within the tie
    margin of their person's best, with ``rivals``. Reads every candidate of a person (``p_id``)."""
    total = " + ".join(f"w_{c}" for c in (*(c.name for c in COMPARISONS), "name_tf"))
    return f"""
        scored AS (
            SELECT *, 1 / (1 + pow(2, -({weights.prior!r} + {total}))) AS score
            FROM (SELECT *, {_weights_sql(weights, u_average)}
                  FROM {pairs} LEFT JOIN ({member_tf}) USING (m_id))),
        kept AS (
            SELECT *, max(score) OVER (PARTITION BY p_id) AS best FROM scored
            WHERE score >= {config.review_threshold!r} OR id_level = 'exact'),
        close AS (
            SELECT *, count(*) OVER (PARTITION BY p_id) AS rivals
            FROM kept WHERE score >= best - {config.tie_margin!r})"""


def _decided_sql(weights: Weights, config: MatchConfig, close: str) -> str:
    """``near`` (the distinct typo IDs among the close candidates of each member, ``m_id``) and
    the decision and explanation of each ``close`` pair. Reads every close candidate of a member."""
    return f"""
        near AS (
            SELECT m_id, count(DISTINCT p_id_norm) AS typo_ids FROM {close}
            WHERE id_level = 'typo' GROUP BY m_id)
        SELECT p_id, m_id, id_level, score,
               CASE WHEN safety_rule IS NOT NULL THEN 'review'
                    WHEN id_level = 'exact' OR score >= {config.auto_threshold!r} THEN 'auto'
                    ELSE 'review' END AS decision,
               {_explanation_sql(weights)} AS explanation
        FROM (SELECT *, {review_rule_sql()} AS safety_rule FROM {close} LEFT JOIN near USING (m_id))"""


def score_pairs(con: duckdb.DuckDBPyConnection, weights: Weights, config: MatchConfig, u_average: float,
                pairs: str = "_m_pairs", member_tf: str = MEMBER_TF_SQL, target: str = "_m_scored") -> None:
    """Write ``target``: the kept ``pairs`` with score, decision and explanation.
    Every candidate of a person must be in ``pairs``: the tie and near-ID rules compare them."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS WITH "
                f"{_close_ctes(weights, config, u_average, pairs, member_tf)}, "
                f"{_decided_sql(weights, config, 'close')}")


def close_pairs(con: duckdb.DuckDBPyConnection, weights: Weights, config: MatchConfig, u_average: float,
                pairs: str, member_tf: str, target: str) -> None:
    """Write ``target``: ``score_pairs``'s first half, the close candidates of every person in
    ``pairs`` (the Spark engine runs it partitioned by ``p_id``)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS WITH "
                f"{_close_ctes(weights, config, u_average, pairs, member_tf)} SELECT * FROM close")


def decide_pairs(con: duckdb.DuckDBPyConnection, weights: Weights, config: MatchConfig, close: str,
                 target: str) -> None:
    """Write ``target``: ``score_pairs``'s second half over ``close_pairs``' rows (the Spark
    engine runs it partitioned by ``m_id``: the near-ID rule counts per member)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS WITH {_decided_sql(weights, config, close)}")


def write_links(con: duckdb.DuckDBPyConnection, scored: str = "_m_scored", persons: str = "_m_person",
                members: str = "_m_member", records: str = "_m_records") -> None:
    """Write ``links``: one row per (agency record, member) link of the ``scored``
    pairs, the records found through the person each was counted as (``records``)."""
    con.execute(f"""
        CREATE OR REPLACE TABLE links AS
        SELECT r.source, r.record_id, m.household_id, m.member_no,
               CASE WHEN s.id_level <> 'exact' THEN 'fuzzy'
                    WHEN p.id_raw = m.id_raw THEN 'exact' ELSE 'normalized' END AS method,
               s.score::DOUBLE AS score, s.decision, s.explanation
        FROM {scored} s JOIN {persons} p USING (p_id) JOIN {members} m USING (m_id)
        JOIN {records} r USING (p_id)
        ORDER BY r.source, r.record_id, m.household_id, m.member_no""")


def write_member_ids(con: duckdb.DuckDBPyConnection, members: str = "_m_member") -> None:
    """Write ``member_ids``: each member's normalised ID (or why not) and name."""
    con.execute(f"""
        CREATE OR REPLACE TABLE member_ids AS
        SELECT household_id, member_no, id_norm AS id_normalized,
               CASE WHEN id_norm IS NULL THEN coalesce(id_problem, 'missing') END AS id_problem,
               name_text AS name_normalized
        FROM {members} ORDER BY household_id, member_no""")


def link_records(con: duckdb.DuckDBPyConnection, sources: Sequence[str],
                 config: MatchConfig | None = None, as_of: dt.date | None = None) -> LinkSummary:
    """Link every record of ``stg_<source>`` to the registered members.

    Reads ``stg_members`` and the staged sources from ``con``; writes ``links``
    and ``member_ids``, and keeps the prepared keys and learned weights
    (``match_*``, ``model.py``) so that one household can be linked later
    exactly as this run would have linked it; returns the counts by source, method and decision and
    the learned weights. ``as_of`` is the run's as-of date (default today): an ID
    whose birth date lies after it is not valid.
    """
    config = config or MatchConfig()
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise ValueError(f"source names must be lower-case identifiers: {bad}")
    with timed("build_keys"):
        build_keys(con, sources, as_of)
    with timed("name_tf"):
        u_average = build_name_tf(con)
    with timed("build_pairs"):
        build_pairs(con, config.name_similarity, config.max_name_block)
    with timed("weights"):
        weights = estimate(con, config.random_pairs, config.name_similarity, config.em_iterations)
    with timed("score_pairs"):
        score_pairs(con, weights, config, u_average)
    return finish_links(con, weights, u_average, config, as_of)


def finish_links(con: duckdb.DuckDBPyConnection, weights: Weights, u_average: float, config: MatchConfig,
                 as_of: dt.date | None) -> LinkSummary:
    """From ``_m_scored`` and the key tables: write ``links`` and ``member_ids``, keep the model,
    drop the working tables; the counts (the Spark engine ends its linking here too)."""
    with timed("write_links"):
        write_links(con)
        write_member_ids(con)
    for table in ("_m_member", "_m_person", "_m_records", "_m_pairs", "_m_scored", "links"):
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchall()[0][0]:
            counted(con, table)
    with timed("keep_model"):
        keep_model(con, weights, u_average, config, as_of or dt.date.today())
    for table in _TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return summarise(con, weights)
