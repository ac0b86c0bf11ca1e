"""Resident ID normaliser: turn an ID as received into its canonical 18-character form.

Agency extracts carry full-width digits, stray separators, lower-case ``x`` or a
multiplication sign ``×`` for the check character, legacy 15-digit IDs and IDs
exported as floats (``530102900101123.0``). The matcher compares canonical
forms, so this module cleans, upgrades and validates: the ISO 7064 MOD 11-2
check digit, a province-level region prefix (GB/T 2260, plus 81/82/83 of the
Hong Kong, Macao and Taiwan residents' residence permits) and a real birth date
no later than the run's as-of date. County codes are deliberately not checked
against the birth year: real IDs fail that. It never raises: an unusable ID
comes back with ``value=None`` and a short, non-personal reason in ``problem``.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split())
EARLIEST_BIRTH_YEAR = 1850
_ASCII_ZERO_SUM = ord("0") * sum(WEIGHTS)
# A 15- or 18-digit ID that went through a float column: "530102900101123.0".
FLOAT_EXPORT = re.compile(r"([0-9]{15}|[0-9]{18})\.0")
_X_TABLE = str.maketrans({"\u00d7": "X"})


@dataclass(frozen=True)
class IdResult:
    """Outcome of normalising one ID.

    ``value`` is the valid canonical ID or None; ``problem`` says why not.
    ``candidate`` is the cleaned 18-character form even when invalid (a typo'd
    ID still blocks and compares on its digits); ``legacy`` marks an ID that
    arrived in 15-digit form, whose check digit was computed, not verified.
    """

    value: str | None
    problem: str | None
    candidate: str | None = None
    legacy: bool = False


def check_digit(first17: str) -> str:
    """Return the MOD 11-2 check character for 17 digits."""
    total = sum(map(operator.mul, first17.encode(), WEIGHTS)) - _ASCII_ZERO_SUM
    return CHECK_CHARS[total % 11]


def upgrade_15(id15: str) -> str:
    """Upgrade a legacy 15-digit ID to 18 digits (century 19, computed check digit)."""
    body = id15[:6] + "19" + id15[6:]
    return body + check_digit(body)


def _clean(raw: str) -> str:
    """Full-width to ASCII, ``×`` to ``X``, a float export's ``.0`` cut, everything
    that is not a letter or digit dropped, upper-cased."""
    if raw.isascii() and raw.isalnum():
        return raw.upper()
    text = unicodedata.normalize("NFKC", raw).translate(_X_TABLE)
    kept = "".join(ch for ch in text if (ch.isascii() and ch.isalnum()) or ch == ".")
    exported = FLOAT_EXPORT.fullmatch(kept)
    return exported.group(1) if exported else kept.replace(".", "").upper()


def _valid_birth(candidate: str, as_of: dt.date) -> bool:
    """True when digits 7–14 are a real calendar date from 1850 up to ``as_of``."""
    try:
        born = dt.date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    return EARLIEST_BIRTH_YEAR <= born.year and born <= as_of


def _shape(cleaned: str) -> tuple[str | None, bool, str | None]:
    """Bring a cleaned ID to 18 characters: (candidate, legacy, problem)."""
    if not cleaned:
        return None, False, "missing"
    if len(cleaned) == 15:
        if not cleaned.isdigit():
            return None, True, "bad characters"
        return upgrade_15(cleaned), True, None
    if len(cleaned) == 17 and cleaned.isdigit():
        return cleaned + check_digit(cleaned), False, "missing check digit"
    if len(cleaned) != 18:
        return None, False, "wrong length"
    if not (cleaned[:17].isdigit() and (cleaned[17].isdigit() or cleaned[17] == "X")):
        return None, False, "bad characters"
    return cleaned, False, None


def normalize_id(raw: str | None, as_of: dt.date | None = None) -> IdResult:
    """Normalise a resident ID as received; never raises.

    Returns the canonical 18-character ID, or ``value=None`` with the reason
    (``missing``, ``wrong length``, ``bad characters``, ``missing check digit``,
    ``unknown province code``, ``impossible birth date`` — also a birth after
    ``as_of``, which defaults to today —, ``check digit mismatch``). A 17-digit
    ID (check digit cut off) is invalid but keeps a candidate with the computed
    check digit.
    """
    if not isinstance(raw, str):
        return IdResult(None, "missing")
    candidate, legacy, problem = _shape(_clean(raw))
    if problem is not None:
        return IdResult(None, problem, candidate, legacy)
    if candidate[:2] not in PROVINCES:
        return IdResult(None, "unknown province code", candidate, legacy)
    if not _valid_birth(candidate, as_of or dt.date.today()):
        return IdResult(None, "impossible birth date", candidate, legacy)
    if check_digit(candidate[:17]) != candidate[17]:
        return IdResult(None, "check digit mismatch", candidate, legacy)
    return IdResult(candidate, None, candidate, legacy)
