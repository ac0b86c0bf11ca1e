"""Errors of the contract stage.

An extract that cannot be read at all stops the run (``UnusableExtract``);
its message names the file and the problem but never a value from the data,
because values may be ID numbers or names.
"""

from __future__ import annotations

import errno

# I/O failures that reading the same bytes again may cure (a network share that hiccups):
# readers let these through as OSError so that the caller can retry; any other failure to
# read a file is an UnusableExtract.
TRANSIENT_ERRNOS = frozenset({errno.EIO, errno.EAGAIN, errno.EINTR, errno.ETIMEDOUT, errno.ESTALE,
                              errno.ECONNRESET, errno.ECONNABORTED, errno.EHOSTDOWN, errno.EHOSTUNREACH,
                              errno.ENETDOWN, errno.ENETUNREACH, errno.EBUSY})


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` is an I/O failure worth retrying."""
    return isinstance(error, OSError) and error.errno in TRANSIENT_ERRNOS


class ContractError(Exception):
    """Base of every error raised by ``data_contracts``."""


class UnusableExtract(ContractError):
    """A source file that cannot be staged: unreadable, undecodable or incomplete."""

    def __init__(self, source: str, file_name: str, problem: str) -> None:
        self.source = source
        self.file_name = file_name
        self.problem = problem
        super().__init__(f"{file_name} ({source}): {problem}")


class ContractFault(ContractError):
    """A fault of the contract stage itself (a ledger that does not balance, a check that
    could not run, a suite the compiler cannot compile): never the input's fault."""
