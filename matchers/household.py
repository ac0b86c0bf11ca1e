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

Each step reads a few rows: the lookups join the household's few keys to
tables sorted on them. Reads the kept ``match_*`` tables through the
connection's search path; writes ``links``, ``member_ids`` and ``link_rows``
for the household alone.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from .candidates import blocks_sql, build_pairs
from .frequency import member_tf_sql
from .linker import score_pairs, write_links, write_member_ids
from .model import LinkModel
from .prepare import build_member_keys

# Persons the household's members could match: the blocking conditions with the owner the run gave
# each person, each looked up where its key is sorted: the persons (by p_id, hence by raw ID) for the
# ID blocks, the key tables for the name-sound and name-only blocks. With the household in place only
# two kinds of person can change owner: those holding one of its IDs (found by the exact block anyway)
# and those holding an ID of its registered copy, added here.
_BLOCK_TABLES = ("match_persons", "match_persons", "match_sound_keys", "match_sound_keys", "match_name_keys")

_REPLACED_IDS = """SELECT p.p_id FROM match_persons p WHERE p.id_norm IN (SELECT id_norm FROM match_members
    WHERE household_id IN (SELECT household_id FROM check_members) AND id_norm IS NOT NULL)"""

_PERSONS = """CREATE OR REPLACE TABLE _c_person AS
SELECT p.* FROM match_persons p JOIN ({found}) f USING (p_id)"""

_REGISTERED = "SELECT * FROM match_members WHERE household_id NOT IN (SELECT household_id FROM check_members)"

# Whose ID each person holds, with the household in place of its registered copy.
_OWNERS = f"""UPDATE _c_person SET owner = CASE
    WHEN id_norm IN (SELECT m.id_norm FROM ({_REGISTERED}) m JOIN _c_person p USING (id_norm)
                     UNION SELECT id_norm FROM _c_applicant) THEN 'member'
    WHEN id_in_hukou THEN 'other' END"""

# Every member sharing a blocking key with those persons (all their pairs; the name-only block without
# its name count: a superset), the household's own included.
_MEMBERS = """CREATE OR REPLACE TABLE _c_members AS
SELECT m.* FROM ({registered}) m JOIN ({near}) n USING (m_id)
UNION ALL BY NAME SELECT * FROM _c_applicant"""

# The names the name-only block may use, counted over every member (the household in place), for the
# names of these persons only.
_NAMES = f"""SELECT name_text FROM (
    SELECT name_text FROM ({_REGISTERED}) WHERE name_text IN (SELECT name_text FROM _c_person)
    UNION ALL SELECT name_text FROM _c_applicant)
GROUP BY name_text HAVING count(*) <= {{limit}}"""

_LINKED = """CREATE OR REPLACE TABLE _c_linked AS
SELECT * FROM _c_scored WHERE m_id IN (SELECT m_id FROM _c_applicant)"""

_ROWS = """CREATE OR REPLACE TABLE link_rows AS
SELECT DISTINCT r.source, r._row FROM match_records r JOIN (SELECT DISTINCT p_id FROM _c_linked) l USING (p_id)"""

_WORK = ("_c_linked", "_c_scored", "_c_pairs", "_c_members", "_c_person", "_c_applicant")


def link_household(con: duckdb.DuckDBPyConnection, model: LinkModel, as_of: dt.date | None = None) -> None:
    """Write ``links``, ``member_ids`` and ``link_rows`` (source, _row: the file rows of the
    linked records) of the household in ``check_members``.

    ``as_of`` (default: the run's) decides which of its IDs are valid; the
    agency persons keep the keys of the run that prepared them.
    """
    config = model.config
    build_member_keys(con, "check_members", "_c_applicant", "(SELECT max(m_id) + 1 FROM match_members)",
                      as_of or model.as_of)
    blocks = blocks_sql(None)
    found = " UNION ".join([f"SELECT p.p_id FROM {table} p JOIN _c_applicant m {block}"
                            for table, block in zip(_BLOCK_TABLES, blocks)] + [_REPLACED_IDS])
    con.execute(_PERSONS.format(found=found))
    con.execute(_OWNERS)
    near = " UNION ".join(f"SELECT m.m_id FROM _c_person p JOIN match_members m {block}" for block in blocks)
    con.execute(_MEMBERS.format(registered=_REGISTERED, near=near))
    build_pairs(con, config.name_similarity, config.max_name_block, "_c_person", "_c_members", "_c_pairs",
                _NAMES.format(limit=int(config.max_name_block)))
    score_pairs(con, model.weights, config, model.u_average, "_c_pairs",
                member_tf_sql("_c_members", "match_name_tf"), "_c_scored")
    con.execute(_LINKED)
    write_links(con, "_c_linked", "_c_person", "_c_applicant", "match_records")
    con.execute(_ROWS)
    write_member_ids(con, "_c_applicant")
    for table in _WORK:
        con.execute(f"DROP TABLE {table}")
