"""The generator command: determinism, files per format, encodings, summary line."""
from __future__ import annotations

from pathlib import Path

import pytest


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_arguments_give_byte_identical_files(tmp_path, sample, run_generator):
    run_generator(tmp_path)
    first, second = _files(sample), _files(tmp_path)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_another_drop(tmp_path, sample, run_generator):
    run_generator(tmp_path, seed=8)
    assert (tmp_path / "truth" / "links.csv").read_bytes() != (sample / "truth" / "links.csv").read_bytes()


@pytest.mark.parametrize("formats, extensions", [
    ("csv", {"csv"}), ("parquet", {"parquet"}), ("mixed", {"csv", "xlsx", "parquet"})])
def test_all_nine_sources_are_written_in_each_format(tmp_path, formats, extensions, run_generator, source_names):
    summary = run_generator(tmp_path, households=40, formats=formats)
    files = list((tmp_path / "drop").iterdir())
    assert sorted(p.stem for p in files) == sorted(source_names)
    assert {p.suffix.lstrip(".") for p in files} == extensions
    assert summary.startswith("households=") and "seconds=" in summary


def test_mixed_drop_uses_bom_gb18030_and_text_ids(sample):
    drop = sample / "drop"
    assert (drop / "households.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    vehicles = (drop / "vehicles.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        vehicles.decode("utf-8")
    assert "小型轿车" in vehicles.decode("gb18030")
    from openpyxl import load_workbook
    sheet = load_workbook(drop / "members.xlsx", read_only=True).worksheets[0]
    ids = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True) if row[4]]
    assert ids and all(isinstance(value, str) for value in ids)


def test_rewriting_in_another_format_leaves_no_stale_source(tmp_path, run_generator, source_names):
    run_generator(tmp_path, households=30, formats="csv")
    run_generator(tmp_path, households=30, formats="parquet")
    assert sorted(p.suffix for p in (tmp_path / "drop").iterdir()) == [".parquet"] * len(source_names)
