"""Great Expectations suites built from the contract checks, and running them.

One ephemeral, in-memory GX context per process (building it costs seconds),
analytics and progress bars off. Each ``Check`` becomes one expectation that
carries its reason in ``meta``; running a suite yields, per check that failed,
the positions of the failing rows. A lock serialises use of the shared
context, since flows may stage sources from several threads. The suite is
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
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.validator.v1_validator import Validator

from data_contracts.checks import DERIVED_RULES, Check, contract_checks
from data_contracts.errors import ContractError
from data_contracts.spec import CONTRACTS

_LOCK = threading.Lock()


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


def _expectation(check: Check) -> gxe.Expectation | None:
    """The GX expectation enforcing ``check`` (None for column presence, a reader's job)."""
    meta = {"reason": check.reason}
    column = check.columns[0]
    if check.rule == "required":
        return gxe.ExpectColumnValuesToNotBeNull(column=column, meta=meta)
    if check.rule == "one_of":
        return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(check.values), meta=meta)
    if check.rule == "pattern":
        return gxe.ExpectColumnValuesToMatchRegex(column=column, regex=check.values[0], meta=meta)
    if check.rule == "forbidden":
        return gxe.ExpectColumnValuesToNotMatchRegex(column=column, regex=check.values[0], meta=meta)
    if check.rule in DERIVED_RULES:
        return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True], meta=meta)
    if check.rule == "unique" and len(check.columns) > 1:
        return gxe.ExpectCompoundColumnsToBeUnique(column_list=list(check.columns), meta=meta)
    if check.rule == "unique":
        return gxe.ExpectColumnValuesToBeUnique(column=column, meta=meta)
    return None


@functools.cache
def _suite(source: str, referential: bool) -> gx.ExpectationSuite:
    """The suite of one source, built once per process."""
    context, _ = _context()
    name = f"{source}{'-referential' if referential else ''}"
    suite = context.suites.add(gx.ExpectationSuite(name=name))
    for check in contract_checks(CONTRACTS[source], referential=referential):
        expectation = _expectation(check)
        if expectation is not None:
            suite.add_expectation(expectation)
    return suite


def failing_rows(source: str, frame: pd.DataFrame, *, referential: bool) -> dict[str, np.ndarray]:
    """Run the source's suite on ``frame`` (RangeIndex); reason → failing row positions."""
    with _LOCK:
        _, batch_definition = _context()
        suite = _suite(source, referential)
        validator = Validator(batch_definition=batch_definition, batch_parameters={"dataframe": frame},
                              result_format={"result_format": "COMPLETE"})
        result = validator.validate_expectation_suite(suite)
    failures = {}
    for outcome in result.results:
        if outcome.success:
            continue
        reason = outcome.expectation_config.meta["reason"]
        if "unexpected_index_list" not in outcome.result:
            raise ContractError(f"{source}: the check '{reason}' could not run")
        failures[reason] = np.asarray(outcome.result["unexpected_index_list"], dtype=np.int64)
    return failures
