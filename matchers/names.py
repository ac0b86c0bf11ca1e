"""Chinese name normaliser: one spelling for the characters, one key for the sound.

Names arrive traditional (Taiwan or Hong Kong forms) or simplified, full-width,
with stray spaces, invisible format characters (zero-width space, word joiner,
byte-order mark) or control characters and, for ethnic-minority names, any of
several separating dots — the input method's full stop 。 and doubled dots too.
``normalize_name`` drops the format and control characters (Unicode categories
Cf, Cc), maps the dots to U+00B7 *before* NFKC (NFKC leaves them apart) and
folds runs of them into one, removes all white space, converts to simplified per
name part with opencc ``hk2s`` (``t2s`` leaves Hong Kong forms such as 衞 alone;
``tw2s`` would also rewrite 著 and 么, simplified characters of their own; opencc
otherwise rewrites phrases across the surname/given-name boundary) and builds a
pinyin key holding every reading of polyphonic characters, with a surname
override table because pypinyin reads surnames such as 单 and 曾 wrongly.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import opencc
from pypinyin import Style, pinyin

MIDDLE_DOT = "\u00b7"
_DOTS = "•・‧．.･∙⋅᛫⸱·﹒。｡"
_DOT_TABLE = str.maketrans({ch: MIDDLE_DOT for ch in _DOTS})
_DOT_RUN = re.compile(MIDDLE_DOT + "{2,}")
_INVISIBLE = ("Cf", "Cc")
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao",
    "区": "ou", "查": "zha", "盖": "ge", "覃": "qin", "尉": "yu",
    "乐": "yue", "缪": "miao", "翟": "zhai", "召": "shao", "繁": "po",
}
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 轩辕 司徒 端木 长孙 宇文 "
    "歐陽 諸葛 東方 尉遲 公孫 長孫 軒轅".split()
)
MAX_SOUND_KEYS = 16
_TO_SIMPLIFIED = opencc.OpenCC("hk2s")
# Names of CJK unified ideographs only: NFKC leaves them be, nothing to clean.
_PLAIN_HAN = re.compile("[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class NameKey:
    """A normalised name: ``text`` (simplified, dots unified, no spaces) and
    ``pinyin`` (per character, every reading; the first is the preferred one)."""

    text: str | None
    pinyin: tuple[tuple[str, ...], ...] = ()

    @property
    def sound(self) -> str | None:
        """The preferred reading of the whole name, e.g. ``wang fang``."""
        return " ".join([r[0] for r in self.pinyin]) if self.pinyin else None

    @property
    def sounds(self) -> frozenset[str]:
        """Every whole-name reading (capped at MAX_SOUND_KEYS), for blocking."""
        combos = itertools.islice(itertools.product(*self.pinyin), MAX_SOUND_KEYS)
        return frozenset(map(" ".join, combos)) if self.pinyin else frozenset()


def same_sound(a: NameKey, b: NameKey) -> bool:
    """True when every character of two names shares at least one reading."""
    return len(a.pinyin) == len(b.pinyin) > 0 and all(
        set(x) & set(y) for x, y in zip(a.pinyin, b.pinyin)
    )


def _split_surname(text: str) -> tuple[str, str]:
    """Split a Han name into surname and given name (compound surnames known)."""
    cut = 2 if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else 1
    return text[:cut], text[cut:]


def _simplify(text: str) -> str:
    """Traditional to simplified, each name part converted on its own."""
    if MIDDLE_DOT in text:
        return MIDDLE_DOT.join(_TO_SIMPLIFIED.convert(part) for part in text.split(MIDDLE_DOT))
    surname, given = _split_surname(text)
    return _TO_SIMPLIFIED.convert(surname) + _TO_SIMPLIFIED.convert(given)


def _simplify_all(texts: list[str]) -> list[str]:
    """``_simplify`` of many texts in one opencc call. One text per line; a carriage
    return cuts the surname from the given name of a text without dots (as
    ``_split_surname`` does), a record separator stands for each dot. No phrase
    spans these control characters, and cleaned texts hold none (white space)."""
    marked = "\n".join([
        text if MIDDLE_DOT in text else
        text[:2] + "\r" + text[2:] if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else
        text[:1] + "\r" + text[1:] for text in texts]).replace(MIDDLE_DOT, "\x1e")
    converted = _TO_SIMPLIFIED.convert(marked).replace("\r", "").replace("\x1e", MIDDLE_DOT)
    return converted.split("\n") if texts else []


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    """Every pinyin reading of one character (the character itself if not Han)."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda c: [c])
    return tuple(dict.fromkeys(r for r in found[0] if r)) or (char,)


def _pinyin_key(text: str) -> tuple[tuple[str, ...], ...]:
    """Per-character readings with the surname override applied to the first."""
    key = [_readings(ch) for ch in text if ch != MIDDLE_DOT]
    override = SURNAME_READINGS.get(text[0])
    if override and MIDDLE_DOT not in text:
        key[0] = (override,) + tuple(r for r in key[0] if r != override)
    return tuple(key)


def _visible(text: str) -> str:
    """The text without format characters (category Cf: U+200B, U+2060, U+FEFF …)
    and control characters (Cc: NUL would even cut opencc's input short)."""
    return "".join([ch for ch in text if unicodedata.category(ch) not in _INVISIBLE])


def _clean_text(raw: str) -> str:
    """Format and control characters out, dots unified to U+00B7 (before and after NFKC), white
    space out, a run of dots made one, no dot at the ends."""
    if _PLAIN_HAN.fullmatch(raw):
        return raw
    text = unicodedata.normalize("NFKC", _visible(raw).translate(_DOT_TABLE)).translate(_DOT_TABLE)
    text = _visible(unicodedata.normalize("NFKC", "".join(text.split())))
    return _DOT_RUN.sub(MIDDLE_DOT, text).strip(MIDDLE_DOT)


def normalize_name(raw: str | None) -> NameKey:
    """Normalise a name as received; never raises. Empty or missing gives ``NameKey(None)``."""
    text = _clean_text(raw) if isinstance(raw, str) else ""
    if not text:
        return NameKey(None)
    text = _simplify(text)
    return NameKey(text, _pinyin_key(text))


def normalize_names(raws: Iterable[str | None]) -> list[NameKey]:
    """``normalize_name`` of many names, faster: each distinct cleaned text is
    simplified (in one opencc call) and keyed once."""
    texts = [_clean_text(raw) if isinstance(raw, str) else "" for raw in raws]
    distinct = list(dict.fromkeys(t for t in texts if t))
    keys = {t: NameKey(s, _pinyin_key(s)) for t, s in zip(distinct, _simplify_all(distinct))}
    missing = NameKey(None)
    return [keys.get(text, missing) for text in texts]
