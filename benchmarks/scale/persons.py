"""The person tables Splink links: members on the left, distinct agency persons on the right.

The cleaning is what a data engineer would write for any linkage tool in a
few lines of SQL, with no Chinese-ID know-how beyond the birth date's place
in the ID: whitespace (ASCII and U+3000) removed, full-width digits and X
folded, upper case. Agency rows repeat the same person (twelve months of
``hr`` …), so the right side is the distinct (ID, name) pairs, and every
record is mapped back to its person afterwards — that keeps Splink's work
proportional to people, not to rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from scale.drops import scan_sql, source_files

REGISTER = ("households", "members")
CLEAN_ID = ("upper(regexp_replace(translate({c}, '０１２３４５６７８９ｘＸ', '0123456789XX'), "
            "'[\\s\\x{{3000}}]', '', 'g'))")
CLEAN_NAME = "nullif(regexp_replace({c}, '[\\s\\x{{3000}}]', '', 'g'), '')"
BIRTH_FROM_ID = ("CASE WHEN length({c}) = 18 THEN try_strptime(substr({c}, 7, 8), '%Y%m%d')::DATE "
                 "WHEN length({c}) = 15 THEN try_strptime('19' || substr({c}, 7, 6), '%Y%m%d')::DATE END")


def _clean_id(column: str) -> str:
    return CLEAN_ID.format(c=column)


def load_persons(con: duckdb.DuckDBPyConnection, drop_dir: Path) -> None:
    """Create ``left_members``, ``agency_records`` and ``right_persons`` in ``con``."""
    files = source_files(drop_dir)
    con.execute(f"""CREATE OR REPLACE TABLE left_members AS
        SELECT household_id || '|' || member_no AS unique_id,
               nullif({_clean_id('id_number')}, '') AS id_number, {CLEAN_NAME.format(c='name')} AS name,
               coalesce({BIRTH_FROM_ID.format(c=_clean_id('id_number'))},
                        try_cast(try_strptime(replace(replace(birth_date, '-', ''), '/', ''), '%Y%m%d') AS DATE))
                 AS birth_date
        FROM {scan_sql(files['members'])}""")
    agency = " UNION ALL ".join(
        f"SELECT '{source}' AS source, record_id, nullif({_clean_id('id_number')}, '') AS id_number, "
        f"{CLEAN_NAME.format(c='name')} AS name FROM {scan_sql(path)}"
        for source, path in files.items() if source not in REGISTER)
    con.execute(f"CREATE OR REPLACE TABLE agency_records AS {agency}")
    con.execute(f"""CREATE OR REPLACE TABLE right_persons AS
        SELECT row_number() OVER (ORDER BY id_number, name) AS unique_id, id_number, name,
               {BIRTH_FROM_ID.format(c='id_number')} AS birth_date
        FROM (SELECT DISTINCT id_number, name FROM agency_records
              WHERE id_number IS NOT NULL OR name IS NOT NULL)""")


def record_links_sql(person_links: str) -> str:
    """SQL mapping ``person_links(member_id, person_id, match_probability)`` back to agency records."""
    return f"""SELECT a.source, a.record_id, split_part(l.member_id, '|', 1) AS household_id,
               split_part(l.member_id, '|', 2)::BIGINT AS member_no, l.match_probability
        FROM {person_links} l
        JOIN right_persons p ON p.unique_id = l.person_id
        JOIN agency_records a ON a.id_number IS NOT DISTINCT FROM p.id_number
                             AND a.name IS NOT DISTINCT FROM p.name"""
