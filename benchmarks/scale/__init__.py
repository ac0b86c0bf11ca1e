"""The province-scale benchmark's parts: drops, the measured hecha run, the baselines, scoring, tables.

``benchmarks/province.py`` is the command; everything it needs is here.
"""

from __future__ import annotations

from scale.accuracy import score_hecha, score_links, score_splink
from scale.baselines import run_floor_baseline, run_splink_baseline
from scale.drops import DEFAULT_REGISTER_RATIO, Drop, ensure_drop
from scale.hecha_run import run_hecha
from scale.report import SUMMARY_HEADER, markdown, save_results, stage_table, summary_rows, target_lines

__all__ = [
    "DEFAULT_REGISTER_RATIO", "Drop", "SUMMARY_HEADER", "ensure_drop", "markdown", "run_floor_baseline", "run_hecha",
    "run_splink_baseline", "save_results", "score_hecha", "score_links", "score_splink", "stage_table",
    "summary_rows", "target_lines",
]
