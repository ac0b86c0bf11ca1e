"""Fellegi–Sunter weights learned from the run's own data, not guessed.

- m (match) of name, birth date and gender: level frequencies over the
  exact-ID pairs, which are labelled matches for free.
- m of the ID levels: expectation–maximisation over the candidate pairs'
  level patterns (an exact-ID pair cannot teach how often a true match carries
  a typo), with the other m held fixed and the non-match level frequencies
  within the blocks learned alongside.
- u (non-match) of name, birth, gender and a missing ID: level frequencies over
  reproducible random (person, member) pairs. u of the rare ID levels (exact,
  typo): the non-matching pairs EM finds at that level — every such pair lies
  inside a block — over all member × person pairs; of ``neighbour``: all pairs
  of different valid IDs with the same region and birth date (including those
  set aside because the ID is another real person's), over all pairs.
- prior: log2 odds that a random member × person pair is a match.

Which levels count toward the weights is the comparisons' to say
(``comparisons.py``: a missing value weighs nothing; birth date and gender,
parts of the ID, count only where the ID comparison did not look at them).
A level's weight is log2(m/u). Counts of m are smoothed toward u
(one pseudo-match), those of u by one pseudo-pair per level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb

from .candidates import NEIGHBOUR_PAIRS_SQL, random_pair_levels
from .comparisons import BY_NAME, COMPARISONS

NAMES = tuple(c.name for c in COMPARISONS)
ID, NAME = NAMES.index("id"), NAMES.index("name")
RARE_ID_LEVELS = ("exact", "typo")
Pattern = tuple[tuple[str, ...], int]  # a level per comparison, in COMPARISONS order; its pair count


@dataclass(frozen=True)
class Weights:
    """Learned ``m`` and ``u`` by comparison and level; ``prior`` in log2 odds."""

    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    prior: float

    def weight(self, comparison: str, level: str) -> float:
        """log2(m/u) of one comparison level (0 for a level that does not count)."""
        if not next(lv.weighed for lv in BY_NAME[comparison].levels if lv.label == level):
            return 0.0
        return math.log2(self.m[comparison][level] / self.u[comparison][level])


def _smoothed(counts: dict[str, float], comparison: str, pseudo: float = 1.0) -> dict[str, float]:
    """Level probabilities with a pseudo-count per level."""
    labels = BY_NAME[comparison].labels
    total = sum(counts.values()) + pseudo * len(labels)
    return {lvl: (counts.get(lvl, 0.0) + pseudo) / total for lvl in labels}


def _toward_u(counts: dict[str, float], u: dict[str, float]) -> dict[str, float]:
    """m probabilities from match counts, with one pseudo-match spread as u: a level
    never seen among N matches weighs about -log2(N) instead of a spurious plus."""
    total = sum(counts.values()) + 1
    return {lvl: (counts.get(lvl, 0.0) + u[lvl]) / total for lvl in u}


def _marginals(patterns: list[Pattern], comparison: str, share=lambda levels: 1.0) -> dict[str, float]:
    """Pair count per level of one comparison, each pattern weighted by ``share``."""
    index = NAMES.index(comparison)
    counts: dict[str, float] = {}
    for levels, n in patterns:
        counts[levels[index]] = counts.get(levels[index], 0.0) + n * share(levels)
    return counts


def _patterns(con: duckdb.DuckDBPyConnection, sql: str) -> list[Pattern]:
    """Level patterns with their pair counts, from a query yielding every comparison's
    level (sorted, so that the floating-point sums over them are reproducible)."""
    columns = ", ".join(c.column for c in COMPARISONS)
    rows = con.sql(f"SELECT {columns}, count(*) FROM ({sql}) GROUP BY ALL ORDER BY ALL").fetchall()
    return [(tuple(r[:-1]), r[-1]) for r in rows]


def _likelihood(levels: tuple[str, ...], probs: dict[str, dict[str, float]]) -> float:
    """Product of the level probabilities that count for this pattern."""
    return math.prod(probs[c.name][lvl] for c, lvl in zip(COMPARISONS, levels)
                     if c.counts(lvl, levels[ID]))


def labelled(levels: tuple[str, ...]) -> bool:
    """An exact-ID pair whose names are not wholly different: a match for free."""
    return levels[ID] == "exact" and levels[NAME] != "different"


def _em(patterns: list[Pattern], m: dict, iterations: int) -> tuple[dict, dict[tuple, float]]:
    """EM over the unlabelled patterns within the blocks; returns the expected
    matches per ID level (labelled ones included) and each pattern's posterior."""
    open_patterns = [(lv, n) for lv, n in patterns if not labelled(lv)]
    m_open = dict(m, id=_smoothed({"typo": 1.0}, "id", pseudo=0.25))
    u_block = {c: _smoothed(_marginals(open_patterns, c), c) for c in NAMES}
    posterior = {lv: 1.0 for lv, _ in patterns}
    share = 0.5
    for _ in range(iterations):
        for levels, _n in open_patterns:
            p_m = share * _likelihood(levels, m_open)
            p_u = (1 - share) * _likelihood(levels, u_block)
            posterior[levels] = p_m / (p_m + p_u)
        matched = sum(n * posterior[lv] for lv, n in open_patterns)
        share = min(max(matched / max(sum(n for _, n in open_patterns), 1), 1e-6), 1 - 1e-6)
        m_open["id"] = _smoothed(_marginals(open_patterns, "id", posterior.get), "id", pseudo=0.5)
        u_block = {c: _smoothed(_marginals(open_patterns, c, lambda lv: 1 - posterior[lv]), c)
                   for c in NAMES}
    return _marginals(patterns, "id", posterior.get), posterior


