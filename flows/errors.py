"""One exception tree for every command, whatever stage raised.

``HechaError`` has two branches: ``UserError`` — the operator can fix it (exit 2:
bad usage, unusable input, an environment that stops the run such as an
unwritable or full disk or a damaged history, named with its path) — and
``InternalError`` — hecha's own fault (exit 1, with a hint to rerun with
``--debug``). The stages keep their own exceptions (they import nothing of
ours); ``classify`` sorts them and plain ``OSError``s into the two branches,
once, here. Messages never carry personal data: the stages guarantee that for
theirs, and an internal error's text is scrubbed of ID-like numbers.
"""

from __future__ import annotations

import errno
import re
import sys

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
_ID_LIKE = re.compile(r"\d{14,17}[\dXx]")
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_NO_WRITE = {errno.EROFS, errno.EACCES, errno.EPERM}
_DATABASE_IO = re.compile(r'file "([^"]+)"[^"]*?: (No space left on device|Read-only file system|Permission denied)')
_BY_TEXT = {"No space left on device": errno.ENOSPC, "Read-only file system": errno.EROFS,
            "Permission denied": errno.EACCES}


class HechaError(Exception):
    """A failure hecha explains in one line; ``exit_code`` says whose fault it is."""

    exit_code = EXIT_FAILED


class UserError(HechaError):
    """Something the operator can fix: input, usage or environment (exit 2)."""

    exit_code = EXIT_USAGE


class UsageError(UserError):
    """Bad usage or unusable input: nothing was written."""


class EnvironmentProblem(UserError):
    """The machine stopped the run (disk full, read-only, damaged history): named with its path."""


class InternalError(HechaError):
    """hecha's own fault, whatever the input (exit 1)."""

    def __init__(self, error: BaseException) -> None:
        text = _ID_LIKE.sub("<id>", str(error).strip())
        detail = f"{type(error).__name__}: {text}" if text else type(error).__name__
        super().__init__(f"internal error ({detail}); rerun with --debug for the traceback and report it")


def _os_error(error: OSError) -> HechaError:
    """An OSError as the environment problem it names, or internal when it names no file."""
    where = error.filename or ""
    if not where:
        return InternalError(error)
    if error.errno in _NO_SPACE:
        return EnvironmentProblem(f"no space left on the device holding {where}: free some space and rerun")
    if error.errno in _NO_WRITE:
        return EnvironmentProblem(f"cannot write {where} ({error.strerror}): choose a writable location")
    return EnvironmentProblem(f"{where}: {error.strerror or type(error).__name__}")


_USER_FIXABLE = {"data_contracts": "ContractError", "rules": "RuleSetError", "matchers": "MatchConfigError",
                 "review": "DecisionFileError"}


def _stage_error(error: BaseException) -> HechaError | None:
    """A stage's exception sorted into the tree, or None when it is no stage's.

    Only stages already imported are consulted (an exception of a stage that was
    never imported cannot have been raised), so reporting an early failure
    costs no import.
    """
    contracts = sys.modules.get("data_contracts")
    if contracts is not None and isinstance(error, contracts.ContractFault):
        return InternalError(error)
    for module, name in _USER_FIXABLE.items():
        stage = sys.modules.get(module)
        if stage is not None and isinstance(error, getattr(stage, name)):
            return UsageError(str(error).strip() or type(error).__name__)
    return None


def classify(error: BaseException) -> HechaError:
    """The branch of the tree ``error`` belongs to."""
    if isinstance(error, HechaError):
        return error
    staged = _stage_error(error)
    if staged is not None:
        return staged
    if isinstance(error, OSError):
        return _os_error(error)
    found = _DATABASE_IO.search(str(error))
    if found:  # DuckDB reports a full or read-only disk in its own exceptions
        return _os_error(OSError(_BY_TEXT[found.group(2)], found.group(2), found.group(1)))
    return InternalError(error)


def exit_code_for(error: BaseException) -> int:
    """The process exit code the contract prescribes for ``error``."""
    return classify(error).exit_code


def describe(error: BaseException) -> str:
    """One line for stderr (problems a stage lists follow it, indented)."""
    return str(classify(error)).strip()
