"""The sample run's report.html in a real headless Chromium, offline (issue 6)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _rows(driver) -> list:  # noqa: ANN001 - a selenium WebDriver
    return driver.find_elements("css selector", "#case-rows tr")


def test_sample_report_counts_filters_and_shows_evidence(browser, sample_run: Path, screenshot_folder: Path) -> None:
    from selenium.webdriver.support.ui import Select

    flags = pd.read_csv(sample_run / "flags.csv", dtype=str, encoding="utf-8-sig")
    browser.get((sample_run / "report.html").as_uri())
    count = browser.find_element("id", "case-count")
    assert count.get_attribute("data-shown") == str(len(flags))

    vehicles = flags[flags.rule_id == "VEHICLE_OWNED"]
    Select(browser.find_element("id", "f-rule")).select_by_value("VEHICLE_OWNED")
    assert count.get_attribute("data-shown") == str(len(vehicles))
    assert {r.get_attribute("data-rule") for r in _rows(browser)} == {"VEHICLE_OWNED"}

    first = _rows(browser)[0]
    household = first.get_attribute("data-household")
    first.click()
    panel = browser.find_element("id", "case-panel")
    assert panel.is_displayed() and panel.get_attribute("data-household") == household
    evidence = vehicles[vehicles.household_id == household].evidence.iloc[0]
    for item in evidence.split(";"):
        assert item.split(":", 1)[1] in panel.text
    assert browser.save_screenshot(str(screenshot_folder / "report.png"))
