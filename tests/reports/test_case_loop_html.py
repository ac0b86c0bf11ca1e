"""report.html's case-loop summary: generated_at, states, carry, false-flag rates, rules, resolved, regions."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pandas as pd
import pytest

from reports import render_html
from reports.values import rate_text
from reports.payload import panel_table


@pytest.fixture
def page(hostile_bundle) -> str:
    return render_html(hostile_bundle)


def _row(page: str, attributes: str) -> list[str]:
    """The cell texts of the server-rendered table row with the given attributes."""
    found = re.search(rf"<tr {re.escape(attributes)}>(.*?)</tr>", page, re.S)
    assert found, attributes
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]


def _payload(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)[1])


def test_header_shows_generated_at_and_not_finished_at(page, old_bundle, planted):
    assert f"<dt>生成时间 generated_at</dt><dd>{planted['generated_at']}</dd>" in page
    assert "finished_at" not in page and "结束时间" not in page
    assert "<dt>生成时间 generated_at</dt><dd>—</dd>" in render_html(old_bundle)


def test_data_problem_kpi_counts_households_and_the_list_counts_rows(page, hostile_bundle):
    assert '<b id="kpi-problems">2</b>' in page  # 3 rows, 2 households
    assert "3 rows for 2 households" in page and "展开 3 条，涉及 2 户" in page
    told = replace(hostile_bundle, data_problems=hostile_bundle.data_problems.iloc[0:0],
                   manifest={**hostile_bundle.manifest, "data_problems": 11})
    assert '<b id="kpi-problems">11</b>' in render_html(told)


def test_false_flag_rate_is_false_matches_over_decided_as_a_percentage(page):
    assert _row(page, 'data-dimension="rule" data-key="INCOME_OVER_LIMIT"')[2:] == ["4", "1", "25%"]
    assert _row(page, 'data-dimension="rule" data-key="VEHICLE_OWNED"')[2:] == ["0", "0", "—"]
    assert _row(page, 'data-dimension="method" data-key="fuzzy"')[1:] == ["模糊匹配 fuzzy", "3", "1", "33.3%"]
    assert _row(page, 'data-dimension="method" data-key="exact"')[4] == "0%"


def test_summary_counts_cases_by_state_and_since_the_previous_run(page):
    counts = {s: _row(page, f'data-state="{s}"')[-1] for s in
              ("to_verify", "verifying", "notified", "confirmed_ineligible", "false_match", "data_outdated")}
    assert counts == {"to_verify": "1", "verifying": "0", "notified": "0", "confirmed_ineligible": "1",
                      "false_match": "1", "data_outdated": "1"}
    assert _row(page, 'data-state="to_verify"')[0] == "待核实 to_verify"
    assert '<b id="kpi-open">2</b>' in page
    carry = {k: _row(page, f'data-carry="{k}"')[-1] for k in ("carried", "reopened", "new", "resolved")}
    assert carry == {"carried": "2", "reopened": "1", "new": "1", "resolved": "1"}


def test_rules_section_lists_each_rule_with_status_unit_and_description(page):
    assert _row(page, 'data-rule="INCOME_OVER_LIMIT"')[1:] == [
        "违规 breach", "元/人·月 yuan per person per month",
        "家庭人均月收入超过 低保标准 × 倍数。Per-capita monthly income above dibao × multiplier."]
    assert "规则说明" in page


def test_resolved_cases_are_listed_with_their_state(page):
    resolved = page[page.index('id="resolved"'):]
    assert "H003" in resolved and "已核实-符合 confirmed_eligible" in resolved.split("</details>")[0]


def test_regions_are_shown_with_their_place_names(page):
    assert "昆明市 530100" in page and "祥云县 532923" in page
    assert "大理州 532901" in page  # no place of its own: its prefecture's
    regions = _payload(page)["cases"]
    shown = {r[regions["cols"].index("region_shown")] for r in regions["rows"]}
    assert shown == {"昆明市 530100", "祥云县 532923", "大理州 532901"}


def test_the_page_carries_states_rules_members_and_decisions_without_raw_ids_or_fingerprints(page, raw_ids, planted):
    data = _payload(page)
    assert [s["id"] for s in data["states"]][:3] == ["to_verify", "verifying", "notified"]
    assert data["labels"]["comparison"]["id"] == "身份证号" and data["labels"]["level"]["sound"] == "读音相同"
    assert "id_number" not in panel_table(data, "members")["cols"] and "fingerprint" not in data["decisions"]["cols"]
    notes = [r[data["decisions"]["cols"].index("note")] for r in data["decisions"]["rows"]]
    assert "已核实工资 530102********0017" in notes and planted["note_id"] not in page
    assert not any(f in page for f in planted["fingerprints"])
    assert not any(raw in page for raw in raw_ids)


def test_an_old_bundle_renders_every_case_as_to_verify(old_bundle):
    page = render_html(old_bundle)
    data = _payload(page)
    states = [r[data["cases"]["cols"].index("state")] for r in data["cases"]["rows"]]
    assert states == ["to_verify"] * 4
    assert _row(page, 'data-state="to_verify"')[-1] == "4"
    assert "尚无已决案件" in page


def test_an_unknown_state_is_listed_as_itself_and_open(hostile_bundle):
    cases = hostile_bundle.cases.assign(state=["appealed", "appealed", "false_match", pd.NA])
    page = render_html(replace(hostile_bundle, cases=cases))
    assert _row(page, 'data-state="appealed"') == ["appealed", "是 yes", "", "2"]
    assert _row(page, 'data-state="to_verify"')[-1] == "1"  # a missing state is the default


@pytest.mark.parametrize(("rate", "decided", "shown"), [
    (0.25, 4, "25%"), (1 / 3, 3, "33.3%"), (0.0, 5, "0%"), (1.0, 1, "100%"), (None, 0, "—"), (0.5, 0, "—"),
])
def test_rate_text_is_a_percentage_or_a_dash_when_nothing_was_decided(rate, decided, shown):
    assert rate_text(rate, decided) == shown


def test_an_incomplete_case_loop_table_is_rejected_naming_its_columns(hostile_bundle):
    with pytest.raises(ValueError, match="'members'.*'id_number'"):
        render_html(replace(hostile_bundle, members=hostile_bundle.members.drop(columns=["id_number"])))
