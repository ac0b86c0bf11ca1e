"""matchers — who is who: normalise IDs and names, link agency records to members.

The public facade: ``normalize_id``, ``normalize_name`` (``normalize_names`` for
many), ``link_records`` (writes ``links`` and ``member_ids``, docs/pipeline.md §2),
``explain`` and the configuration ``MatchConfig``.
"""

from __future__ import annotations

from .config import MatchConfig, MatchConfigError
from .ids import IdResult, normalize_id
from .linker import link_records
from .names import NameKey, normalize_name, normalize_names, same_sound
from .summary import LinkSummary, explain

__all__ = [
    "IdResult", "LinkSummary", "MatchConfig", "MatchConfigError", "NameKey",
    "explain", "link_records", "normalize_id", "normalize_name", "normalize_names", "same_sound",
]
