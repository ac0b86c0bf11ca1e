"""The benchmark's own parts on hand-made drops: floor counts, person cleaning, scoring, measuring, tables."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from scale import markdown, score_hecha, score_links, summary_rows, target_lines
from scale.floor import run_floor
from scale.persons import load_persons
from scale.processes import run_measured

MEMBERS = "household_id,member_no,relation,name,id_number,gender,birth_date\n" \
          "H1,1,本人,张三,110101199001011234,男,1990-01-01\nH1,2,配偶,李四, 11010119920202222X ,女,\n"
HUKOU = "record_id,id_number,name,former_name,region_code,status\n" \
        "K1,110101199001011234,张三,,110101,正常\n" \
        "K2,11010119920202222X ,李四,,110101,正常\n" \
        "K3,１１０１０１１９９２０２０２２２２ｘ,李 四,,110101,正常\nK4,999,王五,,110101,正常\n"
TRUTH = "source,record_id,household_id,member_no,noise\n" \
        "hukou,K1,H1,1,clean\nhukou,K2,H1,2,clean\nhukou,K3,H1,2,id_fullwidth\n"


def _drop(tmp_path: Path) -> Path:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "members.csv").write_text(MEMBERS, encoding="utf-8")
    (drop / "hukou.csv").write_text(HUKOU, encoding="utf-8")
    (drop / "households.csv").write_text("household_id\nH1\n", encoding="utf-8")
    return drop


def _links(path: Path, rows: list[tuple]) -> Path:
    names = ["source", "record_id", "household_id", "member_no", "decision"]
    pq.write_table(pa.table(dict(zip(names, map(list, zip(*rows))))), path)
    return path


def test_floor_counts_exact_matches_on_trimmed_ids(tmp_path: Path) -> None:
    assert run_floor(_drop(tmp_path))["matches"] == {"hukou": 2}


def test_persons_fold_fullwidth_ids_spaces_and_derive_birth_dates(tmp_path: Path) -> None:
    con = duckdb.connect()
    load_persons(con, _drop(tmp_path))
    persons = con.sql("SELECT id_number, name, birth_date::VARCHAR FROM right_persons ORDER BY 1").fetchall()
    assert ("11010119920202222X", "李四", "1992-02-02") in persons
    assert con.sql("SELECT count(*) FROM right_persons").fetchall()[0][0] == 3  # K2 and K3 are one person
    assert con.sql("SELECT birth_date FROM right_persons WHERE id_number = '999'").fetchall()[0][0] is None


def test_hecha_precision_counts_auto_links_and_recall_counts_review_too(tmp_path: Path) -> None:
    truth = tmp_path / "truth"
    truth.mkdir()
    (truth / "links.csv").write_text(TRUTH, encoding="utf-8")
    matches = _links(tmp_path / "m.parquet", [("hukou", "K1", "H1", 1, "auto"), ("hukou", "K4", "H1", 1, "auto"),
                                              ("hukou", "K3", "H1", 2, "review")])
    score = score_hecha(truth, matches)
    assert score["precision"] == 0.5 and abs(score["recall"] - 2 / 3) < 1e-9
    assert score["recall_by_noise"]["id_fullwidth"] == {"links": 1, "found": 1}
    assert score_links(truth, matches)["precision"] == 2 / 3


def test_run_measured_sees_the_memory_of_a_child_process(tmp_path: Path) -> None:
    grow = "import subprocess, sys; subprocess.run([sys.executable, '-c', " \
           "'import time; b = bytearray(300 * 2**20); b[::4096] = b\"x\" * len(b[::4096]); time.sleep(0.6)'])"
    measured = run_measured([sys.executable, "-c", grow], tmp_path / "log", cwd=tmp_path)
    assert measured.returncode == 0 and measured.peak_rss_bytes > 300 * 2**20


def test_run_measured_stops_a_command_at_its_time_limit(tmp_path: Path) -> None:
    measured = run_measured([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path / "log",
                            cwd=tmp_path, timeout=0.5)
    assert measured.timed_out and measured.seconds < 10


def test_tables_show_ratio_to_floor_and_flag_missed_targets() -> None:
    result = {"households": 100000, "format": "csv", "rows": 8_000_000,
              "hecha": {"returncode": 0, "seconds": 80.0, "flow_seconds": 40.0, "peak_rss_bytes": 2**30,
                        "accuracy": {"precision": 0.99, "recall": 0.98}},
              "floor": {"seconds": 10.0, "peak_rss_bytes": 2**29},
              "splink": {"seconds": 300.0, "peak_rss_bytes": 2**31, "accuracy": {"precision": 0.96, "recall": 0.99}}}
    row = summary_rows([result])[0]
    assert "8.0 / 4.0" in row and "100,000" in row
    lines = target_lines(result)
    assert "end to end ≤ 60 s: MISSED" in lines[0] and any("recall ≥ Splink's: MISSED" in x for x in lines)
    assert markdown(["a"], [["1"]]).splitlines()[1] == "|---|"
