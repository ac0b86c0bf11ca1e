"""Prefect artifacts: each run's result where data officers look, in the Prefect UI.

A markdown summary (ledger, flags by rule and status, changes since the
previous run, cases by state and what the decisions did) and a table of flag counts. Counts only: no ID or name ever
reaches an artifact.
"""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact


def publish_run_artifacts(manifest: dict, key_prefix: str = "hecha") -> None:
    """Create the keyed summary and flag-count artifacts for this run."""
    create_markdown_artifact(key=f"{key_prefix}-run-summary", markdown=summary_markdown(manifest),
                             description=f"hecha run {manifest['run_id']}")
    create_table_artifact(key=f"{key_prefix}-flag-counts", table=flag_count_rows(manifest),
                          description=f"flags by rule and status, run {manifest['run_id']}")


def flag_count_rows(manifest: dict) -> list[dict]:
    """Table artifact rows: one per rule (Prefect takes a list of dicts, not a DataFrame)."""
    return [{"rule_id": rule, **counts} for rule, counts in manifest["flags"].items()]


def summary_markdown(manifest: dict) -> str:
    """The run summary as markdown tables."""
    lines = [f"# hecha run {manifest['run_id']}", "",
             f"as of **{manifest['as_of']}**, rule set **{manifest['rules_version']}**", "",
             "| source | received | accepted | quarantined |", "|---|---:|---:|---:|"]
    for source, e in manifest["sources"].items():
        lines.append(f"| {source} | {e['received']} | {e['accepted']} | {e['quarantined']} |")
    lines += ["", "| rule | breach | review |", "|---|---:|---:|"]
    lines += [f"| {rule} | {c['breach']} | {c['review']} |" for rule, c in manifest["flags"].items()]
    changes = manifest.get("changes")
    if changes:
        lines += ["", f"changes since the previous run: {changes['new']} new, "
                      f"{changes['resolved']} resolved, {changes['changed']} changed"]
    cases = manifest.get("cases")
    if cases:
        lines += ["", "| case state | cases |", "|---|---:|"]
        lines += [f"| {state} | {n} |" for state, n in cases["by_state"].items()]
        lines += ["", f"decisions: {cases['carried']} carried, {cases['reopened']} reopened, "
                      f"{cases['resolved']} resolved; {cases['exit_candidates']} exit candidate(s)"]
    return "\n".join(lines) + "\n"
