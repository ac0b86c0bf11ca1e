"""hecha's sample-data generator: a synthetic extract drop with its ground truth.

An independent oracle for the pipeline: it knows who every agency record
belongs to and which rules must fire, and imports nothing of hecha's packages.
"""
from __future__ import annotations

from .drop import Drop, build_drop
from .output import write_drop

__all__ = ["Drop", "build_drop", "write_drop"]
