"""Linking one household on demand, exactly as the run whose keys are kept would have.

The household's members (table ``check_members``, the staged ``members``
columns) get the keys a run gives its members. The agency persons they could
match are found through the run's blocking keys; then every candidate member
of those persons — the household's own and every other registered member,
the household's registered copy replaced by it — is compared, so that the tie
and near-ID safety rules see what the run saw. Scoring uses the kept weights
(``model.py``): nothing is learned again. Whose ID a person holds (``owner``)
is decided again over the members with the household in place, so an
applicant's own ID is found only through the exact block, as in a run.

Reads the kept ``match_*`` tables through the connection's search path; writes
``links`` and ``member_ids`` for the household alone.
"""

from __future__ import annotations

import datetime as dt
import duckdb

from .candidates import blocks_sql, build_pairs
from .frequency import member_tf_sql
from .linker import score_pairs, write_links, write_member_ids
from .model import LinkModel
from .prepare import build_member_keys

_MEMBERS = """CREATE OR REPLACE VIEW _c_members AS
SELECT * FROM match_members WHERE household_id NOT IN (SELECT household_id FROM check_members)
UNION ALL BY NAME SELECT * FROM _c_applicant"""

_PERSONS = """CREATE OR REPLACE TABLE _c_person AS
SELECT p.* REPLACE (CASE WHEN p.id_norm IN (SELECT id_norm FROM _c_members WHERE id_norm IS NOT NULL)
                         THEN 'member' WHEN p.id_in_hukou THEN 'other' END AS owner)
FROM match_persons p WHERE p.p_id IN ({found})"""

_LINKED = """CREATE OR REPLACE TABLE _c_linked AS
SELECT * FROM _c_scored WHERE m_id IN (SELECT m_id FROM _c_applicant)"""

# Where each blocking key of blocks_sql is looked up: the persons (sorted by p_id, hence by raw ID)
# for the ID blocks, the sorted key tables for the name-sound and name-only blocks.
_BLOCK_TABLES = ("match_persons", "match_persons", "match_sound_keys", "match_sound_keys", "match_name_keys")

_WORK = ("_c_linked", "_c_scored", "_c_pairs", "_c_person")


def link_household(con: duckdb.DuckDBPyConnection, model: LinkModel, as_of: dt.date | None = None) -> None:
    """Write ``links`` and ``member_ids`` of the household in ``check_members``.

    ``as_of`` (default: the run's) decides which of its IDs are valid; the
    agency persons keep the keys of the run that prepared them.
    """
    config = model.config
    build_member_keys(con, "check_members", "_c_applicant", "(SELECT max(m_id) + 1 FROM match_members)",
                      as_of or model.as_of)
    con.execute(_MEMBERS)
    found = " UNION ".join(f"SELECT p.p_id FROM {table} p JOIN _c_applicant m {block}" for table, block in
                           zip(_BLOCK_TABLES, blocks_sql(config.max_name_block, "_c_members", free="true")))
    con.execute(_PERSONS.format(found=found))
    build_pairs(con, config.name_similarity, config.max_name_block, "_c_person", "_c_members", "_c_pairs")
    score_pairs(con, model.weights, config, model.u_average, "_c_pairs",
                member_tf_sql("_c_members", "match_name_tf"), "_c_scored")
    con.execute(_LINKED)
    write_links(con, "_c_linked", "_c_person", "_c_applicant", "match_records")
    write_member_ids(con, "_c_applicant")
    for table in _WORK:
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP VIEW _c_members")
    con.execute("DROP TABLE _c_applicant")
