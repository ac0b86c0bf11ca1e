"""Small case and decision tables for the review tests, built by hand."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd

CASE_COLUMNS = ["household_id", "rule_id", "status", "value", "threshold", "evidence", "fingerprint",
                "record_hashes"]
DECISION_COLUMNS = ["seq", "household_id", "rule_id", "fingerprint", "state", "reviewer", "decided_on", "note",
                    "imported_at"]


def cases(*rows: tuple) -> pd.DataFrame:
    """Cases from (household, rule, fingerprint, value, record_hashes) tuples."""
    return pd.DataFrame([(h, r, "breach", v, "0", "", f, rh) for h, r, f, v, rh in rows], columns=CASE_COLUMNS)


def decisions(*rows: tuple) -> pd.DataFrame:
    """A decision log from (household, rule, fingerprint, state, decided_on) tuples, in order."""
    return pd.DataFrame(
        [(i, h, r, f, s, "王审核", pd.Timestamp(d), None, datetime(2026, 12, 1, 8, i, tzinfo=timezone.utc))
         for i, (h, r, f, s, d) in enumerate(rows, 1)], columns=DECISION_COLUMNS)


NO_DECISIONS = decisions()
DAY = date(2026, 12, 1)
