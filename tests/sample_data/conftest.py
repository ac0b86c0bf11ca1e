"""Fixtures for the sample-data generator tests: small drops generated once per session."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "sample_data" / "generate.py"
SOURCES = ["households", "members", "hukou", "vehicles", "hr", "bank", "housing", "civil_affairs", "business"]


def generate(out: Path, households: int = 120, seed: int = 7, formats: str = "mixed") -> str:
    """Run the generator command; returns its summary line."""
    done = subprocess.run([sys.executable, str(GENERATOR), "--households", str(households), "--seed", str(seed),
                           "--out", str(out), "--formats", formats],
                          capture_output=True, text=True, check=True, cwd=REPO)
    return done.stdout.strip()


def csv_encoding(path: Path) -> str:
    """utf-8-sig when the file decodes as UTF-8 (with or without BOM), else gb18030."""
    try:
        path.read_bytes().decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def read_source(drop: Path, source: str) -> pd.DataFrame:
    """One source of a drop, every column as text (nulls kept as NaN)."""
    path = next(drop.glob(f"{source}.*"))
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=csv_encoding(path))
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=str)
    return pd.read_parquet(path)


@pytest.fixture(scope="session")
def run_generator():
    """The generator command as a function: run_generator(out, households=, seed=, formats=)."""
    return generate


@pytest.fixture(scope="session")
def source_names() -> list[str]:
    """The nine sources of the interface contract."""
    return SOURCES


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    """A mixed-format drop of 120 households."""
    out = tmp_path_factory.mktemp("mixed")
    generate(out)
    return out


@pytest.fixture(scope="session")
def sources(sample) -> dict[str, pd.DataFrame]:
    """Every source of the mixed sample, read as text."""
    return {s: read_source(sample / "drop", s) for s in SOURCES}


@pytest.fixture(scope="session")
def truth(sample) -> dict[str, pd.DataFrame]:
    """Every truth table of the mixed sample."""
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in (sample / "truth").glob("*.csv")}
