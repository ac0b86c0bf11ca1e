"""The auditors' desk in a real headless Chromium: state column and filter, open cases first,
the household panel (members, decision history, what changed, rule description, explanations)."""
from __future__ import annotations

from reports import render_html

OPEN = {"to_verify", "verifying", "notified", "data_outdated"}


def _open(browser, tmp_path, bundle) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(bundle), encoding="utf-8")
    browser.get(page.as_uri())


def _rows(browser) -> list:
    return browser.find_elements("css selector", "#case-rows tr")


def _states(browser) -> list[str]:
    return [r.get_attribute("data-state") for r in _rows(browser)]


def _panel(browser, household: str, rule: str):
    """Open a case's household panel by clicking its row; return the panel."""
    row = next(r for r in _rows(browser)
               if r.get_attribute("data-household") == household and r.get_attribute("data-rule") == rule)
    row.click()
    panel = browser.find_element("id", "case-panel")
    assert panel.is_displayed() and panel.get_attribute("data-household") == household
    return panel


def _select(browser, element_id: str):
    from selenium.webdriver.support.ui import Select
    return Select(browser.find_element("id", element_id))


def test_open_cases_come_first_and_the_state_filter_shows_only_that_state(browser, tmp_path, hostile_bundle):
    _open(browser, tmp_path, hostile_bundle)
    # By household the closed "+cmd…" case and H001's closed vehicle case would come before H002.
    assert _states(browser) == ["to_verify", "data_outdated", "false_match", "confirmed_ineligible"]
    assert [r.get_attribute("data-household") for r in _rows(browser)][:2] == ["H001", "H002"]
    assert "待核实 to_verify" in _rows(browser)[0].text and "违规" in _rows(browser)[0].text

    _select(browser, "f-state").select_by_value("false_match")
    assert _states(browser) == ["false_match"]
    assert browser.find_element("id", "case-count").get_attribute("data-shown") == "1"
    _select(browser, "f-state").select_by_index(1)  # 仅未结 open only
    assert _select(browser, "f-state").first_selected_option.text.startswith("仅未结 open only")
    assert _states(browser) == ["to_verify", "data_outdated"]

    _select(browser, "f-state").select_by_value("")
    _select(browser, "f-rule").select_by_value("VEHICLE_OWNED")  # the rule filter still works
    assert _states(browser) == ["confirmed_ineligible"]


def test_household_panel_shows_members_history_changes_and_rule(browser, tmp_path, hostile_bundle, raw_ids):
    _open(browser, tmp_path, hostile_bundle)
    panel = _panel(browser, "H001", "INCOME_OVER_LIMIT")
    members = panel.find_element("css selector", ".members").text
    for shown in ("530102********1234", "530102********002x", "<script>alert(1)</script>"):
        assert shown in members
    assert not any(raw in panel.text for raw in raw_ids)
    assert "昆明市 530100" in panel.find_element("css selector", ".household").text

    income = panel.find_element("css selector", '.flag[data-rule="INCOME_OVER_LIMIT"]')
    assert income.get_attribute("data-state") == "to_verify"
    history = income.find_element("css selector", ".history").text
    assert "2025-02-01" in history and "已核实-不符合 confirmed_ineligible" in history and "李审核" in history
    assert "已核实工资 530102********0017" in history and "on earlier evidence" in history
    changed = income.find_element("css selector", ".changed").text
    for shown in ("records new：hr:HR2", "records gone：hr:HR0", "records changed：hr:HR1",
                  "数值 value：3000.00 → 3500.00", "阈值 threshold：1700.00 → 1760.00"):
        assert shown in changed
    assert income.find_element("css selector", ".rule-desc").text.startswith("家庭人均月收入超过")
    compare = income.find_element("css selector", ".compare").text
    assert "人均数值 value per person 3500.00 元/人·月 yuan per person per month" in compare

    vehicle = panel.find_element("css selector", '.flag[data-rule="VEHICLE_OWNED"]')
    assert not vehicle.find_elements("css selector", ".changed")
    rows = vehicle.find_elements("css selector", ".history tbody tr")
    assert [r.find_elements("tag name", "td")[1].text for r in rows] == [
        "已告知 notified", "已核实-不符合 confirmed_ineligible"]
    assert "数值 value 1 辆 vehicles" in vehicle.find_element("css selector", ".compare").text


def test_panel_labels_link_explanations_and_id_problems_in_chinese(browser, tmp_path, hostile_bundle):
    _open(browser, tmp_path, hostile_bundle)
    panel = _panel(browser, "H001", "INCOME_OVER_LIMIT")
    explanation = panel.find_element("css selector", ".flag .evidence .expl").text
    for shown in ("基准 prior：任意一对的先验 any_pair (-20.5)", "身份证号 id：完全一致 exact (+7.25)",
                  "姓名 name：读音相同 sound (+2.5)", "安全规则 safety：无可用身份证号 no_usable_id",
                  "id_number：normalized_equal (+1)"):  # an unknown name is shown as itself
        assert shown in explanation
    browser.find_element("id", "panel-close").click()
    panel = _panel(browser, "H002", "MEMBER_DECEASED")
    assert "校验位不符 check digit mismatch" in panel.find_element("css selector", ".members").text
    assert "532901********0031" in panel.text
    assert "数据待更新 data_outdated" in panel.find_element("css selector", ".flag .history").text


def test_large_list_pages_open_cases_first_and_counts_each_state(browser, tmp_path, big_bundle_of):
    """States cycle over 7 ids: 4 of every 7 cases are open; they fill the first pages."""
    n = 140
    _open(browser, tmp_path, big_bundle_of(n))
    count = browser.find_element("id", "case-count")
    first_page = _states(browser)
    assert first_page and set(first_page) <= OPEN
    browser.find_element("css selector", "#pager button:last-child").click()  # last page
    last_page = _states(browser)
    assert last_page and not set(last_page) & OPEN
    _select(browser, "f-state").select_by_index(1)
    assert count.get_attribute("data-shown") == str(n * 4 // 7)
    _select(browser, "f-state").select_by_value("notified")
    assert count.get_attribute("data-shown") == str(n // 7) and set(_states(browser)) == {"notified"}
    assert "已告知 notified (20)" in _select(browser, "f-state").first_selected_option.text
