"""What ``hecha run`` prints when it finishes: the ledger and the flag counts, no personal data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table


def print_run_summary(manifest: dict, output_dir: Path) -> None:
    """Two small tables on stdout: rows per source, flags per rule and status."""
    console = Console()
    ledger = Table("source", "received", "accepted", "quarantined", title=f"run {manifest['run_id']} (as of {manifest['as_of']})")
    for source, entry in manifest["sources"].items():
        ledger.add_row(source, *(str(entry[k]) for k in ("received", "accepted", "quarantined")))
    console.print(ledger)
    flags = Table("rule", "breach", "review", title="flags")
    for rule_id, counts in manifest["flags"].items():
        flags.add_row(rule_id, str(counts["breach"]), str(counts["review"]))
    console.print(flags)
    if manifest.get("data_problems"):
        console.print(f"{manifest['data_problems']} household(s) could not be judged: see the report.")
    for skipped in manifest.get("skipped_rules", []):
        console.print(f"skipped {skipped['rule_id']}: {skipped['reason']}")
    console.print(f"outputs written to {output_dir}")


def print_run_history(runs: pd.DataFrame) -> None:
    """The run history as a table, newest first; a run whose output folder is gone is marked ``missing``.

    Every column but the output folder is kept on one line, so run ids and flow-run ids can be copied.
    """
    table = Table(title="hecha runs")
    for name in runs.columns:
        table.add_column(name, no_wrap=name != "output_dir", overflow="fold")
    for row in runs.astype(str).itertuples(index=False):
        table.add_row(*(cell[:19] if name == "finished_at" else cell for name, cell in zip(runs.columns, row)))
    Console(width=max(200, shutil.get_terminal_size().columns)).print(table if len(runs) else "no runs recorded yet")
