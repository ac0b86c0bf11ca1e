"""The suite leaves no trace in the user's home: Prefect and the tools write into the sandbox."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import SANDBOX


def test_prefect_writes_into_the_sandbox_not_the_users_home() -> None:
    from prefect.settings import PREFECT_HOME

    home = Path(PREFECT_HOME.value()).resolve()
    assert home == (SANDBOX / "prefect").resolve()
    assert not home.is_relative_to(Path.home().resolve())
