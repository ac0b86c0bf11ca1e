"""data_contracts — read each source's extract, enforce its contract, quarantine bad rows.

The facade ``flows/`` uses: find and read a source's file (``find_extract``,
``read_extract``, which lists rows it could not take as data under
``frame.attrs[ROW_PROBLEMS]``, or ``read_extract_arrow``, the same as Arrow
text in a ``RawExtract``), stage it against its contract (``stage_source`` →
``StagedSource`` with typed accepted rows, quarantined rows with reasons and
the ledger counts), ``check_header`` to refuse a file that lacks a contract
column before anything heavy starts, and ``describe_contracts`` for documentation.
"""

from __future__ import annotations

from typing import Any

from data_contracts.checks import describe_contracts
from data_contracts.errors import ContractError, ContractFault, UnusableExtract, is_transient
from data_contracts.readers import ROW_PROBLEMS, RawExtract, check_header, find_extract, read_extract, read_extract_arrow
from data_contracts.spec import REQUIRED_SOURCES, SOURCES

_STAGING = ("StagedSource", "stage_source")


def __getattr__(name: str) -> Any:
    """``stage_source`` and ``StagedSource`` load pandas and DuckDB: only on first use, so that
    checking a drop's files before a run starts stays quick (Great Expectations loads only
    when its engine is asked for)."""
    if name in _STAGING:
        from data_contracts import staging

        return getattr(staging, name)
    raise AttributeError(f"module 'data_contracts' has no attribute {name!r}")

__all__ = [
    "REQUIRED_SOURCES",
    "ROW_PROBLEMS",
    "SOURCES",
    "ContractError",
    "ContractFault",
    "RawExtract",
    "StagedSource",
    "UnusableExtract",
    "is_transient",
    "check_header",
    "describe_contracts",
    "find_extract",
    "read_extract",
    "read_extract_arrow",
    "stage_source",
]
