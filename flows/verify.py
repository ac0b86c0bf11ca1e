"""The verification flow: one extract drop in, one output folder out.

Thin by design: it orders the tasks, keeps the ledger and publishes the output
folder atomically. Unusable input (a missing file or column, a broken rule set)
stops the run before anything is published.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger

import rules

from flows.drop import locate_extracts
from flows.outputs import staged_output
from flows.publish import write_outputs
from flows.tasks import agency_sources, apply_rules, ingest_source, match_identities, rules_path, stage_in_warehouse
from flows.warehouse import WAREHOUSE_FILE, open_warehouse


@flow(name="hecha-verify", log_prints=False)
def verify(input_dir: Path, output_dir: Path, as_of: date, rules_dir: str | None = None) -> dict:
    """Verify one drop as of ``as_of``; return the manifest that was written."""
    started_at = datetime.now(timezone.utc)
    rule_set = rules.load_rule_set(rules_path(rules_dir))
    extracts = locate_extracts(input_dir)
    households = ingest_source(extracts["households"])
    household_ids = set(households.accepted.column("household_id").to_pylist())
    staged = [households, ingest_source(extracts["members"], household_ids)]
    staged += [ingest_source(extracts[s]) for s in agency_sources(extracts)]
    with staged_output(output_dir) as folder:
        con = open_warehouse(folder / WAREHOUSE_FILE)
        try:
            stage_in_warehouse(con, staged)
            sources = agency_sources(extracts)
            match_identities(con, sources)
            apply_rules(con, rule_set, as_of, sources)
            manifest = write_outputs(
                con, folder, extracts=extracts, staged=staged, rule_set=rule_set,
                as_of=as_of, started_at=started_at,
            )
        finally:
            con.close()
    get_run_logger().info("run %s published", manifest["run_id"])
    return manifest
