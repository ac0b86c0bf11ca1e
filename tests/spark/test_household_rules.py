"""The rules stage on Spark, partitioned by household, against ``rules.evaluate`` over the whole warehouse.

A generated drop is staged and linked by the local engine's code into a
warehouse; each test changes a copy so that a partitioned evaluation would
go wrong if what must stay global did not (the file's latest ``hr`` period,
a record linked to many households), then compares every output table of
``judge_on_spark`` with the local engine's ``rules.evaluate`` of the same warehouse.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from drops import AS_OF, noisy_drop

import data_contracts
import matchers
import rules
from flows.drop import locate_extracts
from flows.tasks import agency_sources
from flows.warehouse import open_warehouse, store_table

RULE_SET = rules.load_rule_set(rules.REFERENCE_RULES)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A drop staged and linked by the local engine's code: the warehouse file and its agency sources."""
    root = tmp_path_factory.mktemp("household-rules")
    extracts = locate_extracts(noisy_drop(root / "generated", 40, 4242))
    sources = agency_sources(extracts)
    path = root / "warehouse.duckdb"
    with open_warehouse(path) as con:
        for source in ["households", "members", *sources]:
            known = {r[0] for r in con.sql("SELECT household_id FROM stg_households").fetchall()} \
                if source == "members" else None
            raw = data_contracts.read_extract(source, extracts[source].path)
            store_table(con, f"stg_{source}", data_contracts.stage_source(source, raw, household_ids=known).accepted)
        matchers.link_records(con, sources, None, as_of=AS_OF)
    return path, sources


def judged_both_ways(warehouse: tuple[Path, list[str]], tmp_path: Path, change: str = "") -> dict[str, tuple]:
    """Each output table as (local rows, Spark rows), sorted, after ``change`` (SQL) on a copy of the warehouse."""
    from flows.spark.household_rules import judge_on_spark
    from flows.spark.session import spark_session

    path, sources = warehouse
    copies = [shutil.copy(path, tmp_path / f"{engine}.duckdb") for engine in ("local", "spark")]
    local, spark = (duckdb.connect(str(copy)) for copy in copies)
    for con in (local, spark):
        if change:
            con.execute(change)
    local_summary = rules.evaluate(local, RULE_SET, AS_OF, sources)
    spark_summary = judge_on_spark(spark_session("local[2]"), spark, RULE_SET, AS_OF, sources)
    assert spark_summary == local_summary
    return {name: (local.sql(f"SELECT * FROM {name} ORDER BY ALL").fetchall(),
                   spark.sql(f"SELECT * FROM {name} ORDER BY ALL").fetchall()) for name in rules.OUTPUTS}


def test_every_output_table_equals_the_local_evaluation(warehouse, tmp_path: Path, spark_ready: str) -> None:
    nowhere = "UPDATE stg_households SET region_code = '999999' WHERE household_id = (SELECT min(household_id) FROM stg_households)"
    tables = judged_both_ways(warehouse, tmp_path, nowhere)
    for name, (local, spark) in tables.items():
        assert spark == local, name
    assert len(tables["flags"][0]) > 20 and tables["data_problems"][0]


def test_the_latest_hr_period_is_the_files_not_the_partitions(warehouse, tmp_path: Path, spark_ready: str) -> None:
    # One household's hr records move to a later period: every other household now has none
    # in the file's latest period, whichever partition it is judged in.
    later = """UPDATE stg_hr SET period = '2026-11' WHERE record_id IN (
        SELECT record_id FROM links WHERE source = 'hr' AND household_id = (
            SELECT min(household_id) FROM links WHERE source = 'hr'))"""
    tables = judged_both_ways(warehouse, tmp_path, later)
    flags = tables["flags"][0]
    assert tables["flags"][1] == flags
    assert len({f[0] for f in flags if f[1] == "INCOME_OVER_LIMIT"}) <= 1


def test_a_record_linked_to_every_household_travels_to_each(warehouse, tmp_path: Path, spark_ready: str) -> None:
    shared = """UPDATE stg_bank SET balance = 99999999 WHERE record_id = (SELECT min(record_id) FROM stg_bank);
    INSERT INTO links SELECT 'bank', (SELECT min(record_id) FROM stg_bank), m.household_id, m.member_no,
        'exact', 1.0, 'auto', 'test' FROM stg_members m
    WHERE m.member_no = (SELECT min(member_no) FROM stg_members n WHERE n.household_id = m.household_id)
      AND NOT EXISTS (SELECT 1 FROM links l WHERE l.source = 'bank' AND l.household_id = m.household_id
                      AND l.record_id = (SELECT min(record_id) FROM stg_bank))"""
    tables = judged_both_ways(warehouse, tmp_path, shared)
    for name, (local, spark) in tables.items():
        assert spark == local, name
    members = duckdb.connect(str(tmp_path / "local.duckdb")).sql(
        "SELECT count(DISTINCT household_id) FROM stg_members").fetchall()[0][0]
    assert sum(f[1] == "FINANCIAL_ASSETS_OVER_LIMIT" for f in tables["flags"][0]) == members
