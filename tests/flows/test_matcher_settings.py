"""The matcher settings file of a rule set: defaults, validation, and its use by a run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

import rules
from flows.cli import main
from flows.matcher_settings import SETTINGS_FILE, load_match_config
from matchers import MatchConfig, MatchConfigError

SAMPLE_DROP = Path(__file__).resolve().parents[2] / "sample_data" / "drop"
SAMPLE_AS_OF = "2026-11-30"


def rule_set_with(tmp_path: Path, settings: str | None) -> Path:
    """A copy of the reference rule set whose matcher.yaml holds ``settings`` (none when None)."""
    folder = tmp_path / "rules"
    shutil.copytree(rules.REFERENCE_RULES, folder)
    (folder / SETTINGS_FILE).unlink()
    if settings is not None:
        (folder / SETTINGS_FILE).write_text(settings, encoding="utf-8")
    return folder


def test_the_reference_file_holds_the_documented_defaults() -> None:
    assert (rules.REFERENCE_RULES / SETTINGS_FILE).is_file()
    assert load_match_config(rules.REFERENCE_RULES) == MatchConfig()


def test_a_rule_set_without_the_file_links_with_the_defaults(tmp_path: Path) -> None:
    assert load_match_config(rule_set_with(tmp_path, None)) == MatchConfig()


def test_the_file_sets_the_matcher_configuration(tmp_path: Path) -> None:
    folder = rule_set_with(tmp_path, "auto_threshold: 0.9999\ntie_margin: 0.05\n")
    assert load_match_config(folder) == MatchConfig(auto_threshold=0.9999, tie_margin=0.05)


def test_every_problem_of_the_file_is_reported_together(tmp_path: Path) -> None:
    folder = rule_set_with(tmp_path, "auto_treshold: 0.99\nreview_threshold: 0.9\nauto_threshold: 0.6\n"
                                     "random_pairs: many\ntie_margin: 2\ntie_margin: 0.01\n")
    with pytest.raises(MatchConfigError) as caught:
        load_match_config(folder)
    problems = caught.value.problems
    assert all(p.startswith(f"{folder / SETTINGS_FILE}: ") for p in problems)
    expected = ["duplicate setting 'tie_margin' (line 6)", "unknown setting 'auto_treshold'",
                "random_pairs must be a int", "review_threshold must not exceed auto_threshold"]
    assert len(problems) == len(expected) and all(e in p for e, p in zip(expected, problems)), problems


@pytest.mark.parametrize("text, problem", [
    ("auto_threshold: [0.9\n", "not valid YAML"),
    ("- auto_threshold\n", "must map each setting to its value"),
])
def test_a_file_that_is_no_mapping_is_a_problem(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(MatchConfigError, match=problem):
        load_match_config(rule_set_with(tmp_path, text))


def test_a_bad_file_stops_the_run_with_one_error_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = rule_set_with(tmp_path, "auto_threshold: 1.5\nreview_threshold: 0\n")
    output = tmp_path / "out"
    assert main(["run", "--input", str(SAMPLE_DROP), "--output", str(output), "--as-of", SAMPLE_AS_OF,
                 "--rules", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()  # Prefect's log lines come first
    errors = [i for i, line in enumerate(err) if line.startswith("Error:")]
    assert len(errors) == 1 and err[errors[0]] == "Error: invalid matcher configuration:", err
    assert err[errors[0] + 1:] == [
        f"- {folder / SETTINGS_FILE}: review_threshold must lie strictly between 0 and 1: try 0.5",
        f"- {folder / SETTINGS_FILE}: auto_threshold must lie strictly between 0 and 1: try 0.999"]
    assert not output.exists()


def test_a_run_links_with_the_settings_of_its_rule_set(tmp_path: Path) -> None:
    folder = rule_set_with(tmp_path, "tie_margin: 0.05\nname_similarity: 0.85\n")
    assert main(["run", "--input", str(SAMPLE_DROP), "--output", str(tmp_path / "out"), "--as-of", SAMPLE_AS_OF,
                 "--rules", str(folder)]) == 0
    with duckdb.connect(str(tmp_path / "hecha-data-run.duckdb"), read_only=True) as con:
        kept = con.sql("SELECT config FROM match_model").fetchall()[0][0]
    assert MatchConfig.from_mapping(json.loads(kept)) == MatchConfig(tie_margin=0.05, name_similarity=0.85)
