"""Masking and cleaning of values before they reach an auditor's file.

Auditors need names but never a full resident ID: the report keeps the first
6 and last 4 characters of an ID and masks the rest. Free text written by
earlier stages is scrubbed of anything that looks like an ID, and control
characters (and the non-characters U+FFFE/U+FFFF, which XML cannot hold)
are replaced so that neither HTML nor XLSX can be corrupted by them.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

MASK = "*"
_KEEP_HEAD, _KEEP_TAIL = 6, 4
_SHORTEST_ID = 15  # legacy IDs have 15 characters; anything shorter is masked whole
_ID_LIKE = re.compile(r"[0-9０-９]{14,}[0-9０-９Xxｘ]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (what an empty table cell holds)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def mask_id(value: str | None) -> str:
    """Mask a resident ID, keeping its first 6 and last 4 characters.

    Missing or blank values give ''. Values shorter than the shortest real ID
    (15 characters) are masked completely: keeping 10 characters of them
    would reveal nearly all of the value.
    """
    if is_missing(value):
        return ""
    text = str(value).strip()
    if len(text) < _SHORTEST_ID:
        return MASK * len(text)
    hidden = len(text) - _KEEP_HEAD - _KEEP_TAIL
    return text[:_KEEP_HEAD] + MASK * hidden + text[-_KEEP_TAIL:]


def scrub_ids(text: str) -> str:
    """Mask every ID-like run of digits inside free text (details, problems)."""
    return _ID_LIKE.sub(lambda found: mask_id(found.group(0)), text)


def clean_text(value: Any) -> str:
    """Render a value as display text: '' when missing, control characters replaced."""
    if is_missing(value):
        return ""
    return _CONTROL.sub(REPLACEMENT, str(value))
