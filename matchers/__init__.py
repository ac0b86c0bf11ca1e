"""matchers — who is who: normalise IDs and names, link agency records to members.

The public facade: ``normalize_id``, ``normalize_name`` (``normalize_names`` for
many), ``link_records`` (writes ``links`` and ``member_ids``, docs/pipeline.md §2),
``explain`` and the configuration ``MatchConfig``; for the on-demand check,
``load_model`` (a run's kept keys and weights), ``link_household``, and the
kept keys' lookup (``found``, ``id_keys_sql``, ``in_list``, ``same_hash``).
"""

from __future__ import annotations

from .config import MatchConfig, MatchConfigError
from .ids import IdResult, normalize_id
from .household import link_household
from .linker import link_records
from .lookup import found, id_keys_sql, in_list, same_hash
from .model import LinkModel, load_model
from .names import NameKey, normalize_name, normalize_names, same_sound
from .summary import LinkSummary, explain

__all__ = [
    "IdResult", "LinkModel", "LinkSummary", "MatchConfig", "MatchConfigError", "NameKey",
    "explain", "found", "id_keys_sql", "in_list", "link_household", "link_records", "load_model", "normalize_id", "normalize_name", "normalize_names", "same_hash",
    "same_sound",
]
