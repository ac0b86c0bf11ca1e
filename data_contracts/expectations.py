"""Each source's Great Expectations suite as plain data, and what running a suite yields.

``contract_checks`` says what a contract checks; this module says which GX
expectation enforces each check, written the way GX itself writes an
expectation configuration (``type``, ``kwargs``, ``meta`` with the reason)
but without importing GX, whose import alone costs seconds. Both engines are
fed from here: ``suite.expectation_suite`` builds the GX suite from these
configurations, and ``compiled.compile_suite`` compiles them (or that GX
suite: tests check the two compile to the same SQL, and that the GX suite's
own configurations are exactly these) to DuckDB SQL.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa

from data_contracts.checks import DERIVED_RULES, Check, contract_checks
from data_contracts.spec import CONTRACTS


@dataclass(frozen=True)
class ExpectationConfig:
    """One GX expectation as data: its snake_case type, its arguments, its meta (holding the reason).

    Argument values are tuples where GX takes lists, so a configuration cannot be changed once made.
    """

    type: str
    kwargs: tuple[tuple[str, Any], ...]
    reason: str

    @property
    def arguments(self) -> dict[str, Any]:
        """The arguments as GX takes them (lists, not tuples)."""
        return {name: list(value) if isinstance(value, tuple) else value for name, value in self.kwargs}

    @property
    def meta(self) -> dict[str, str]:
        """The expectation's meta: the reason a failing row gets."""
        return {"reason": self.reason}


def _config(type_: str, check: Check, **kwargs: Any) -> ExpectationConfig:
    return ExpectationConfig(type_, tuple(kwargs.items()), check.reason)


def expectation_config(check: Check) -> ExpectationConfig | None:
    """The GX expectation enforcing ``check`` (None for column presence, a reader's job)."""
    column = check.columns[0]
    if check.rule == "required":
        return _config("expect_column_values_to_not_be_null", check, column=column)
    if check.rule == "one_of":
        return _config("expect_column_values_to_be_in_set", check, column=column, value_set=tuple(check.values))
    if check.rule == "pattern":
        return _config("expect_column_values_to_match_regex", check, column=column, regex=check.values[0])
    if check.rule == "forbidden":
        return _config("expect_column_values_to_not_match_regex", check, column=column, regex=check.values[0])
    if check.rule in DERIVED_RULES:
        return _config("expect_column_values_to_be_in_set", check, column=column, value_set=(True,))
    if check.rule == "unique" and len(check.columns) > 1:
        return _config("expect_compound_columns_to_be_unique", check, column_list=tuple(check.columns))
    if check.rule == "unique":
        return _config("expect_column_values_to_be_unique", check, column=column)
    return None


@functools.cache
def suite_configs(source: str, referential: bool) -> tuple[ExpectationConfig, ...]:
    """The expectations of one source's suite, in suite order (``referential``: members' household check)."""
    checks = contract_checks(CONTRACTS[source], referential=referential)
    return tuple(config for config in map(expectation_config, checks) if config is not None)


class Failures(NamedTuple):
    """The rows that failed a suite (ascending positions) and, per row, its reasons joined by '; '."""

    positions: np.ndarray
    reasons: pa.Array
