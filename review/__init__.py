"""review: the auditors' case loop — states, fingerprints, decisions, carry-over, outcomes.

Each flag is a case keyed by (household_id, rule_id) with a fingerprint of its
evidence (``case_fingerprints``); decisions recorded by auditors
(``validate_decisions`` checks a decision file, all or nothing) give each case
its state on every later run (``carry_over``), reopening it when its evidence
changed; ``exit_candidates`` and ``false_flag_rates`` say what the decisions add
up to. Pure functions over DuckDB and pandas tables: ``flows/`` keeps the log.
"""
from __future__ import annotations

from review.carry import CaseBook, carry_over, latest_decisions, stamp, with_states
from review.decisions import DecisionFileError, DecisionRules, parse_day, validate_decisions
from review.fingerprint import case_fingerprints
from review.outcomes import exit_candidates, false_flag_rates
from review.states import BY_ID, CLOSED, DEFAULT, STATES, display, parse_state, states_table

__all__ = [
    "BY_ID", "CLOSED", "DEFAULT", "STATES", "CaseBook", "DecisionFileError", "DecisionRules",
    "carry_over", "case_fingerprints", "display", "exit_candidates", "false_flag_rates",
    "latest_decisions", "parse_day", "parse_state", "stamp", "states_table", "validate_decisions",
    "with_states",
]
