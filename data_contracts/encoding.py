"""CSV encoding detection: the file's bytes as UTF-8, whatever it was written in.

Detected, never assumed: a UTF-8 BOM is dropped; strict UTF-8 is accepted as
is; a file cut off in the middle of its last UTF-8 character (a truncated
transfer) stays UTF-8, the broken character becoming U+FFFD so the row it
ends is quarantined rather than the whole file misread; otherwise GB18030 (a
superset of GBK). A file in which some lines are UTF-8 Chinese and others are
not UTF-8 at all (two extracts concatenated, one row pasted from another
system) is refused: decoding it either way would turn half of it into
plausible-looking garbage.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from data_contracts.errors import UnusableExtract

_BOM = b"\xef\xbb\xbf"
_LONGEST_UTF8 = 4
_CJK = "\u2e80"  # UTF-8 text below this is Latin, Greek, Cyrillic…: what GBK pairs can look like


class Decoded(NamedTuple):
    """A CSV's bytes as UTF-8, whether its last character was cut off, and the encoding it was in."""

    data: pa.Buffer
    cut_short: bool
    encoding: str = "utf-8"


def _is_utf8(data: pa.Buffer) -> bool:
    """Strict UTF-8 check without decoding to a Python string (Arrow validates in place)."""
    offsets = pa.py_buffer(np.array([0, data.size], dtype=np.int64))
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, data])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _utf8_cut_short(data: bytes) -> str | None:
    """The text of ``data`` if only its last character is incomplete UTF-8, else None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - _LONGEST_UTF8:
            return data.decode("utf-8", errors="replace")
    return None


def _mixes_utf8(data: bytes) -> bool:
    """True when some lines are UTF-8 Chinese and others are not UTF-8 at all."""
    utf8_chinese = not_utf8 = False
    for line in data.split(b"\n"):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8 = True
        else:
            utf8_chinese = utf8_chinese or any(char >= _CJK for char in text)
        if utf8_chinese and not_utf8:
            return True
    return False


def csv_as_utf8(source: str, path: Path) -> Decoded:
    """The CSV's bytes as UTF-8 without BOM; raises ``UnusableExtract`` when undecodable."""
    data = pa.memory_map(str(path)).read_buffer()
    if data.slice(0, min(data.size, len(_BOM))).to_pybytes() == _BOM:
        data = data.slice(len(_BOM))
    if data.size == 0:
        raise UnusableExtract(source, path.name, "empty file")
    if _is_utf8(data):
        return Decoded(data, cut_short=False)
    raw = data.to_pybytes()
    truncated = _utf8_cut_short(raw)
    if truncated is not None:
        return Decoded(pa.py_buffer(truncated.encode("utf-8")), cut_short=True)
    if _mixes_utf8(raw):
        raise UnusableExtract(source, path.name, "mixed encodings (UTF-8 and GB18030)")
    try:
        return Decoded(pa.py_buffer(raw.decode("gb18030").encode("utf-8")), cut_short=False, encoding="gb18030")
    except UnicodeDecodeError:
        raise UnusableExtract(source, path.name, "encoding is neither UTF-8 nor GB18030") from None
