"""One exception tree for the command line, whatever stage raised.

Each stage keeps its own exceptions (stages import nothing of ours); this module
says which of them mean "bad usage or unusable input" (exit 2) and renders one
``Error: …`` line for every failure. Messages never carry personal data: the
stages guarantee that for theirs, and ours name files and columns only.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class HechaError(Exception):
    """A failure hecha can explain in one line; exit code 1 unless a subclass says otherwise."""

    exit_code = EXIT_FAILED


class UsageError(HechaError):
    """Bad usage or unusable input: nothing was written."""

    exit_code = EXIT_USAGE


def exit_code_for(error: BaseException) -> int:
    """The process exit code the contract prescribes for ``error``.

    The stages are imported here, not at module level, so that ``hecha --help``
    does not pay for Great Expectations' import (~3 s).
    """
    from data_contracts import ContractError
    from matchers import MatchConfigError
    from review import DecisionFileError
    from rules import RuleSetError

    if isinstance(error, HechaError):
        return error.exit_code
    if isinstance(error, (ContractError, RuleSetError, MatchConfigError, DecisionFileError)):
        return EXIT_USAGE
    return EXIT_FAILED


def describe(error: BaseException) -> str:
    """One line for stderr: the error's own message, or its type when it has none."""
    message = str(error).strip()
    return message if message else type(error).__name__