def pattern_counts(rows: list[tuple]) -> list[Pattern]:
    """Level patterns from rows of (a level per comparison…, pair count), summed per pattern
    and sorted as ``_patterns`` sorts them: the Spark engine's per-partition counts, reduced."""
    totals: dict[tuple[str, ...], int] = {}
    for *levels, n in rows:
        totals[tuple(levels)] = totals.get(tuple(levels), 0) + n
    return sorted(totals.items())


def estimate(con: duckdb.DuckDBPyConnection, random_pairs: int, name_similarity: float,
             iterations: int, candidates: list[Pattern] | None = None) -> Weights:
    """Learn the weights from ``_m_pairs``, ``_m_member``, ``_m_person`` in ``con``;
    ``candidates``: the candidate pairs' level patterns counted elsewhere (``pattern_counts``),
    when ``_m_pairs`` is not in ``con``."""
    random = _patterns(con, random_pair_levels(random_pairs, name_similarity))
    if candidates is None:
        candidates = _patterns(con, "SELECT * FROM _m_pairs")
    exact = [(lv, n) for lv, n in candidates if lv[ID] == "exact"]
    u = {c: _smoothed(_marginals(random, c), c) for c in NAMES}
    m = {c: _toward_u(_marginals(exact, c), u[c]) for c in NAMES}
    id_matches, posterior = _em(candidates, m, iterations)
    all_pairs = con.sql("SELECT (SELECT count(*) FROM _m_member) * (SELECT count(*) FROM _m_person)"
                        ).fetchall()[0][0]
    non_matches = _marginals(candidates, "id", lambda lv: 1 - posterior[lv])
    u["id"] = {lvl: (non_matches.get(lvl, 0.0) + 1) / all_pairs for lvl in RARE_ID_LEVELS}
    u["id"]["neighbour"] = (con.sql(NEIGHBOUR_PAIRS_SQL).fetchall()[0][0] + 1) / all_pairs
    u["id"]["missing"] = _smoothed(_marginals(random, "id"), "id")["missing"]
    u["id"]["other"] = 1 - sum(u["id"].values())
    m["id"] = _toward_u(id_matches, u["id"])
    matches = sum(n * posterior[lv] for lv, n in candidates)
    share = min(max(matches / all_pairs, 1e-12), 0.5)
    return Weights(m=m, u=u, prior=math.log2(share / (1 - share)))
