"""Great Expectations suites built from the contract checks, and running them with GX.

One ephemeral, in-memory GX context per process (building it costs seconds),
analytics and progress bars off. Each ``Check`` becomes one expectation that
carries its reason in ``meta``, built from its configuration in
``expectations`` (the one place that maps checks to expectation types, so the
SQL engine compiles the very same suite without importing GX); running a
suite with GX yields the failing rows with their reasons in suite order
(``Failures``, which the SQL engine of ``compiled`` returns too). A lock
serialises use of the shared context, since flows may stage sources from
several threads. The suite is
run through a batch-definition Validator rather than a ValidationDefinition,
which would keep every result (with the unexpected values, i.e. personal
data) in the context's in-memory store for the life of the process.
"""

from __future__ import annotations

import functools
import threading

import great_expectations as gx
import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
import pyarrow as pa
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.validator.v1_validator import Validator

from data_contracts.errors import ContractFault
from data_contracts.expectations import ExpectationConfig, Failures, suite_configs

_LOCK = threading.RLock()


@functools.cache
def _context() -> tuple[gx.data_context.AbstractDataContext, object]:
    """The process-wide GX context and its whole-dataframe batch definition."""
    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    asset = context.data_sources.add_pandas("staging").add_dataframe_asset("extract")
    return context, asset.add_batch_definition_whole_dataframe("whole")


_GX_EXPECTATIONS: dict[str, type[gxe.Expectation]] = {
    "expect_column_values_to_not_be_null": gxe.ExpectColumnValuesToNotBeNull,
    "expect_column_values_to_be_in_set": gxe.ExpectColumnValuesToBeInSet,
    "expect_column_values_to_match_regex": gxe.ExpectColumnValuesToMatchRegex,
    "expect_column_values_to_not_match_regex": gxe.ExpectColumnValuesToNotMatchRegex,
    "expect_column_values_to_be_unique": gxe.ExpectColumnValuesToBeUnique,
    "expect_compound_columns_to_be_unique": gxe.ExpectCompoundColumnsToBeUnique,
}
"""The GX class of each expectation type the contracts use."""


def _expectation(config: ExpectationConfig) -> gxe.Expectation:
    """The GX expectation of ``config``."""
    return _GX_EXPECTATIONS[config.type](**config.arguments, meta=config.meta)


@functools.cache
def expectation_suite(source: str, referential: bool) -> gx.ExpectationSuite:
    """The GX suite of one source, built once per process: the contract both engines run.

    It is not added to the context's store: nothing needs to look it up by name.
    """
    with _LOCK:
        _context()  # a suite needs an active context
        suite = gx.ExpectationSuite(name=f"{source}{'-referential' if referential else ''}")
        for config in suite_configs(source, referential):
            suite.add_expectation(_expectation(config))
    return suite


def _by_row(reasons: list[str], failing: dict[str, np.ndarray]) -> Failures:
    """Reason → failing positions regrouped per row, reasons kept in suite order."""
    per_row: dict[int, list[str]] = {}
    for reason in reasons:
        for position in np.unique(failing.get(reason, ())).tolist():
            per_row.setdefault(position, []).append(reason)
    positions = sorted(per_row)
    return Failures(np.array(positions, dtype=np.int64),
                    pa.array(["; ".join(per_row[p]) for p in positions], pa.string()))


def gx_failures(source: str, checked: pa.Table, *, referential: bool) -> Failures:
    """Run the source's suite with GX on ``checked`` (cleaned text and derived columns)."""
    plain = pa.table({name: column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column
                      for name, column in zip(checked.column_names, checked.columns, strict=True)})
    frame = plain.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
    with _LOCK:
        _, batch_definition = _context()
        suite = expectation_suite(source, referential)
        validator = Validator(batch_definition=batch_definition, batch_parameters={"dataframe": frame},
                              result_format={"result_format": "COMPLETE"})
        result = validator.validate_expectation_suite(suite)
    failing = {}
    for outcome in result.results:
        reason = outcome.expectation_config.meta["reason"]
        if not outcome.success and "unexpected_index_list" not in outcome.result:
            raise ContractFault(f"{source}: the check '{reason}' could not run")
        if not outcome.success:
            failing[reason] = np.asarray(outcome.result["unexpected_index_list"], dtype=np.int64)
    return _by_row(list(dict.fromkeys(e.meta["reason"] for e in suite.expectations)), failing)
