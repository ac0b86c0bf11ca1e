"""Staging one source: clean, parse, validate with GX, split accepted from quarantined.

The raw extract (all text) is cleaned and parsed column by column with Arrow
compute; a check frame of cleaned text plus derived pass/fail columns goes
through the source's GX suite; rows failing any expectation are quarantined
as received with every reason (a row the reader could not take as data
with the reader's reason alone), the others become the typed staged table of
docs/pipeline.md §1. The ledger identity received = accepted + quarantined
is enforced when the result is built.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_contracts.checks import Check, contract_checks, derived_column
from data_contracts.errors import ContractError
from data_contracts.parsing import Parsed, clean_text, not_negative, parse_column
from data_contracts.readers import ROW_PROBLEMS
from data_contracts.spec import CONTRACTS, PARSE_PROBLEMS, Contract
from data_contracts.suite import failing_rows


@dataclass(frozen=True)
class StagedSource:
    """One source after its contract: typed accepted rows and quarantined rows."""

    source: str
    accepted: pa.Table
    quarantine: pd.DataFrame
    received: int

    def __post_init__(self) -> None:
        if self.received != self.accepted_count + self.quarantined_count:
            raise ContractError(f"{self.source}: ledger does not balance")

    @property
    def accepted_count(self) -> int:
        """Rows that passed the contract."""
        return self.accepted.num_rows

    @property
    def quarantined_count(self) -> int:
        """Rows rejected, each with its reason."""
        return len(self.quarantine)

    def ledger_entry(self, file_name: str, sha256: str) -> dict:
        """The manifest's per-source entry: file, sha256 and the three counts."""
        return {"file": file_name, "sha256": sha256, "received": self.received,
                "accepted": self.accepted_count, "quarantined": self.quarantined_count}


def _derived(contract: Contract, text: dict, parsed: dict[str, Parsed],
             household_ids: pa.Array | None) -> dict[str, pa.ChunkedArray]:
    """The derived pass/fail columns the suite checks (True = row passes)."""
    derived = {derived_column("valid", name): result.valid for name, result in parsed.items()}
    for column in contract.columns:
        if column.kind in ("amount", "area"):
            derived[derived_column("not_negative", column.name)] = not_negative(parsed[column.name].values)
    if contract.person:
        derived[derived_column("at_least_one", "person")] = pc.is_valid(
            pc.coalesce(text["id_number"], text["name"]))
    if household_ids is not None:
        known = pc.is_in(text["household_id"], value_set=household_ids)
        derived[derived_column("household_exists", "household_id")] = pc.or_(
            known, pc.is_null(text["household_id"]))
    return derived


def _reasons(checks: list[Check], failures: dict[str, np.ndarray], rows: int) -> pa.Array:
    """Per row, the reasons of every failed check in contract order, joined by '; ' (null: none)."""
    joined = pa.nulls(rows, pa.string())
    for reason in dict.fromkeys(check.reason for check in checks):
        if reason in failures:
            mask = np.zeros(rows, dtype=bool)
            mask[failures[reason]] = True
            this = pc.if_else(pa.array(mask), reason, pa.scalar(None, pa.string()))
            joined = pc.coalesce(pc.binary_join_element_wise(joined, this, "; "), joined, this)
    return joined


def _check_frame(checks: list[Check], columns: dict[str, pa.ChunkedArray]) -> pd.DataFrame:
    """Only the columns some expectation reads: GX fingerprints the whole frame it gets."""
    checked = dict.fromkeys(name for check in checks if check.rule != "present" for name in check.columns)
    return pa.table({name: columns[name] for name in checked}).to_pandas(types_mapper=_pandas_type)


def _row_problems(raw: pd.DataFrame) -> pa.Array:
    """Per row, why the reader could not take it as data (null: it could), from ``read_extract``."""
    reasons = [None] * len(raw)
    for position, reason in raw.attrs.get(ROW_PROBLEMS, {}).items():
        reasons[position] = reason
    return pa.array(reasons, pa.string())


def _unless(problems: pa.Array, text: pa.ChunkedArray) -> pa.ChunkedArray:
    """``text`` with the values of problem rows blanked: their fields are not data and take part in no check."""
    return pc.if_else(pc.is_valid(problems), pa.scalar(None, pa.string()), text)


def _household_set(household_ids: pa.Array | set[str] | None) -> pa.Array | None:
    """The accepted household ids as one Arrow string array (None: no referential check)."""
    if household_ids is None:
        return None
    if isinstance(household_ids, pa.ChunkedArray):
        household_ids = household_ids.combine_chunks()
    if not isinstance(household_ids, pa.Array):
        household_ids = pa.array(sorted(household_ids), pa.string())
    return household_ids.cast(pa.string())


def _split(source: str, raw: pd.DataFrame, typed: dict[str, pa.ChunkedArray], reasons: pa.Array) -> StagedSource:
    """Accepted typed rows and quarantined raw rows, both numbered by their data row."""
    rejected = pc.is_valid(reasons)
    rows = pa.array(np.arange(1, len(raw) + 1, dtype=np.int64))
    accepted = pa.table({"_row": rows, **typed}).filter(pc.invert(rejected))
    quarantine = raw.loc[rejected.to_numpy(zero_copy_only=False)].reset_index(drop=True).assign(
        _row=rows.filter(rejected).to_numpy(),
        _reason=reasons.filter(rejected).to_pandas(types_mapper=_pandas_type))
    return StagedSource(source, accepted, quarantine, len(raw))


def stage_source(source: str, raw: pd.DataFrame, *,
                 household_ids: pa.Array | set[str] | None = None) -> StagedSource:
    """Validate ``raw`` (all text) against its contract and split it.

    ``household_ids`` (accepted household ids) makes members whose household
    was not accepted fail with 'household_id: household not in accepted households'.
    """
    contract = CONTRACTS[source]
    contract.require(raw.columns, f"{source} extract")
    arrow = pa.Table.from_pandas(raw[list(contract.names)], preserve_index=False)
    problems = _row_problems(raw)
    text = {name: _unless(problems, clean_text(arrow[name])) for name in contract.names}
    parsed = {c.name: parse_column(c.kind, text[c.name], empty_is_zero=c.empty_is_zero)
              for c in contract.columns if c.kind in PARSE_PROBLEMS}
    household_set = _household_set(household_ids)
    referential = household_set is not None
    checks = contract_checks(contract, referential=referential)
    frame = _check_frame(checks, {**text, **_derived(contract, text, parsed, household_set)})
    reasons = pc.coalesce(problems, _reasons(checks, failing_rows(source, frame, referential=referential), len(raw)))
    typed = {name: parsed[name].values if name in parsed else text[name] for name in contract.names}
    return _split(source, raw, typed, reasons)


def _pandas_type(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """Arrow strings as pandas' Arrow-backed string dtype (no copies to Python objects)."""
    return pd.StringDtype("pyarrow") if arrow_type == pa.string() else None
