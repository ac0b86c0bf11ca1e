"""The two engines of one contract: GX itself and the GX suite compiled to DuckDB SQL
give identical accepted tables and quarantine frames; a suite the compiler
cannot honour fails at build time instead of losing a check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_contracts import (
    SOURCES,
    StagedSource,
    find_extract,
    read_extract,
    stage_source,
)
from data_contracts.compiled import UncompilableSuite, compile_suite
from data_contracts.engines import DEFAULT_ENGINE
from data_contracts.expectations import suite_configs
from data_contracts.spec import CONTRACTS
from data_contracts.suite import expectation_suite

SAMPLE_DROP = Path(__file__).parents[2] / "sample_data" / "drop"


def _both(source: str, raw: pd.DataFrame, **kwargs) -> StagedSource:
    """Stage ``raw`` with each engine and assert the results are identical."""
    by_gx = stage_source(source, raw, engine="gx", **kwargs)
    by_sql = stage_source(source, raw, engine="duckdb", **kwargs)
    assert by_sql.accepted.equals(by_gx.accepted)
    pd.testing.assert_frame_equal(by_sql.quarantine, by_gx.quarantine)
    return by_gx


@pytest.fixture(scope="module")
def sample_households() -> set[str]:
    raw = read_extract("households", SAMPLE_DROP / find_extract("households", [p.name for p in SAMPLE_DROP.iterdir()]))
    return set(stage_source("households", raw).accepted.column("household_id").to_pylist())


@pytest.mark.parametrize("source", SOURCES)
def test_engines_agree_on_the_fault_laden_sample_drop(source, sample_households):
    raw = read_extract(source, SAMPLE_DROP / find_extract(source, [p.name for p in SAMPLE_DROP.iterdir()]))
    kwargs = {"household_ids": sample_households} if source == "members" else {}
    staged = _both(source, raw, **kwargs)
    assert staged.quarantined_count > 0  # the drop carries bad rows of every source


def test_engines_agree_on_every_kind_of_bad_row(make_rows):
    changes = [{"household_id": "H1"}, {"region_code": "５３０１００"}, {"region_code": "53010"},
               {"category": "困难", "registered_on": "2021-02-30"}, {"declared_monthly_income": "-5"},
               {"household_id": None}, {"household_id": None}, {"declared_monthly_income": "1,2"}]
    _both("households", make_rows("households", *changes))
    members = make_rows("members", {"member_no": "1"}, {"member_no": "1"}, {"household_id": "H9"},
                        {"household_id": None, "member_no": None}, {"household_id": None, "member_no": None},
                        {"household_id": None, "member_no": "7"}, {"household_id": None, "member_no": "7"},
                        {"id_number": "5.30102E+17", "gender": "M"})
    _both("members", members, household_ids={"H1"})


MESSY = ["", " ", "\u3000", None, "\ufeff", "0", "-0", "12", "1,234.50", "1,23", "-3", "12.345", "1e+17",
         "５３０１００", "530100", "53010a", "2024-01-31", "2024/02/30", "20240229", "2024-13", "202412",
         "2024-12", "深度困难", "相对困难", "企业", "机关", "其他", "本人", "男", "R1", "H1", "张三", "'\"", "a;b"]
"""Values that are valid somewhere, invalid elsewhere, or trap a regex or a parser."""


def _frames(source: str, columns: tuple[str, ...]):
    row = st.fixed_dictionaries({name: st.sampled_from(MESSY) for name in columns})
    return st.lists(row, min_size=1, max_size=40).map(lambda rows: pd.DataFrame(rows, columns=columns, dtype="string"))


@pytest.mark.parametrize("source", ["households", "hr", "members"])
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_engines_agree_on_generated_messy_frames(source, data):
    raw = data.draw(_frames(source, CONTRACTS[source].names))
    _both(source, raw, **({"household_ids": {"H1", "R1"}} if source == "members" else {}))


def _suite_with(*expectations: gxe.Expectation) -> gx.ExpectationSuite:
    expectation_suite("households", False)  # GX needs its context to exist
    suite = gx.ExpectationSuite(name="probe")
    for expectation in expectations:
        suite.add_expectation(expectation)
    return suite


@pytest.mark.parametrize("expectation", [
    gxe.ExpectColumnMaxToBeBetween(column="x", max_value=3, meta={"reason": "x: too big"}),
    gxe.ExpectColumnValuesToNotBeNull(column="x", mostly=0.9, meta={"reason": "x: missing"}),
    gxe.ExpectColumnValuesToMatchRegex(column="x", regex=r"^\w+$", meta={"reason": "x: not a word"}),
    gxe.ExpectColumnValuesToMatchRegex(column="x", regex=r"^(?=a)", meta={"reason": "x: lookahead"}),
    gxe.ExpectColumnValuesToNotBeNull(column="x"),
], ids=["unknown type", "mostly", "python-only class", "not RE2", "no reason"])
def test_a_check_the_compiler_cannot_honour_fails_the_build(expectation):
    with pytest.raises(UncompilableSuite):
        compile_suite(_suite_with(gxe.ExpectColumnValuesToNotBeNull(column="y", meta={"reason": "y"}), expectation))


@pytest.mark.parametrize("source", SOURCES)
def test_every_source_suite_compiles_with_one_predicate_per_reason(source):
    suite = expectation_suite(source, source == "members")
    compiled = compile_suite(suite)
    assert compiled.reasons == tuple(dict.fromkeys(e.meta["reason"] for e in suite.expectations))
    assert len(compiled.predicates) == len(compiled.reasons)


@pytest.mark.parametrize("source, referential", [(s, False) for s in SOURCES] + [("members", True)])
def test_the_gx_suite_is_exactly_the_configurations_the_sql_engine_compiles(source, referential):
    """Runs compile ``suite_configs`` without importing GX: it must be the GX suite, expectation for expectation."""
    suite = expectation_suite(source, referential)
    configs = suite_configs(source, referential)
    as_gx_writes_them = [{k: v for k, v in e.configuration.to_json_dict().items() if k != "severity"}
                         for e in suite.expectations]
    assert as_gx_writes_them == [{"type": c.type, "kwargs": c.arguments, "meta": c.meta} for c in configs]
    assert {e.configuration.to_json_dict().get("severity", "critical") for e in suite.expectations} == {"critical"}
    assert all(getattr(e, "mostly", 1) == 1 for e in suite.expectations)
    assert compile_suite(configs) == compile_suite(suite)


def test_runs_use_the_compiled_suite_and_never_load_gx():
    """README: every run validates with the suites compiled to DuckDB; GX loads only when its engine is asked for."""
    assert DEFAULT_ENGINE == "duckdb"
    probe = (
        "import sys; from pathlib import Path; import data_contracts as dc\n"
        f"drop = Path({str(SAMPLE_DROP)!r}); names = [p.name for p in drop.iterdir()]\n"
        "for source in dc.SOURCES:\n"
        "    dc.stage_source(source, dc.read_extract(source, drop / dc.find_extract(source, names)),"
        " household_ids=set() if source == 'members' else None)\n"
        "assert 'great_expectations' not in sys.modules, 'GX was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
