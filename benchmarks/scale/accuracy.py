"""Link precision and recall at the record level, against the generator's ``truth/links.csv``.

A link is (source, record_id, household_id, member_no). For hecha, precision
is over the ``auto`` links (what a breach may rest on) and recall over ``auto``
and ``review`` links together (what an auditor gets to see); ``precise_recall``
is the recall of the ``auto`` links alone (a link held for review by a safety
rule, e.g. a member with no usable ID, counts as missed there). For Splink every
predicted link counts for both. Recall is also broken down by the truth's
``noise`` label, so a gap can be traced to the kind of dirt that causes it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

KEY = "source, record_id, household_id, member_no"


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def score_links(truth_dir: Path, links: Path, precise_filter: str = "true") -> dict:
    """Precision of links passing ``precise_filter``, recall of all links, recall by noise label."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute("SET enable_progress_bar = false")
    try:
        con.execute(f"""CREATE TABLE truth AS SELECT source, record_id, household_id,
            member_no::BIGINT AS member_no, noise
            FROM read_csv('{_quoted(truth_dir / 'links.csv')}', all_varchar = true, header = true)""")
        con.execute(f"""CREATE TABLE found AS SELECT {KEY}, ({precise_filter}) AS precise
            FROM read_parquet('{_quoted(links)}')""")
        precise, precise_true, found_true, truth = con.sql(f"""SELECT
            count(*) FILTER (WHERE f.precise),
            count(*) FILTER (WHERE f.precise AND t.source IS NOT NULL),
            count(DISTINCT ({KEY.replace('source', 'f.source')})) FILTER (WHERE t.source IS NOT NULL),
            (SELECT count(*) FROM truth)
            FROM found f LEFT JOIN truth t USING ({KEY})""").fetchall()[0]
        precise_found = con.sql(f"""SELECT count(DISTINCT ({KEY.replace('source', 'f.source')}))
            FROM found f JOIN truth t USING ({KEY}) WHERE f.precise""").fetchall()[0][0]
        by_noise = con.sql(f"""SELECT t.noise, count(*) AS links, count(f.source) AS found
            FROM truth t LEFT JOIN (SELECT DISTINCT {KEY} FROM found) f USING ({KEY})
            GROUP BY t.noise ORDER BY links DESC""").fetchall()
    finally:
        con.close()
    return {
        "precision": precise_true / precise if precise else None,
        "recall": found_true / truth if truth else None,
        "precise_recall": precise_found / truth if truth else None,
        "links_precise": precise, "links_true": truth, "false_precise": precise - precise_true,
        "recall_by_noise": {noise: {"links": n, "found": f} for noise, n, f in by_noise},
    }


def score_hecha(truth_dir: Path, matches: Path) -> dict:
    """hecha's ``matches.parquet``: precision of ``auto`` links, recall of ``auto`` + ``review``."""
    return score_links(truth_dir, matches, "decision = 'auto'")


def score_splink(truth_dir: Path, links: Path) -> dict:
    """Splink's record links (all of them above its threshold)."""
    return score_links(truth_dir, links)
