"""Staging one source: clean, parse, validate against the GX suite, split accepted from quarantined.

The raw extract (all text) is cleaned and parsed column by column with Arrow
compute (once per distinct value where values repeat); a check table of
cleaned text plus derived pass/fail columns goes through the source's GX
suite, compiled to DuckDB SQL (or run by GX when asked: ``engines``); rows
failing any expectation are quarantined as received with every reason (a
row the reader could not take as data with the reader's reason alone), the
others become the typed staged table of docs/pipeline.md §1. The ledger identity received = accepted + quarantined
is enforced when the result is built.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_contracts.checks import Check, contract_checks, derived_column
from data_contracts.engines import Engine, failing_reasons
from data_contracts.errors import ContractFault
from data_contracts.parsing import (
    Parsed,
    clean_text,
    not_negative,
    parse_column,
    per_distinct,
)
from data_contracts.readers import ROW_PROBLEMS, RawExtract
from data_contracts.spec import CONTRACTS, PARSE_PROBLEMS, Column, Contract

REPEATING_KINDS = frozenset({"enum", "date", "month", "amount", "area", "integer"})
"""Column kinds with few distinct values per million rows (IDs, names and free text have many)."""


@dataclass(frozen=True)
class StagedSource:
    """One source after its contract: typed accepted rows and quarantined rows."""

    source: str
    accepted: pa.Table
    quarantine: pd.DataFrame
    received: int

    def __post_init__(self) -> None:
        if self.received != self.accepted_count + self.quarantined_count:
            raise ContractFault(f"{self.source}: ledger does not balance")

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
        derived[derived_column("at_least_one", "person")] = pc.or_(
            pc.is_valid(text["id_number"]), pc.is_valid(text["name"]))
    if household_ids is not None:
        known = pc.is_in(text["household_id"], value_set=household_ids)
        derived[derived_column("household_exists", "household_id")] = pc.or_(
            known, pc.is_null(text["household_id"]))
    return derived


def _checked(checks: list[Check], columns: dict[str, pa.ChunkedArray]) -> pa.Table:
    """Only the columns some expectation reads: engines copy (GX even fingerprints) what they get."""
    checked = dict.fromkeys(name for check in checks if check.rule != "present" for name in check.columns)
    return pa.table({name: columns[name] for name in checked})


def _row_problems(problems: dict[int, str], rows: int) -> pa.Array:
    """Per row, why the reader could not take it as data (null: it could), from the reader's problems."""
    if not problems:
        return pa.nulls(rows, pa.string())
    reasons = [None] * rows
    for position, reason in problems.items():
        reasons[position] = reason
    return pa.array(reasons, pa.string())


def _unless(problems: pa.Array, text: pa.ChunkedArray) -> pa.ChunkedArray:
    """``text`` with the values of problem rows blanked: their fields are not data and take part in no check."""
    if problems.null_count == len(problems):
        return text.cast(pa.string())
    return pc.if_else(pc.is_valid(problems), pa.scalar(None, pa.string()), text.cast(pa.string()))


def _prepared(column: Column, values: pa.ChunkedArray) -> tuple[pa.ChunkedArray, ...]:
    """The column's cleaned text, then for a parsed kind its typed values and validity.

    Kinds whose values repeat are cleaned and parsed once per distinct value;
    a parsed kind's text then stays dictionary-encoded, as only the suite's
    engine reads it (its typed values are what is staged).
    """
    def prepare(raw: pa.Array) -> tuple[pa.Array, ...]:
        text = clean_text(raw)
        if column.kind not in PARSE_PROBLEMS:
            return (text,)
        return (text, *parse_column(column.kind, text, empty_is_zero=column.empty_is_zero))
    if column.kind not in REPEATING_KINDS:
        return prepare(values)
    return per_distinct(prepare, values, encoded=(0,) if column.kind in PARSE_PROBLEMS else ())


def _household_set(household_ids: pa.Array | set[str] | None) -> pa.Array | None:
    """The accepted household ids as one Arrow string array (None: no referential check)."""
    if household_ids is None:
        return None
    if isinstance(household_ids, pa.ChunkedArray):
        household_ids = household_ids.combine_chunks()
    if not isinstance(household_ids, pa.Array):
        household_ids = pa.array(sorted(household_ids), pa.string())
    return household_ids.cast(pa.string())


