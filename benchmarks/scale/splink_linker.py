"""Splink 5 (DuckDB backend) on hecha's linking task: members ↔ agency persons.

The model is the textbook one for person linkage: ID (exact / Levenshtein ≤ 1
/ ≤ 2), name (exact / Jaro-Winkler ≥ 0.9 / ≥ 0.7), birth date (Splink's
date-of-birth comparison); predictions blocked on birth date and on name;
λ from an exact-ID rule, u by random sampling, m by EM on a birth-date
blocking rule (for ID and name) and on a name blocking rule (for birth date).
Each agency person keeps its most probable member at or above the threshold,
and every agency record of that person inherits the link.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from scale.persons import load_persons, record_links_sql

THRESHOLD = 0.9
U_MAX_PAIRS = 5e6
SEED = 20261130


def settings() -> SettingsCreator:
    """The Splink model: comparisons and the blocking rules of prediction."""
    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.LevenshteinAtThresholds("id_number", [1, 2]),
            cl.JaroWinklerAtThresholds("name", [0.9, 0.7]),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
        ],
        blocking_rules_to_generate_predictions=[block_on("birth_date"), block_on("name")],
        retain_matching_columns=False,
    )


def train(linker: Linker) -> None:
    """λ from exact ID, u by random sampling, m by EM on two blocking rules."""
    linker.training.estimate_probability_two_random_records_match([block_on("id_number")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))


def run_splink(drop_dir: Path, links_out: Path) -> dict:
    """Prepare, train and predict in-process; write record links to ``links_out``; return timings."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    started = time.perf_counter()
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute("SET enable_progress_bar = false")
    load_persons(con, drop_dir)
    prepared = time.perf_counter()
    db_api = DuckDBAPI(connection=con)
    members = db_api.register("left_members", dataset_display_name="a_members")
    persons = db_api.register("right_persons", dataset_display_name="b_agency")
    linker = Linker([members, persons], settings(), log_level=logging.WARNING)
    train(linker)
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    pairs = predictions.physical_name
    con.execute(f"""CREATE TABLE person_links AS
        SELECT unique_id_l AS member_id, unique_id_r::BIGINT AS person_id, match_probability FROM {pairs}
        QUALIFY row_number() OVER (PARTITION BY unique_id_r ORDER BY match_probability DESC, unique_id_l) = 1""")
    escaped = str(links_out).replace("'", "''")
    con.execute(f"COPY ({record_links_sql('person_links')}) TO '{escaped}' (FORMAT parquet)")
    finished = time.perf_counter()
    counts = con.sql("SELECT (SELECT count(*) FROM left_members), (SELECT count(*) FROM right_persons), "
                     f"(SELECT count(*) FROM {pairs})").fetchall()[0]
    con.close()
    return {"seconds": finished - started, "prepare_s": prepared - started, "train_s": trained - prepared,
            "predict_s": finished - trained, "members": counts[0], "agency_persons": counts[1],
            "pairs_over_threshold": counts[2]}
