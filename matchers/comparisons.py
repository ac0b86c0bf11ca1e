"""The comparisons of a (person, member) pair, each an ordered list of levels.

A comparison's levels are tried in order and the first whose SQL condition
holds is the pair's level (the last level has no condition: it is what is
left). A level that does not count toward the weights (a missing value) weighs
0. Birth date and gender are parts of the ID, so they count only at the ID
levels that did not already look at them (``counted_with``). Everything the
linker says about levels is compiled from these objects: the CASE that gives a
pair its level (``level_sql``), the weight lookup (``weight_sql``) and the
explanation items (``explanation_sql``). Conditions read person ``p`` and member
``m`` (keys of ``prepare.py``); ``{name_similarity}`` is the configured threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class ComparisonLevel:
    """One level: its label, the SQL condition that puts a pair there (None: the
    remaining pairs) and whether it counts toward the weights."""

    label: str
    condition: str | None
    weighed: bool = True


@dataclass(frozen=True)
class Comparison:
    """A named comparison: its levels in the order they are tried."""

    name: str
    levels: tuple[ComparisonLevel, ...]
    counted_with: tuple[str, ...] | None = None  # ID levels at which it counts (None: at every one)

    def __post_init__(self) -> None:
        conditions = [lv.condition is None for lv in self.levels]
        if conditions[-1] is not True or any(conditions[:-1]):
            raise ValueError(f"comparison {self.name}: only its last level may lack a condition")

    @property
    def column(self) -> str:
        """The pair column holding this comparison's level."""
        return f"{self.name}_level"

    @property
    def labels(self) -> tuple[str, ...]:
        """The level labels, in order."""
        return tuple(lv.label for lv in self.levels)

    def counts(self, level: str, id_level: str) -> bool:
        """Whether a pair at ``level`` (and at ``id_level`` of the ID) earns a weight here."""
        weighed = next(lv.weighed for lv in self.levels if lv.label == level)
        return weighed and (self.counted_with is None or id_level in self.counted_with)

    def level_sql(self, name_similarity: float) -> str:
        """SELECT-list item: the CASE giving a pair of (p, m) its level."""
        whens = " ".join(f"WHEN {lv.condition.format(name_similarity=float(name_similarity))} "
                         f"THEN '{lv.label}'" for lv in self.levels[:-1])
        return f"CASE {whens} ELSE '{self.levels[-1].label}' END AS {self.column}"

    def weight_sql(self, weight: Callable[[str, str], float]) -> str:
        """SELECT-list item ``w_<name>``: the weight a pair earns, ``weight(name, label)``
        for a counted level and 0 otherwise."""
        whens = " ".join(f"WHEN '{lv.label}' THEN {weight(self.name, lv.label) if lv.weighed else 0.0!r}"
                         for lv in self.levels)
        case = f"CASE {self.column} {whens} END"
        if self.counted_with is not None:
            ids = ", ".join(f"'{label}'" for label in self.counted_with)
            case = f"CASE WHEN id_level IN ({ids}) THEN {case} ELSE 0.0 END"
        return f"{case} AS w_{self.name}"

    def explanation_sql(self) -> str:
        """SQL struct of the explanation item: this comparison, the pair's level, its weight."""
        return f"{{'comparison': '{self.name}', 'level': {self.column}, 'weight': round(w_{self.name}, 3)}}"


def _missing(column_p: str, column_m: str) -> ComparisonLevel:
    return ComparisonLevel("missing", f"p.{column_p} IS NULL OR m.{column_m} IS NULL", weighed=False)


_TYPO = """(p.id_norm IS NULL OR m.id_norm IS NULL) AND CASE
              WHEN hamming(p.first17, m.first17) <= 1 THEN true
              WHEN hamming(p.first17, m.first17) = 2 THEN damerau_levenshtein(p.first17, m.first17) = 1
              ELSE false END"""

ID = Comparison("id", (
    _missing("id_cand", "id_cand"),
    ComparisonLevel("exact", "p.id_cand = m.id_cand"),
    ComparisonLevel("typo", _TYPO),  # one substitution or adjacent swap, not both IDs valid
    ComparisonLevel("neighbour", "p.id_norm IS NOT NULL AND m.id_norm IS NOT NULL AND p.prefix14 = m.prefix14"),
    ComparisonLevel("other", None),
))

NAME = Comparison("name", (
    _missing("name_text", "name_text"),
    ComparisonLevel("exact", "p.name_text = m.name_text"),
    ComparisonLevel("former", "p.former_text = m.name_text"),
    ComparisonLevel("sound", "list_has_any(p.sounds, m.sounds)"),
    ComparisonLevel("similar", "jaro_winkler_similarity(p.name_text, m.name_text) >= {name_similarity}"),
    ComparisonLevel("different", None),
))

_NOT_IN_THE_ID = ("other", "missing")

BIRTH = Comparison("birth", (
    _missing("id_birth8", "birth8"),
    ComparisonLevel("same", "p.id_birth8 = m.birth8"),
    ComparisonLevel("different", None),
), counted_with=_NOT_IN_THE_ID)

GENDER = Comparison("gender", (
    _missing("id_gender", "gender"),
    ComparisonLevel("same", "p.id_gender = m.gender"),
    ComparisonLevel("different", None),
), counted_with=_NOT_IN_THE_ID)

COMPARISONS: tuple[Comparison, ...] = (ID, NAME, BIRTH, GENDER)
BY_NAME = {c.name: c for c in COMPARISONS}


def levels_sql(name_similarity: float) -> str:
    """SELECT-list fragment: every comparison's level of pair (p, m)."""
    return ",\n    ".join(c.level_sql(name_similarity) for c in COMPARISONS)
