"""Every command's failure is one ``Error:`` line on stderr with the right exit code, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HECHA = Path(sys.executable).parent / "hecha"


def _damaged_root(tmp_path: Path) -> Path:
    (tmp_path / "damaged").mkdir()
    (tmp_path / "damaged" / "hecha-history.duckdb").write_bytes(b"\0" * 100)
    return tmp_path / "damaged"


CASES = {
    "run without its folder": (["run", "--input", "{tmp}/none", "--output", "{tmp}/out"], "input folder"),
    "run with a bad date": (["run", "--input", "{tmp}", "--output", "{tmp}/out", "--as-of", "2026-02-30"],
                            "--as-of must be a date"),
    "campaign with a bad name": (["campaign", "../x", "--input", "{tmp}", "--output-root", "{tmp}/r"],
                                 "campaign name"),
    "runs on a damaged history": (["runs", "--output-root", "{damaged}"], "is damaged"),
    "export without a history": (["review", "export", "--output-root", "{tmp}/r", "--to", "{tmp}/x.csv"],
                                 "no run history"),
    "import of a missing file": (["review", "import", "{tmp}/none.csv", "--output-root", "{damaged}"], "is damaged"),
    "history check without a history": (["history", "check", "--output-root", "{tmp}/r"], "no run history"),
    "history backup of a damaged one": (["history", "backup", "--output-root", "{damaged}", "--to", "{tmp}/b"],
                                        "is damaged"),
    "check before any run": (["check", "--output-root", "{tmp}/r", "--household", "{tmp}/none.json"],
                             "cannot read the household file"),
    "api without tokens": (["api", "--output-root", "{tmp}/r"], "HECHA_API_TOKENS is not set"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_failing_command_prints_one_error_line(case: str, tmp_path: Path) -> None:
    args, words = CASES[case]
    damaged = _damaged_root(tmp_path)
    argv = [a.format(tmp=tmp_path, damaged=damaged) for a in args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API") and k != "HECHA_API_TOKENS"}
    done = subprocess.run([str(HECHA), *argv], capture_output=True, text=True, env=env, timeout=120)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0], \
        done.stderr
    assert "Traceback" not in done.stdout


def test_a_rule_sql_naming_an_unknown_source_and_parameter_is_one_error_line(tmp_path: Path) -> None:
    import shutil

    root = Path(__file__).resolve().parents[2]
    custom = Path(shutil.copytree(root / "rules" / "reference", tmp_path / "rules"))
    sql = custom / "sql" / "FINANCIAL_ASSETS_OVER_LIMIT.sql"
    sql.write_text(sql.read_text(encoding="utf-8").replace("{{ records bank }}", "{{ records tax }}")
                   .replace("{{ number asset_months }}", "{{ number car_value }}"), encoding="utf-8")
    argv = ["run", "--input", str(root / "sample_data" / "drop"), "--output", str(tmp_path / "out"),
            "--as-of", "2026-11-30", "--rules", str(custom)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    done = subprocess.run([str(HECHA), *argv], capture_output=True, text=True, env=env, timeout=300)
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert done.returncode == 2 and errors == ["Error: 2 problem(s) in the rule set:"], done.stderr
    assert "  sql/FINANCIAL_ASSETS_OVER_LIMIT.sql: {{ records tax }}: unknown source tax" in done.stderr
    assert "  sql/FINANCIAL_ASSETS_OVER_LIMIT.sql: car_value: unknown parameter car_value" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout and not (tmp_path / "out").exists()
