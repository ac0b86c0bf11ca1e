"""Helpers for the matcher tests: a staged DuckDB warehouse built from Python rows.

A realistic background population (a few hundred members with their hukou and
agency records) lets the linker learn its weights; each test adds the records
whose treatment it checks.
"""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pyarrow as pa

from matchers.ids import check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红志文斌宇浩凯健俊帆鹏辉"
REGIONS = ("530102", "530103", "532901", "532923", "532301", "450202")
MEMBER_COLUMNS = ("household_id", "member_no", "relation", "name", "id_number", "gender", "birth_date")


def make_id(region: str, born: dt.date, seq: int) -> str:
    """A valid 18-digit ID for region, birth date and 3-digit sequence number."""
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


def person(rng: random.Random) -> dict:
    """A random person with a valid ID (gender agreeing with the sequence digit)."""
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(25000))
    seq = rng.randrange(1000)
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return {"name": name, "id_number": make_id(rng.choice(REGIONS), born, seq),
            "gender": "男" if seq % 2 else "女", "birth_date": born}


def background(n: int = 400, seed: int = 7) -> tuple[list[dict], list[dict], list[dict]]:
    """Members, their hukou records, and hukou records of non-members (the public)."""
    rng = random.Random(seed)
    members, hukou = [], []
    for i in range(n):
        p = person(rng)
        members.append({"household_id": f"H{i // 3:05d}", "member_no": i % 3 + 1,
                        "relation": "本人" if i % 3 == 0 else "子女", **p})
        hukou.append({"record_id": f"HK{i:06d}", "id_number": p["id_number"], "name": p["name"]})
    public = [{"record_id": f"HP{i:06d}", **{k: v for k, v in person(rng).items()
                                               if k in ("id_number", "name")}} for i in range(2 * n)]
    return members, hukou, public


def stage(members: list[dict], **sources: list[dict]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding ``stg_members`` and ``stg_<source>`` tables."""
    con = duckdb.connect()
    cols = {c: [m.get(c) for m in members] for c in MEMBER_COLUMNS}
    cols["_row"] = list(range(1, len(members) + 1))
    con.register("t", pa.table(cols))
    con.execute("CREATE TABLE stg_members AS SELECT household_id, member_no::BIGINT AS member_no, "
                "relation, name, id_number, gender, birth_date::DATE AS birth_date, _row FROM t")
    con.unregister("t")
    for source, rows in sources.items():
        fields = ["record_id", "id_number", "name"] + (["former_name"] if source == "hukou" else [])
        con.register("t", pa.table({f: pa.array([r.get(f) for r in rows], pa.string()) for f in fields}))
        con.execute(f"CREATE TABLE stg_{source} AS SELECT *, row_number() OVER () AS _row FROM t")
        con.unregister("t")
    return con
