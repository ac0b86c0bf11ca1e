"""hecha rules: dated policy parameters as YAML and one SQL file per rule, evaluated in DuckDB.

``load_rule_set`` reads and checks a rule set folder (``rules.yaml``, ``sql/``
and ``parameters/``); ``evaluate`` judges every household of the run's connection
and writes ``flags``, ``evidence``, ``traces``, ``data_problems`` and
``skipped_rules`` (docs/pipeline.md §3); ``latest_hr_period`` and ``summarize`` serve a
caller that evaluates the households in parts (the Spark engine). ``REFERENCE_RULES`` is
the shipped set.
"""
from __future__ import annotations

from pathlib import Path

from rules.evaluate import OUTPUTS, RuleSummary, evaluate, summarize
from rules.frames import latest_hr_period
from rules.parameters import Parameter
from rules.ruleset import RuleDef, RuleSet, RuleSetError, load_rule_set

REFERENCE_RULES: Path = Path(__file__).parent / "reference"

__all__ = [
    "OUTPUTS", "REFERENCE_RULES", "Parameter", "RuleDef", "RuleSet", "RuleSetError", "RuleSummary",
    "evaluate", "latest_hr_period", "load_rule_set", "summarize",
]
