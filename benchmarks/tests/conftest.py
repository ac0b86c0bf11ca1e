"""Put ``benchmarks/`` on the import path so the tests import ``scale`` as the script does."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
