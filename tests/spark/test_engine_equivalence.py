"""The Spark engine gives the local engine's outputs (contract §7), in ``local[2]``.

Each drop is run once by each engine, each run into its own output root (its
own history, so neither sees the other as its previous run). The systems'
files must be equal: ``flags.csv`` and every quarantine file byte for byte,
``matches.parquet`` and ``evidence.parquet`` row for row, and the ledger
(the manifest's sources, flag counts, data problems, skipped rules and links).
On the noisy drop the runs keep their warehouses, and the linker's tables —
``links`` with every explanation, ``member_ids`` and the kept model the
on-demand check reads — must be equal too: the Spark engine pairs and scores on
Spark (``flows.spark.linking``), so a drift there shows here first.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from drops import AS_OF, noisy_drop, two_region_drop

from matchers.model import DERIVED, RENAMED

LEDGER = ("sources", "flags", "data_problems", "skipped_rules", "links", "rules_version", "as_of")
# Every table the matcher keeps (matchers/model.py), so a new kept table is compared too.
LINKER_TABLES = ("links", "member_ids", *RENAMED.values(), *DERIVED, "match_model")


def run(drop: Path, root: Path, *extra: str) -> dict:
    """``hecha run`` of ``drop`` into ``root/out``; the manifest it wrote."""
    from flows.cli import main

    output = root / "out"
    assert main(["run", "--input", str(drop), "--output", str(output), "--as-of", AS_OF.isoformat(), *extra]) == 0
    return json.loads((output / "manifest.json").read_text(encoding="utf-8"))


def both_engines(drop: Path, root: Path, master: str, *extra: str) -> tuple[Path, Path, dict, dict]:
    """The drop run by the local engine and by the Spark engine: both outputs and manifests."""
    local = run(drop, root / "local", *extra)
    spark = run(drop, root / "spark", "--engine", "spark", "--spark-master", master, *extra)
    return root / "local" / "out", root / "spark" / "out", local, spark


def assert_same_outputs(local: Path, spark: Path, local_manifest: dict, spark_manifest: dict) -> None:
    """Every system-facing output of the two runs is equal."""
    assert (spark / "flags.csv").read_bytes() == (local / "flags.csv").read_bytes()
    for name in ("matches.parquet", "evidence.parquet"):
        assert pq.read_table(spark / name).equals(pq.read_table(local / name)), name
    quarantined = sorted(p.name for p in (local / "quarantine").iterdir())
    assert sorted(p.name for p in (spark / "quarantine").iterdir()) == quarantined
    for name in quarantined:
        assert (spark / "quarantine" / name).read_bytes() == (local / "quarantine" / name).read_bytes(), name
    assert {k: spark_manifest[k] for k in LEDGER} == {k: local_manifest[k] for k in LEDGER}


@pytest.fixture(scope="module")
def noisy_runs(tmp_path_factory: pytest.TempPathFactory, spark_ready: str, prefect_api: None):
    """The noisy drop run by both engines."""
    root = tmp_path_factory.mktemp("noisy")
    return both_engines(noisy_drop(root / "generated", 70, 161616), root, spark_ready, "--keep-warehouse")


def test_noisy_drop_gives_the_same_flags_matches_quarantine_and_ledger(noisy_runs) -> None:
    local, spark, local_manifest, spark_manifest = noisy_runs
    assert_same_outputs(local, spark, local_manifest, spark_manifest)


def test_noisy_drop_gives_the_same_links_explanations_and_kept_model(noisy_runs) -> None:
    local, spark = noisy_runs[0] / "warehouse.duckdb", noisy_runs[1] / "warehouse.duckdb"
    with duckdb.connect(str(local), read_only=True) as expected, duckdb.connect(str(spark), read_only=True) as got:
        for table in LINKER_TABLES:
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert got.sql(query).to_arrow_table().equals(expected.sql(query).to_arrow_table()), table
        assert got.sql("SELECT count(*) FROM links").fetchall()[0][0] > 100


def test_the_noisy_drop_holds_what_the_engines_must_agree_on(noisy_runs) -> None:
    local, _, manifest, _ = noisy_runs
    reasons = "".join(p.read_text(encoding="utf-8-sig") for p in (local / "quarantine").iterdir())
    for reason in ("row repeats the header", "duplicate key", "row has 7 fields", "household not in accepted"):
        assert reason in reasons
    assert sum(s["quarantined"] for s in manifest["sources"].values()) > 20
    methods = set(pq.read_table(local / "matches.parquet")["method"].to_pylist())
    assert methods == {"exact", "normalized", "fuzzy"}


def test_two_regions_with_crossing_records_give_the_same_outputs(
        tmp_path_factory: pytest.TempPathFactory, spark_ready: str, prefect_api: None) -> None:
    root = tmp_path_factory.mktemp("regions")
    local, spark, local_manifest, spark_manifest = both_engines(
        two_region_drop(root / "generated", 40, (5151, 6262)), root, spark_ready)
    assert_same_outputs(local, spark, local_manifest, spark_manifest)
    crossing = [r for r in pq.read_table(local / "matches.parquet").to_pylist() if r["record_id"].startswith("X")]
    assert crossing and {r["household_id"][:2] for r in crossing} == {"HH"}
