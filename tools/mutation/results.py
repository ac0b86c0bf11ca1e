"""Outcomes of mutants and the report the team reads: a score per module, then every survivor.

Both parts of the check (mutmut for Python, the tool's own mutator for SQL)
produce ``Outcome`` rows, so one report covers them. A mutant counts as
caught when a test failed, errored or timed out on it; one that no test
reaches ("no tests") counts against the score, as a survivor would.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

CAUGHT = frozenset({"killed", "timeout"})


@dataclass(frozen=True)
class Outcome:
    """One mutant's result: part (python | sql), module file, line, change shown, status, catching test."""

    part: str
    module: str
    line: int
    change: str
    status: str
    detail: str = ""

    @property
    def caught(self) -> bool:
        """Whether the tests noticed the mutant."""
        return self.status in CAUGHT


def scores(outcomes: Iterable[Outcome]) -> dict[tuple[str, str], tuple[int, int]]:
    """(caught, total) per (part, module)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        entry = counts[(outcome.part, outcome.module)]
        entry[0] += outcome.caught
        entry[1] += 1
    return {key: (caught, total) for key, (caught, total) in sorted(counts.items())}


def render(outcomes: list[Outcome]) -> str:
    """The printed report: the score table, the totals, then each surviving mutant."""
    lines = ["mutation score per module (caught / mutants):"]
    for (part, module), (caught, total) in scores(outcomes).items():
        lines.append(f"  {part:6} {module:34} {caught:4} / {total:<4} {100 * caught / total:5.1f}%")
    caught = sum(o.caught for o in outcomes)
    if outcomes:
        lines.append(f"  total  {'':34} {caught:4} / {len(outcomes):<4} {100 * caught / len(outcomes):5.1f}%")
    survivors = sorted((o for o in outcomes if not o.caught), key=lambda o: (o.part, o.module, o.line))
    lines.append(f"surviving mutants: {len(survivors)}")
    for outcome in survivors:
        note = "" if outcome.status == "survived" else f" [{outcome.status}]"
        lines.append(f"  {outcome.module}:{outcome.line}{note}  {outcome.change}")
    return "\n".join(lines)
