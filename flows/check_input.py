"""An applicant household as a check receives it: parsed, then held to the register's contracts.

The file or request body is JSON: ``{"household_id", "region_code",
"category", "declared_monthly_income", "members": [{"member_no", "relation",
"name", "id_number", "gender"?, "birth_date"?}, …]}`` with values as strings or
numbers (numbers are read as their exact text, never as floats).
``registered_on`` may be given and defaults to the check's date: an
application is not registered yet. The household is validated by the same
contracts as the ``households`` and ``members`` extracts, and refused whole
when any field fails, with every problem named by its field
(``members[1].relation``). A household needs exactly one 本人 (the applicant).
No message carries a value from the household: only field names and rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

import data_contracts
from flows.errors import UsageError

MAX_BODY = 1_000_000
HOUSEHOLD_FIELDS = ("household_id", "region_code", "category", "declared_monthly_income")
OPTIONAL_HOUSEHOLD_FIELDS = ("registered_on",)
MEMBER_FIELDS = ("member_no", "relation", "name")
OPTIONAL_MEMBER_FIELDS = ("id_number", "gender", "birth_date")  # the members contract: an ID may be missing
WARM_UP = {"household_id": "warm-up", "region_code": "110101", "category": "深度困难", "declared_monthly_income": "0",
           "members": [{"member_no": "1", "relation": "本人", "name": "测试"}]}


class HouseholdRefused(UsageError):
    """The household failed validation; ``problems`` are (field, problem) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("household refused: " + "; ".join(f"{field}: {problem}" for field, problem in problems))


@dataclass(frozen=True)
class Applicant:
    """The household after its contracts: staged ``households`` and ``members`` rows (Arrow)."""

    household_id: str
    households: Any
    members: Any


def parse_json(text: str | bytes) -> Any:
    """The JSON document, numbers kept as their text; refused when it is not JSON or too large."""
    if len(text) > MAX_BODY:
        raise HouseholdRefused([("body", f"larger than the {MAX_BODY:,} byte limit")])
    try:
        return json.loads(text, parse_float=str, parse_int=str)
    except (ValueError, UnicodeDecodeError) as error:
        where = f" at line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise HouseholdRefused([("body", f"not valid JSON{where}")]) from None


def _scalars(obj: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...],
             problems: list[tuple[str, str]]) -> dict[str, str | None]:
    """The object's fields as text (None when absent), with a problem per bad or unknown field."""
    if not isinstance(obj, dict):
        problems.append((where or "body", "must be a JSON object"))
        return {}
    values: dict[str, str | None] = {}
    for field in (*required, *optional):
        value = obj.get(field)
        if isinstance(value, (dict, list, bool)):
            problems.append((f"{where}{field}", "must be a string or a number"))
        elif value is None and field in required:
            problems.append((f"{where}{field}", "required value missing"))
        values[field] = value if isinstance(value, str) else None
    extra = sorted(set(obj) - set(required) - set(optional) - {"members"})
    problems += [(f"{where}{field}", "unknown field") for field in extra]
    return values


def _members(obj: Any, problems: list[tuple[str, str]]) -> list[dict[str, str | None]]:
    members = obj.get("members") if isinstance(obj, dict) else None
    if not isinstance(members, list) or not members:
        problems.append(("members", "must be a non-empty list of members"))
        return []
    return [_scalars(m, f"members[{i}].", MEMBER_FIELDS, OPTIONAL_MEMBER_FIELDS, problems)
            for i, m in enumerate(members)]


def _contract_problems(reasons: pd.Series, prefix: str) -> list[tuple[str, str]]:
    """(field, problem) pairs from the contract's ``field: problem; …`` reasons."""
    pairs = []
    for row, reason in reasons.items():
        for part in str(reason).split("; "):
            field, _, problem = part.partition(": ")
            pairs.append((prefix.format(row=row) + field, problem or field))
    return pairs


def validate_household(obj: Any, as_of: date) -> Applicant:
    """Check the household against the contracts; raise ``HouseholdRefused`` naming every bad field."""
    problems: list[tuple[str, str]] = []
    household = _scalars(obj, "", HOUSEHOLD_FIELDS, OPTIONAL_HOUSEHOLD_FIELDS, problems)
    members = _members(obj, problems)
    if problems:
        raise HouseholdRefused(problems)
    household["registered_on"] = household["registered_on"] or as_of.isoformat()
    household_id = household["household_id"]
    staged_household = data_contracts.stage_source("households", pd.DataFrame([household]), engine="duckdb")
    problems += _contract_problems(staged_household.quarantine["_reason"], "")
    rows = [{"household_id": household_id, **member} for member in members]
    staged_members = data_contracts.stage_source("members", pd.DataFrame(rows), engine="duckdb",
                                                 household_ids={household_id})
    problems += _contract_problems(staged_members.quarantine.set_index(staged_members.quarantine["_row"] - 1)
                                   ["_reason"], "members[{row}].")
    applicants = sum(member["relation"] == "本人" for member in members)
    if applicants != 1:
        problems.append(("members", f"must hold exactly one member with relation 本人, not {applicants}"))
    if problems:
        raise HouseholdRefused(problems)
    return Applicant(household_id, staged_household.accepted, staged_members.accepted)
