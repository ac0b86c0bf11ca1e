"""data_contracts — read each source's extract, enforce its contract, quarantine bad rows.

The facade ``flows/`` uses: find and read a source's file (``find_extract``,
``read_extract``, which lists rows it could not take as data under
``frame.attrs[ROW_PROBLEMS]``), stage it against its contract (``stage_source`` →
``StagedSource`` with typed accepted rows, quarantined rows with reasons and
the ledger counts), and ``describe_contracts`` for documentation.
"""

from __future__ import annotations

from data_contracts.checks import describe_contracts
from data_contracts.errors import ContractError, ContractFault, UnusableExtract, is_transient
from data_contracts.readers import ROW_PROBLEMS, find_extract, read_extract
from data_contracts.spec import REQUIRED_SOURCES, SOURCES
from data_contracts.staging import StagedSource, stage_source

__all__ = [
    "REQUIRED_SOURCES",
    "ROW_PROBLEMS",
    "SOURCES",
    "ContractError",
    "ContractFault",
    "StagedSource",
    "UnusableExtract",
    "is_transient",
    "describe_contracts",
    "find_extract",
    "read_extract",
    "stage_source",
]