_MOST_RUNS = 10_000
"""Above this many runs of accepted rows, filtering beats gathering zero-copy slices."""


def _accepted_rows(table: pa.Table, rejected: np.ndarray) -> pa.Table:
    """``table`` without the ``rejected`` positions (ascending): zero-copy slices between them when they are few."""
    if not len(rejected):
        return table
    if len(rejected) > _MOST_RUNS:
        keep = np.ones(table.num_rows, dtype=bool)
        keep[rejected] = False
        return table.filter(pa.array(keep))
    starts = np.concatenate(([0], rejected + 1))
    ends = np.concatenate((rejected, [table.num_rows]))
    return pa.concat_tables([table.slice(0, 0)] + [table.slice(start, end - start)
                                                   for start, end in zip(starts, ends, strict=True) if end > start])


def _split(source: str, raw: pd.DataFrame | pa.Table, typed: dict[str, pa.ChunkedArray],
           reasons: pa.Array) -> StagedSource:
    """Accepted typed rows and quarantined raw rows (as received), both numbered by their data row."""
    rejected = pc.indices_nonzero(pc.is_valid(reasons)).to_numpy().astype(np.int64)
    received = len(reasons)
    rows = pa.array(np.arange(1, received + 1, dtype=np.int64))
    accepted = _accepted_rows(pa.table({"_row": rows, **typed}), rejected)
    if isinstance(raw, pa.Table):
        quarantine = raw.take(pa.array(rejected, pa.int64())).to_pandas(types_mapper=_PANDAS_TEXT.get)
    else:
        quarantine = raw.iloc[rejected].reset_index(drop=True)
    quarantine = quarantine.assign(_row=rejected + 1, _reason=reasons.take(pa.array(rejected, pa.int64())).to_pandas(
        types_mapper=_PANDAS_TEXT.get))
    return StagedSource(source, accepted, quarantine, received)


_PANDAS_TEXT = {pa.string(): pd.StringDtype("pyarrow")}


def stage_source(source: str, raw: pd.DataFrame | RawExtract, *,
                 household_ids: pa.Array | set[str] | None = None, engine: Engine | None = None) -> StagedSource:
    """Validate ``raw`` (all text) against its contract and split it.

    ``raw`` is what ``read_extract_arrow`` gives (the flow's path: the
    quarantine, usually a few rows, is the only pandas frame made) or a
    pandas frame of text as ``read_extract`` gives it, with the same result.
    ``household_ids`` (accepted household ids) makes members whose household
    was not accepted fail with 'household_id: household not in accepted households'.
    ``engine`` ('gx' or 'duckdb') chooses how the suite runs (default
    ``engines.DEFAULT_ENGINE``, the compiled suite), with the same results.
    """
    contract = CONTRACTS[source]
    if isinstance(raw, RawExtract):
        received, problems = raw.table, raw.problems
        contract.require(received.column_names, f"{source} extract")
        arrow = received.select(list(contract.names))
    else:
        received, problems = raw, raw.attrs.get(ROW_PROBLEMS, {})
        contract.require(raw.columns, f"{source} extract")
        arrow = pa.Table.from_pandas(raw[list(contract.names)], preserve_index=False)
    reasons_read = _row_problems(problems, arrow.num_rows)
    prepared = {c.name: _prepared(c, _unless(reasons_read, arrow[c.name])) for c in contract.columns}
    text = {name: columns[0] for name, columns in prepared.items()}
    parsed = {name: Parsed(*columns[1:]) for name, columns in prepared.items() if len(columns) > 1}
    household_set = _household_set(household_ids)
    referential = household_set is not None
    checks = contract_checks(contract, referential=referential)
    checked = _checked(checks, {**text, **_derived(contract, text, parsed, household_set)})
    reasons = pc.coalesce(reasons_read, failing_reasons(source, checked, referential=referential, engine=engine))
    typed = {name: parsed[name].values if name in parsed else text[name] for name in contract.names}
    return _split(source, received, typed, reasons)
