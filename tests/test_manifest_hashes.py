"""The manifest's per-source ``sha256`` is the SHA-256 of the file's bytes (interface §3).

The run history tells two drops apart by these hashes, so a hash of the file
name, of part of the file, or of anything else than its content would make a
changed drop look unchanged. No flow runs here: the function the ingest task
takes its hashes from (``flows.drop.locate_extracts``) is called directly.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from flows.drop import file_sha256, locate_extracts

SAMPLE_DROP = Path(__file__).resolve().parents[1] / "sample_data" / "drop"


def _content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_file_hash_is_the_sha256_of_the_content_not_of_the_name(tmp_path: Path) -> None:
    first, second, renamed = tmp_path / "a" / "hr.csv", tmp_path / "b" / "hr.csv", tmp_path / "bank.csv"
    for path, text in ((first, "record_id\nR1\n"), (second, "record_id\nR2\n"), (renamed, "record_id\nR1\n")):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert file_sha256(first) == hashlib.sha256(b"record_id\nR1\n").hexdigest()
    assert file_sha256(second) == _content_hash(second) != file_sha256(first)  # same name, other content
    assert file_sha256(renamed) == file_sha256(first)  # other name, same content


def test_file_hash_covers_every_byte_of_a_file_larger_than_one_read(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    body = bytes(range(256)) * (3 * 4096 + 7)  # ≈3 MiB: several 1 MiB chunks and a partial one
    path.write_bytes(body)
    before = file_sha256(path)
    assert before == hashlib.sha256(body).hexdigest()
    path.write_bytes(body[:-1] + b"\x00")  # only the very last byte differs
    assert file_sha256(path) != before


def test_every_extract_of_a_drop_carries_the_hash_of_its_own_bytes(tmp_path: Path) -> None:
    drop = Path(shutil.copytree(SAMPLE_DROP, tmp_path / "drop"))
    extracts = locate_extracts(drop)
    assert set(extracts) >= {"households", "members", "hr"} and len(extracts) == len(list(drop.iterdir()))
    for source, extract in extracts.items():
        assert extract.path.parent == drop
        assert extract.sha256 == _content_hash(extract.path), source
    assert len({extract.sha256 for extract in extracts.values()}) == len(extracts)
