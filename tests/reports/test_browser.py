"""A real headless Chromium opens report.html offline: count, rule filter, case panel, screenshot."""
from __future__ import annotations

from reports import render_html


def _rows(driver) -> list:
    return driver.find_elements("css selector", "#case-rows tr")


def test_report_in_browser_counts_filters_and_shows_evidence(browser, hostile_bundle, tmp_path, screenshot_folder):
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

    assert browser.save_screenshot(str(screenshot_folder / "report-fixture.png"))


def test_large_report_pages_searches_and_sorts(browser, tmp_path, big_bundle_of):
    """With 120 flags the list shows one page of 50, search narrows it, sorting orders values."""
    page = tmp_path / "report.html"
    page.write_text(render_html(big_bundle_of(120)), encoding="utf-8")
    browser.get(page.as_uri())
    assert len(_rows(browser)) == 50
    assert "第 1 / 3 页" in browser.find_element("id", "pager").text

    browser.find_element("css selector", "th[data-sort=value]").click()
    browser.find_element("css selector", "th[data-sort=value]").click()
    assert _rows(browser)[0].find_elements("tag name", "td")[6].text == "1119.50"

    browser.find_element("id", "f-search").send_keys("成员77a")
    assert browser.find_element("id", "case-count").get_attribute("data-shown") == "1"
    assert _rows(browser)[0].get_attribute("data-household") == "H000038"
