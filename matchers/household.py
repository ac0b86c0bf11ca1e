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

Each step reads a few rows: the household's keys are looked up as constants
in the kept hashed keys (``lookup.py``), and the rows found by their sorted
ids. Reads the kept ``match_*`` tables through the
connection's search path; writes ``links``, ``member_ids`` and ``link_rows``
for the household alone, and leaves its working tables (``_c_*``) in the
connection's schema for the caller to drop with it (each check has a schema
of its own: dropping them one by one cost a statement each).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from .candidates import blocks_sql, build_pairs
from .frequency import member_tf_sql
from .linker import score_pairs, write_links, write_member_ids
from .lookup import found, id_keys_sql, in_list, keys_sql
from .model import LinkModel
from .prepare import build_member_keys

# The household's registered copy (the members its check replaces).
_COPY = "CREATE OR REPLACE TEMP TABLE _c_copy AS SELECT * FROM match_members WHERE household_id = $household_id"

# The persons the lookup found, then those of them the household's members could match: the blocking
# conditions with the owner the run gave each person. With the household in place only two kinds of
# person can change owner: those holding one of its IDs (found by the exact block anyway) and those
# holding an ID of its registered copy, added here.
_FOUND = "CREATE OR REPLACE TEMP TABLE _c_found AS SELECT * FROM match_persons WHERE {persons}"

_REPLACED_IDS = "SELECT p.p_id FROM _c_found p WHERE p.id_norm IN (SELECT id_norm FROM _c_copy)"

_PERSONS = """CREATE OR REPLACE TABLE _c_person AS
SELECT p.* FROM _c_found p JOIN ({found}) f USING (p_id)"""

# Other households' members found by their keys: those holding the persons' IDs, and (once the owners
# are decided again) those sharing a key with the persons: a superset of those the owners, the blocks
# and the name count below read.
_OTHERS = """CREATE OR REPLACE TEMP TABLE {table} AS
SELECT * FROM match_members WHERE {members} AND household_id <> $household_id"""

# Whose ID each person holds, with the household in place of its registered copy.
_OWNERS = """UPDATE _c_person SET owner = CASE
    WHEN id_norm IN (SELECT m.id_norm FROM _c_holders m JOIN _c_person p USING (id_norm)
                     UNION SELECT id_norm FROM _c_applicant) THEN 'member'
    WHEN id_in_hukou THEN 'other' END"""

# Every member sharing a blocking key with those persons (all their pairs; the name-only block without
# its name count: a superset), the household's own included.
_MEMBERS = """CREATE OR REPLACE TABLE _c_members AS
SELECT m.* FROM _c_registered m JOIN ({near}) n USING (m_id)
UNION ALL BY NAME SELECT * FROM _c_applicant"""

# The names the name-only block may use, counted over every member (the household in place), for the
# names of these persons without an ID only (the block compares no one else by name).
_NAMES = """SELECT name_text FROM (
    SELECT name_text FROM _c_registered WHERE name_text IN (SELECT name_text FROM _c_person WHERE id_cand IS NULL)
    UNION ALL SELECT name_text FROM _c_applicant)
GROUP BY name_text HAVING count(*) <= {limit}"""

_LINKED = """CREATE OR REPLACE TABLE _c_linked AS
SELECT * FROM _c_scored WHERE m_id IN (SELECT m_id FROM _c_applicant)"""

# The linked persons' records (match_records is sorted by person), and their file rows.
_RECORDS = "CREATE OR REPLACE TEMP TABLE _c_records AS SELECT * FROM match_records WHERE {persons}"

_ROWS = "CREATE OR REPLACE TABLE link_rows AS SELECT DISTINCT source, _row FROM _c_records"


def link_household(con: duckdb.DuckDBPyConnection, model: LinkModel, as_of: dt.date | None = None) -> None:
    """Write ``links``, ``member_ids`` and ``link_rows`` (source, _row: the file rows of the
    linked records) of the household in ``check_members``.

    ``as_of`` (default: the run's) decides which of its IDs are valid; the
    agency persons keep the keys of the run that prepared them.
    """
    config = model.config
    household = {"household_id": con.execute("SELECT any_value(household_id) FROM check_members").fetchall()[0][0]}
    build_member_keys(con, "check_members", "_c_applicant", "(SELECT max(m_id) + 1 FROM match_members)",
                      as_of or model.as_of)
    con.execute(_COPY, household)
    _find_persons(con)
    _find_others(con, "_c_holders", id_keys_sql("_c_person", "id_cand"), household)
    con.execute(_OWNERS)
    _find_others(con, "_c_registered", keys_sql("_c_person", "person"), household)
    near = " UNION ".join(f"SELECT m.m_id FROM _c_person p JOIN _c_registered m {block}"
                          for block in blocks_sql(None))
    con.execute(_MEMBERS.format(near=near))
    build_pairs(con, config.name_similarity, config.max_name_block, "_c_person", "_c_members", "_c_pairs",
                _NAMES.format(limit=int(config.max_name_block)))
    score_pairs(con, model.weights, config, model.u_average, "_c_pairs",
                member_tf_sql("_c_members", "match_name_tf"), "_c_scored")
    con.execute(_LINKED)
    linked = [row[0] for row in con.execute("SELECT DISTINCT p_id FROM _c_linked").fetchall()]
    con.execute(_RECORDS.format(persons=in_list("p_id", linked)))
    write_links(con, "_c_linked", "_c_person", "_c_applicant", "_c_records")
    con.execute(_ROWS)
    write_member_ids(con, "_c_applicant")


def _find_persons(con: duckdb.DuckDBPyConnection) -> None:
    """``_c_person``: the persons the household's members could match, found by their keys
    (and those holding an ID of the registered copy), then held to the blocks themselves."""
    keys = f"{keys_sql('_c_applicant', 'member')} UNION ALL {id_keys_sql('_c_copy', 'id_norm')}"
    con.execute(_FOUND.format(persons=in_list("p_id", found(con, "match_person_keys", "p_id", keys))))
    blocks = " UNION ".join(f"SELECT p.p_id FROM _c_found p JOIN _c_applicant m {block}"
                            for block in blocks_sql(None))
    con.execute(_PERSONS.format(found=f"{blocks} UNION {_REPLACED_IDS}"))


def _find_others(con: duckdb.DuckDBPyConnection, table: str, keys: str, household: dict) -> None:
    """``table``: the members of other households under any key of query ``keys``."""
    members = found(con, "match_member_keys", "m_id", keys)
    con.execute(_OTHERS.format(table=table, members=in_list("m_id", members)), household)
