"""Review-campaign (回头看) snapshots: where a campaign is kept, and freezing it once written.

Light on purpose (no Prefect): the command line checks a campaign's name
before anything heavy starts.
"""

from __future__ import annotations

import re
from pathlib import Path

from flows.errors import UsageError

CAMPAIGN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def campaign_output(output_root: Path, name: str) -> Path:
    """Where campaign ``name`` is kept; a campaign is run once and then frozen."""
    if not CAMPAIGN_NAME.match(name):
        raise UsageError("campaign name must be 1-64 letters, digits, '-' or '_', starting with a letter or digit")
    target = output_root / "campaigns" / name
    if target.exists():
        raise UsageError(f"campaign {name} already has a frozen snapshot at {target}")
    return target


def freeze(folder: Path) -> None:
    """Make a campaign snapshot read-only, so its case numbers and evidence stay as issued."""
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)
