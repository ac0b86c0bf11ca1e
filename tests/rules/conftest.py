"""Rule cases as YAML: each file in ``cases/`` holds cases a policy officer can read
(a household, its members, agency records with the member each links to, and the
flags expected out); each case becomes a pytest item run against real DuckDB.

A case names one ``household`` (H1 unless it says otherwise) or several
``households`` in one world, so that a rule mixing up households shows. Members
belong to the first household unless they name their ``household_id``. A
record's ``member`` is a member number (of the record's ``household``, by
default the first), a list of them, or, per linked member, a mapping
``{member_no, household, link, score}``; ``link`` (``auto`` or ``review``) and
``score`` may also be given for the whole record.
"""
from __future__ import annotations

from datetime import date
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

import rules

STAGED = {
    "households": "household_id VARCHAR, region_code VARCHAR, category VARCHAR, registered_on DATE, "
                  "declared_monthly_income DECIMAL(18,2)",
    "members": "household_id VARCHAR, member_no BIGINT, relation VARCHAR, name VARCHAR, id_number VARCHAR, "
               "gender VARCHAR, birth_date DATE",
    "hukou": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, former_name VARCHAR, region_code VARCHAR, "
             "status VARCHAR",
    "vehicles": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, plate_no VARCHAR, vehicle_type VARCHAR, "
                "registered_on DATE, status VARCHAR",
    "hr": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, period VARCHAR, employer_name VARCHAR, "
          "employer_type VARCHAR, monthly_wage DECIMAL(18,2), pension DECIMAL(18,2), "
          "unemployment_benefit DECIMAL(18,2)",
    "bank": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, institution VARCHAR, product_type VARCHAR, "
            "balance DECIMAL(18,2), as_of DATE",
    "housing": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, cert_no VARCHAR, usage VARCHAR, "
               "area_m2 DECIMAL(18,2), acquired_on DATE",
    "civil_affairs": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, record_type VARCHAR, event_date DATE, "
                     "amount DECIMAL(18,2)",
    "business": "record_id VARCHAR, id_number VARCHAR, name VARCHAR, enterprise_name VARCHAR, role VARCHAR, "
                "registered_capital DECIMAL(18,2), status VARCHAR",
}
DEFAULTS = {
    "households": {"household_id": "H1", "region_code": "530100", "category": "相对困难",
                   "registered_on": "2022-01-01", "declared_monthly_income": "0"},
    "members": {"household_id": "H1", "relation": "其他", "name": "测试", "id_number": "530102199001011234"},
    "hukou": {"region_code": "530102", "status": "正常"},
    "vehicles": {"plate_no": "云A00001", "vehicle_type": "小型轿车", "registered_on": "2020-05-01", "status": "正常"},
    "hr": {"period": "2024-12", "employer_type": "企业", "monthly_wage": "0", "pension": "0",
           "unemployment_benefit": "0"},
    "bank": {"institution": "测试银行", "product_type": "活期", "balance": "0", "as_of": "2024-12-31"},
    "housing": {"usage": "住宅", "area_m2": "80", "acquired_on": "2015-03-01"},
    "civil_affairs": {"record_type": "死亡", "event_date": "2024-06-01"},
    "business": {"enterprise_name": "测试公司", "role": "股东", "registered_capital": "50000", "status": "存续"},
}
_LINK_KINDS = {"auto": ("exact", 1.0), "review": ("fuzzy", 0.8)}
REFERENCE = rules.load_rule_set(rules.REFERENCE_RULES)


