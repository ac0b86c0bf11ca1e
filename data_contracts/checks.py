"""The checks a contract implies, each with the reason a failing row gets.

``contract_checks`` turns a declarative ``Contract`` into a flat list of
``Check`` s. The GX suite is built from that list and ``describe_contracts``
publishes it, so the documentation cannot drift from what is enforced.
Checks on parsed values run against a derived boolean column named by
``derived_column`` (True where the row passes).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from data_contracts.spec import CONTRACTS, PARSE_PROBLEMS, Column, Contract

DERIVED_RULES = ("valid", "not_negative", "at_least_one", "household_exists")
"""Rules checked on a derived pass/fail column rather than on the values."""


@dataclass(frozen=True)
class Check:
    """One rule of one source: what is checked, on which columns, and why it fails."""

    source: str
    column: str
    kind: str
    rule: str  # present | required | one_of | pattern | forbidden | valid | not_negative | unique | ...
    reason: str
    columns: tuple[str, ...]  # the columns of the checked frame this rule reads
    values: tuple[str, ...] = ()


def derived_column(rule: str, column: str) -> str:
    """Name of the derived pass/fail column for ``rule`` on ``column``."""
    return f"~{rule}:{column}"


def _column_checks(source: str, column: Column) -> list[Check]:
    name, kind = column.name, column.kind

    def check(rule: str, reason: str, checked: str = name, values: tuple[str, ...] = ()) -> Check:
        return Check(source, name, kind, rule, f"{name}: {reason}", (checked,), values)

    checks = [check("present", "column missing (the extract is unusable)")]
    if column.required:
        checks.append(check("required", "required value missing"))
    if column.values:
        checks.append(check("one_of", "not one of " + "|".join(column.values), values=column.values))
    if column.pattern:
        checks.append(check("pattern", f"not {column.pattern[1]}", values=column.pattern[:1]))
    if column.forbidden:
        checks.append(check("forbidden", column.forbidden[1], values=column.forbidden[:1]))
    if kind in PARSE_PROBLEMS:
        checks.append(check("valid", PARSE_PROBLEMS[kind], derived_column("valid", name)))
    if kind in ("amount", "area"):
        checks.append(check("not_negative", f"negative {kind}", derived_column("not_negative", name)))
    return checks


def contract_checks(contract: Contract, *, referential: bool = False) -> list[Check]:
    """Every check of ``contract``; ``referential`` adds members' household existence."""
    source = contract.source
    checks = [check for column in contract.columns for check in _column_checks(source, column)]
    if contract.person:
        checks.append(Check(source, "id_number, name", "row", "at_least_one",
                            "id_number, name: at least one required",
                            (derived_column("at_least_one", "person"),)))
    key = ", ".join(contract.key)
    label = key if len(contract.key) == 1 else f"({key})"
    checks.append(Check(source, key, "row", "unique", f"{label}: duplicate key", contract.key))
    if referential:
        checks.append(Check(source, "household_id", "id", "household_exists",
                            "household_id: household not in accepted households",
                            (derived_column("household_exists", "household_id"),)))
    return checks


def describe_contracts() -> list[dict]:
    """One entry per source, column and rule (members' household check included)."""
    return [
        {**{k: v for k, v in asdict(check).items() if k != "columns"}, "values": list(check.values)}
        for contract in CONTRACTS.values()
        for check in contract_checks(contract, referential=contract.source == "members")
    ]
