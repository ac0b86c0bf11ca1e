"""A real headless Chromium opens report.html offline: count, rule filter, case panel, screenshot."""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from reports import render_html

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _missing_browser() -> str:
    """Why the browser test cannot run here, or '' when it can."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("chromium")):
        return "chromium / chromium-driver not installed (apt-get install chromium chromium-driver)"
    if importlib.util.find_spec("selenium") is None:
        return "selenium not installed (test extra)"
    return ""


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium through the system chromedriver, with the network cut off."""
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


def _rows(driver) -> list:
    return driver.find_elements("css selector", "#case-rows tr")


def test_report_in_browser_counts_filters_and_shows_evidence(browser, hostile_bundle, tmp_path):
    """The case count matches, a rule filter leaves only that rule, a case panel lists its evidence."""
    from selenium.webdriver.support.ui import Select

    page = tmp_path / "report.html"
    page.write_text(render_html(hostile_bundle), encoding="utf-8")
    browser.get(page.as_uri())

    count = browser.find_element("id", "case-count")
    assert count.get_attribute("data-shown") == str(len(hostile_bundle.cases))
    assert len(_rows(browser)) == len(hostile_bundle.cases)

    Select(browser.find_element("id", "f-rule")).select_by_value("INCOME_OVER_LIMIT")
    assert count.get_attribute("data-shown") == "1"
    assert {r.get_attribute("data-rule") for r in _rows(browser)} == {"INCOME_OVER_LIMIT"}

    _rows(browser)[0].click()
    panel = browser.find_element("id", "case-panel")
    assert panel.is_displayed() and panel.get_attribute("data-household") == "H001"
    text = panel.text
    for shown in ("HR1", "HR2", "V1", "530102********1234", "<script>alert(1)</script>", "id_number"):
        assert shown in text
    assert "530102199001011234" not in text
    assert browser.execute_script("return document.scripts.length") == 2  # the hostile name stayed text

    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "report.png"))


def test_large_report_pages_searches_and_sorts(browser, tmp_path, big_bundle_of):
    """With 120 flags the list shows one page of 50, search narrows it, sorting orders values."""
    page = tmp_path / "report.html"
    page.write_text(render_html(big_bundle_of(120)), encoding="utf-8")
    browser.get(page.as_uri())
    assert len(_rows(browser)) == 50
    assert "第 1 / 3 页" in browser.find_element("id", "pager").text

    browser.find_element("css selector", "th[data-sort=value]").click()
    browser.find_element("css selector", "th[data-sort=value]").click()
    assert _rows(browser)[0].find_elements("tag name", "td")[5].text == "1119.50"

    browser.find_element("id", "f-search").send_keys("成员77a")
    assert browser.find_element("id", "case-count").get_attribute("data-shown") == "1"
    assert _rows(browser)[0].get_attribute("data-household") == "H000038"
