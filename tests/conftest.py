"""Fixtures shared across test areas: a sandbox for everything the tools write, one Prefect API, a headless Chromium.

The sandbox is set up here, when pytest first imports this file and before any
test module imports Prefect (which reads ``PREFECT_HOME`` once, at import): the
suite's Prefect database, caches and configuration live in one temporary
folder, removed at the end, and nothing is written under the user's home.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

SANDBOX = Path(tempfile.mkdtemp(prefix="hecha-tests-"))
for _name, _folder in {"PREFECT_HOME": "prefect", "XDG_CACHE_HOME": "cache", "XDG_CONFIG_HOME": "config",
                       "SE_CACHE_PATH": "selenium"}.items():
    (SANDBOX / _folder).mkdir()
    os.environ[_name] = str(SANDBOX / _folder)
atexit.register(shutil.rmtree, SANDBOX, ignore_errors=True)

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API for every test that runs a flow in-process, started once per session
    (the flow, reliability, check and Spark tests share it; each start costs seconds)."""
    import flows  # noqa: F401 - puts hecha's Prefect/GX environment defaults in place first
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _missing_browser() -> str:
    """Why the browser test cannot run here, or '' when it can."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("chromium")):
        return "chromium / chromium-driver not installed (apt-get install chromium chromium-driver)"
    if importlib.util.find_spec("selenium") is None:
        return "selenium not installed (test extra)"
    return ""


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium through the system chromedriver, with the network cut off.

    In CI (``CI=true``) a missing browser fails the test; elsewhere it skips.
    """
    missing = _missing_browser()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshot_folder() -> Path:
    """Where browser tests leave their screenshots (gitignored ``test-artifacts/``)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
