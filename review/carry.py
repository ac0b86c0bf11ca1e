"""Carry-over: each case of a run takes the state its decisions give it (interface contract §5).

The state of a case is derived from the decision log, never stored beside it:
the latest decision on the case (by ``decided_on``, then the order decisions
were recorded) gives its state while the case's fingerprint is the one that
decision was made on (``carried``); when the evidence changed since, the case
is reopened as ``to_verify`` (``reopened``) and says what changed. A decided
case of the previous run whose flag no longer fires is closed as resolved.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from review.states import DEFAULT, STATES

KEY = ["household_id", "rule_id"]
LATEST = ["fingerprint", "state", "reviewer", "decided_on", "note", "imported_at"]
CHANGE_COLUMNS = ["records_new", "records_gone", "records_changed", "value_before", "threshold_before"]


@dataclass(frozen=True)
class CaseBook:
    """A run's cases with their states, the decided cases closed as resolved, the counts,
    the decision log they were derived from, and the previous run's cases with the states
    the same log gives them (``household_id, rule_id, state``; empty on a first run)."""

    cases: pd.DataFrame
    resolved: pd.DataFrame
    counts: dict
    decisions: pd.DataFrame
    before: pd.DataFrame


def stamp(moment: object) -> str:
    """A decision's ``imported_at`` as fixed text (UTC, microseconds): the workbook's
    ``last_decision_at``, compared as text when a sheet comes back."""
    if moment is None or pd.isna(moment):
        return ""
    when = pd.Timestamp(moment)
    when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def latest_decisions(decisions: pd.DataFrame) -> pd.DataFrame:
    """The latest decision on each case: ``household_id, rule_id`` and ``last_*`` columns."""
    ordered = decisions.sort_values(["decided_on", "seq"], kind="stable")
    latest = ordered.groupby(KEY, sort=False).tail(1)[KEY + LATEST]
    return latest.rename(columns={c: f"last_{c}" for c in LATEST})


def with_states(cases: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """``cases`` (with ``fingerprint``) plus ``state``, ``carry``, ``last_decision_at`` and
    the latest decision's columns (``last_state``, ``last_decided_on`` …)."""
    merged = cases.merge(latest_decisions(decisions), on=KEY, how="left")
    decided = merged["last_state"].notna()
    same = decided & (merged["last_fingerprint"] == merged["fingerprint"])
    merged["state"] = merged["last_state"].where(same, DEFAULT)
    merged["carry"] = "carried"
    merged.loc[~same, "carry"] = "reopened"
    merged.loc[~decided, "carry"] = ""
    merged["last_decision_at"] = [stamp(v) for v in merged["last_imported_at"]]
    return merged


def _items(record_hashes: object) -> dict[str, set[str]]:
    """``source:record_id`` → its ``member=hash`` parts, from a fingerprint's record list."""
    parts: dict[str, set[str]] = {}
    for item in str(record_hashes or "").split(";"):
        if item:
            ref, _, rest = item.rpartition("@")  # the member part is last; a record_id may hold '@'
            parts.setdefault(ref, set()).add(rest)
    return parts


def _what_changed(now: pd.Series, before: pd.Series | None) -> dict[str, str]:
    """Records new, gone and changed, and value/threshold before, of a reopened case."""
    if before is None:
        return dict.fromkeys(CHANGE_COLUMNS, "")
    old, new = _items(before["record_hashes"]), _items(now["record_hashes"])
    return {
        "records_new": ";".join(sorted(new.keys() - old.keys())),
        "records_gone": ";".join(sorted(old.keys() - new.keys())),
        "records_changed": ";".join(sorted(r for r in new.keys() & old.keys() if new[r] != old[r])),
        "value_before": "" if before["value"] == now["value"] else str(before["value"]),
        "threshold_before": "" if before["threshold"] == now["threshold"] else str(before["threshold"]),
    }


def _changes(cases: pd.DataFrame, snapshots: pd.DataFrame) -> pd.DataFrame:
    """What changed in each reopened case since the fingerprint it was decided on."""
    known = {(r.household_id, r.rule_id, r.fingerprint): r for r in snapshots.itertuples(index=False)}
    rows = []
    for case in cases.itertuples(index=False):
        before = known.get((case.household_id, case.rule_id, case.last_fingerprint))
        rows.append(_what_changed(pd.Series(case._asdict()), None if before is None else pd.Series(before._asdict()))
                    if case.carry == "reopened" else dict.fromkeys(CHANGE_COLUMNS, ""))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS, index=cases.index)


def carry_over(cases: pd.DataFrame, decisions: pd.DataFrame, snapshots: pd.DataFrame,
               previous: pd.DataFrame | None) -> CaseBook:
    """The run's case book.

    ``cases``: this run's flags with ``fingerprint`` and ``record_hashes``;
    ``decisions``: the decision log; ``snapshots``: earlier runs' flags
    (``household_id, rule_id, fingerprint, value, threshold, record_hashes``)
    for the fingerprints decisions were made on; ``previous``: the previous
    run's cases (``household_id, rule_id, fingerprint``) or None on a first run.
    """
    judged = with_states(cases, decisions)
    judged = pd.concat([judged, _changes(judged, snapshots)], axis=1)
    resolved = before = pd.DataFrame(columns=[*KEY, "state"])
    if previous is not None:
        before = with_states(previous[[*KEY, "fingerprint"]], decisions)[[*KEY, "state"]]
        gone = before.merge(cases[KEY], on=KEY, how="left", indicator=True)
        gone = gone[(gone["_merge"] == "left_only") & gone.set_index(KEY).index.isin(
            decisions.set_index(KEY).index)]
        resolved = gone[[*KEY, "state"]].sort_values(KEY, ignore_index=True)
    by_state = judged["state"].value_counts()
    counts = {"by_state": {s.id: int(by_state.get(s.id, 0)) for s in STATES},
              "carried": int((judged["carry"] == "carried").sum()),
              "reopened": int((judged["carry"] == "reopened").sum()), "resolved": len(resolved)}
    return CaseBook(judged, resolved, counts, decisions, before)
