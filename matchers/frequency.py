"""Term-frequency adjustment of the name comparison: a common name agreeing says less.

Two strangers called 阿依古丽·吐尔逊 share their name far more often than two
strangers with a rare name, so, as in Splink, an exact name agreement is
re-weighed by log2(u_average / tf(name)). ``tf(name)`` is the share of the run's
members who carry the name (the register holds each person once; agency extracts
repeat people, and a record's typo'd ID would count them twice); ``u_average`` is
the chance that two members picked at random share *a* name, Σ tf², from the same
counts, so that a name of average frequency is not adjusted. (The learned u of
the exact level also counts the true matches among random pairs: in a small run
it is mostly them.) The adjustment is bounded so that it only ever weakens a link:

- it never raises a weight (a name rarer than average links as before);
- it lowers the exact-name weight at most to 0 (agreeing is never evidence against);
- it does not apply where the IDs agree exactly (the ID already says who it is),
  so exact-ID links keep their scores and decisions.

It shows in a link's explanation as its own item
``{"comparison": "name_tf", "level": "common_name", "weight": …}`` when it lowered
the weight.
"""

from __future__ import annotations

import duckdb

NAME_TF_SQL = """
    CREATE OR REPLACE TABLE _m_name_tf AS
    WITH counts AS (SELECT name_text, count(*) AS n FROM _m_member
                    WHERE name_text IS NOT NULL GROUP BY name_text)
    SELECT name_text, n / sum(n) OVER () AS tf FROM counts"""

U_AVERAGE_SQL = "SELECT coalesce(sum(tf * tf), 0) FROM _m_name_tf"



def member_tf_sql(members: str = "_m_member", name_tf: str = "_m_name_tf") -> str:
    """SQL for each member's name frequency (m_id, name_tf)."""
    return f"SELECT m.m_id, t.tf AS name_tf FROM {members} m JOIN {name_tf} t USING (name_text)"


MEMBER_TF_SQL = member_tf_sql()


def build_name_tf(con: duckdb.DuckDBPyConnection) -> float:
    """Write ``_m_name_tf`` (name_text, tf) from ``_m_member``; return u_average."""
    con.execute(NAME_TF_SQL)
    return float(con.sql(U_AVERAGE_SQL).fetchall()[0][0])


def tf_weight_sql(u_average: float, exact_weight: float) -> str:
    """SQL for the adjustment of a pair (columns ``id_level``, ``name_level``,
    ``name_tf``): log2(u_average / tf) bounded to [-exact_weight, 0]."""
    floor = -max(exact_weight, 0.0)
    return f"""CASE WHEN name_level = 'exact' AND id_level <> 'exact' AND name_tf > 0
                    THEN greatest(least(log2({u_average!r} / name_tf), 0.0), {floor!r})
                    ELSE 0.0 END"""


def tf_explanation_sql(weight: str) -> str:
    """SQL for the explanation items of the adjustment in column ``weight``: one
    ``name_tf`` item when it lowered the weight, none otherwise."""
    return (f"CASE WHEN round({weight}, 3) < 0 THEN [{{'comparison': 'name_tf', "
            f"'level': 'common_name', 'weight': round({weight}, 3)}}] ELSE [] END")
