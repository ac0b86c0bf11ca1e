"""Geometry for the report's hand-made SVG bar charts (no chart library, no network).

Python computes every coordinate; the template only draws rectangles and
text, so the charts are plain, escaped, static SVG.
"""
from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 250
BAR_WIDTH = 300
ROW_HEIGHT = 22
MAX_LABEL = 26


@dataclass(frozen=True)
class Segment:
    """One coloured part of a bar."""

    css: str
    x: float
    width: float
    count: int
    title: str


@dataclass(frozen=True)
class Bar:
    """One labelled, stacked bar."""

    label: str
    full_label: str
    y: int
    total: int
    segments: list[Segment]


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def stacked_bars(rows: list[dict], parts: list[tuple[str, str, str]]) -> list[Bar]:
    """Lay out one stacked bar per row.

    `rows` carry a `label` and a count per part; `parts` is
    (row key, css class, Chinese title) for each stacked segment.
    """
    peak = max((sum(r[k] for k, _, _ in parts) for r in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        x, segments = float(LABEL_WIDTH), []
        for key, css, title in parts:
            width = BAR_WIDTH * row[key] / peak
            segments.append(Segment(css, round(x, 1), round(width, 1), row[key], title))
            x += width
        total = sum(s.count for s in segments)
        bars.append(Bar(_short(row["label"]), row["label"], index * ROW_HEIGHT, total, segments))
    return bars


def chart_height(bars: list[Bar]) -> int:
    """SVG height that fits every bar."""
    return max(len(bars), 1) * ROW_HEIGHT + 4
