"""Matcher configuration: thresholds and tuning knobs, validated when built.

Thresholds are matcher configuration, never rule policy. Every problem found
in a configuration is reported at once, each with a suggested fix, so an
operator corrects a settings file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping


class MatchConfigError(ValueError):
    """Raised with every problem of a configuration; ``problems`` lists them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid matcher configuration:\n- " + "\n- ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class MatchConfig:
    """Settings of the linker (defaults are the documented reference values).

    - ``auto_threshold`` (0.999): score from which a link is decided ``auto``.
    - ``review_threshold`` (0.5): score from which a link is kept for ``review``.
    - ``name_similarity`` (0.8): Jaro–Winkler similarity from which two
      different name spellings count as ``similar``.
    - ``tie_margin`` (0.02): a record whose best two members score within this
      margin links to both, for ``review``.
    - ``random_pairs`` (200000): random member–person pairs sampled to learn
      the non-match (u) probabilities.
    - ``em_iterations`` (20): expectation–maximisation rounds for the ID levels.
    - ``max_name_block`` (200): members sharing one name above which a record
      without a usable ID is not linked on its name (too many namesakes).
    """

    auto_threshold: float = 0.999
    review_threshold: float = 0.5
    name_similarity: float = 0.8
    tie_margin: float = 0.02
    random_pairs: int = 200_000
    em_iterations: int = 20
    max_name_block: int = 200

    def __post_init__(self) -> None:
        wrong = _type_problems(self)
        problems = list(wrong.values()) + _range_problems(self, set(wrong))
        if problems:
            raise MatchConfigError(problems)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> MatchConfig:
        """Build from a mapping (e.g. parsed YAML); unknown keys are problems too."""
        known = {f.name for f in fields(cls)}
        unknown = [
            f"unknown setting {key!r}: remove it or use one of {sorted(known)}"
            for key in values if key not in known
        ]
        try:
            config = cls(**{k: v for k, v in values.items() if k in known})
        except MatchConfigError as exc:
            raise MatchConfigError(unknown + exc.problems) from None
        if unknown:
            raise MatchConfigError(unknown)
        return config


def _type_problems(config: MatchConfig) -> dict[str, str]:
    """The problem of every field whose value is not of its declared number type, by field."""
    problems = {}
    for f in fields(config):
        value = getattr(config, f.name)
        wanted = int if f.type == "int" else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            problems[f.name] = (f"{f.name} must be a {f.type}, got {type(value).__name__}: "
                                f"set a number such as {f.default}")
    return problems


_RANGES = (
    (("review_threshold",), lambda c: 0 < c.review_threshold < 1,
     "review_threshold must lie strictly between 0 and 1: try 0.5"),
    (("auto_threshold",), lambda c: 0 < c.auto_threshold < 1,
     "auto_threshold must lie strictly between 0 and 1: try 0.999"),
    (("review_threshold", "auto_threshold"), lambda c: c.review_threshold <= c.auto_threshold,
     "review_threshold must not exceed auto_threshold: lower review_threshold or raise auto_threshold"),
    (("name_similarity",), lambda c: 0 < c.name_similarity <= 1, "name_similarity must lie in (0, 1]: try 0.8"),
    (("tie_margin",), lambda c: 0 <= c.tie_margin < 1, "tie_margin must lie in [0, 1): try 0.02"),
    (("random_pairs",), lambda c: c.random_pairs >= 1000, "random_pairs must be at least 1000: try 200000"),
    (("em_iterations",), lambda c: c.em_iterations >= 1, "em_iterations must be at least 1: try 20"),
    (("max_name_block",), lambda c: c.max_name_block >= 1, "max_name_block must be at least 1: try 200"),
)
"""Each range check: the fields it reads, the check, the problem when it fails."""


def _range_problems(c: MatchConfig, mistyped: set[str]) -> list[str]:
    """Every value out of its range, and thresholds in the wrong order (fields of the
    wrong type are not compared: their type problem is reported instead)."""
    return [message for names, ok, message in _RANGES if not mistyped & set(names) and not ok(c)]