def build(case: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the case as the staged tables, links and member_ids."""
    con = duckdb.connect(config={"threads": 1})
    households = [{**DEFAULTS["households"], **h} for h in case.get("households", [case.get("household", {})])]
    first = households[0]["household_id"]
    members = [{**DEFAULTS["members"], "household_id": first, **m}
               for m in case.get("members", [{"member_no": 1, "relation": "本人"}])]
    _table(con, "households", households)
    _table(con, "members", [{k: v for k, v in m.items() if k != "id_problem"} for m in members])
    links = []
    for source in STAGED.keys() - {"households", "members"}:
        rows = case.get("records", {}).get(source, [])
        _table(con, source, [{**DEFAULTS[source], **_record(r)} for r in rows])
        links += [_link(source, r, first) for r in rows]
    con.execute("CREATE TABLE links (source VARCHAR, record_id VARCHAR, household_id VARCHAR, member_no BIGINT, "
                "method VARCHAR, score DOUBLE, decision VARCHAR, explanation VARCHAR)")
    for row in (row for group in links for row in group):
        con.execute("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, '[]')", row)
    con.execute("CREATE TABLE member_ids (household_id VARCHAR, member_no BIGINT, id_normalized VARCHAR, "
                "id_problem VARCHAR, name_normalized VARCHAR)")
    for m in members:
        problem = m.get("id_problem")
        con.execute("INSERT INTO member_ids VALUES (?, ?, ?, ?, ?)", [m["household_id"], m["member_no"],
                    None if problem else m["id_number"], problem, m["name"]])
    return con


def _table(con: duckdb.DuckDBPyConnection, source: str, rows: list[dict[str, Any]]) -> None:
    """Create ``stg_<source>`` with its staged types and insert ``rows`` by column name."""
    columns = [c.split()[0] for c in STAGED[source].split(", ")]
    con.execute(f"CREATE TABLE stg_{source} (_row BIGINT, {STAGED[source]})")
    for number, row in enumerate(rows, start=1):
        values = [None if row.get(c) is None else str(row[c]) for c in columns]
        con.execute(f"INSERT INTO stg_{source} VALUES ({number}, {', '.join('?' * len(columns))})", values)


_TEST_ONLY = ("member", "link", "score", "household")


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """An agency record without the test-only keys (``member``, ``link``, ``score``, ``household``)."""
    return {k: v for k, v in row.items() if k not in _TEST_ONLY}


def _link(source: str, row: dict[str, Any], first: str) -> list[list[Any]]:
    """Link rows for a record, one per linked member (see the module docstring for the forms)."""
    members = row.get("member")
    targets = members if isinstance(members, list) else [] if members is None else [members]
    links = []
    for target in targets:
        spec = {**{k: row[k] for k in ("link", "score", "household") if k in row},
                **(target if isinstance(target, dict) else {"member_no": target})}
        decision = spec.get("link", "auto")
        method, score = _LINK_KINDS[decision]
        links.append([source, str(row["record_id"]), str(spec.get("household", first)), spec["member_no"], method,
                      float(spec.get("score", score)), decision])
    return links


def outputs(con: duckdb.DuckDBPyConnection, table: str, rule_ids: set[str]) -> list[dict[str, Any]]:
    """Rows of an output table for the given rules, as dicts of text, in a stable order."""
    cursor = con.execute(f"SELECT * FROM {table} ORDER BY ALL")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, (None if v is None else str(v) for v in row))) for row in cursor.fetchall()]
    return [row for row in rows if row["rule_id"] in rule_ids]


@pytest.fixture
def stage() -> Callable[[dict[str, Any]], duckdb.DuckDBPyConnection]:
    """The case builder, for tests written in Python rather than YAML."""
    return build


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect every YAML file under ``cases/`` as a file of rule cases."""
    if file_path.suffix == ".yaml" and file_path.parent.name == "cases":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    """A YAML file of cases for one or more rules (``rule`` or ``rules`` at the top)."""

    def collect(self):
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        rule_ids = set(data["rules"] if "rules" in data else [data["rule"]])
        for case in data["cases"]:
            yield CaseItem.from_parent(self, name=case["name"], case=case, rule_ids=rule_ids)


class CaseItem(pytest.Item):
    """One case: build the tables, evaluate the reference rules, compare with ``expect``."""

    def __init__(self, *, case: dict[str, Any], rule_ids: set[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case, self.rule_ids = case, rule_ids

    def runtest(self) -> None:
        con = build(self.case)
        as_of = self.case.get("as_of", date(2025, 6, 30))
        as_of = as_of if isinstance(as_of, date) else date.fromisoformat(as_of)
        present = rules.queries.SOURCES - set(self.case.get("sources_absent", []))
        rules.evaluate(con, REFERENCE, as_of, present)
        expect = self.case["expect"]
        for table in ("flags", "evidence", "traces", "data_problems", "skipped_rules"):
            if table == "flags" or table in expect:
                check_subset(outputs(con, table, self.rule_ids), expect.get(table, []), table)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:
        return f"case {self.name!r} in {self.path.name}:\n{excinfo.value}"

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


def check_subset(actual: list[dict[str, Any]], expected: list[dict[str, Any]], table: str) -> None:
    """Each expected row matches a distinct actual row on the keys it names; counts are equal."""
    assert len(actual) == len(expected), f"{table}: expected {len(expected)} rows, got {actual}"
    remaining = list(actual)
    for e in expected:
        want = {k: None if v is None else str(v) for k, v in e.items()}
        match = next((row for row in remaining if all(row[k] == v for k, v in want.items())), None)
        assert match is not None, f"{table}: no row matches {e}; rows {remaining}"
        remaining.remove(match)
