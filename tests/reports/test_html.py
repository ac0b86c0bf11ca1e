"""report.html: self-contained, masked, escaped, and consistent with its inputs."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from reports import ReportBundle, render_html
from reports.payload import panel_table


class _Collect(HTMLParser):
    """Collects tags, attributes and raw script/style contents of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags, self.attrs, self.blocks, self.policy, self._open = [], [], {}, "", None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.policy = dict(attrs)["content"]
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs).get("type", ""))
            self.blocks[self._open] = ""

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open:
            self.blocks[self._open] += data


@pytest.fixture
def page(hostile_bundle) -> str:
    return render_html(hostile_bundle)


@pytest.fixture
def parsed(page) -> _Collect:
    collector = _Collect()
    collector.feed(page)
    return collector


def test_html_contains_no_raw_id_number(page, raw_ids):
    for raw in raw_ids:
        assert raw not in page and raw.upper() not in page
    assert "530102********1234" in page


def test_hostile_values_never_become_markup(page, parsed):
    assert parsed.tags.count("script") == 2
    assert "<script>alert" not in page and "<!--" not in page
    assert "\x07" not in page and "\x00" not in page


def test_embedded_case_data_round_trips_exactly(parsed, hostile_bundle, hostile):
    data = json.loads(parsed.blocks[("script", "application/json")])
    evidence = panel_table(data, "evidence")
    names = [row[evidence["cols"].index("member_name")] for row in evidence["rows"]]
    assert hostile["script"] in names and hostile["rtl"] in names and "王\ufffd五\ufffd" in names
    assert len(data["cases"]["rows"]) == len(hostile_bundle.cases)
    assert "id_number" not in evidence["cols"]
    explanation = evidence["rows"][0][evidence["cols"].index("explanation")]
    assert explanation == [["prior", "any_pair", -20.5], ["id", "exact", 7.25], ["name", "sound", 2.5],
                           ["safety", "no_usable_id", 0.0], ["id_number", "normalized_equal", 1.0]]


def test_summary_values_are_escaped_server_side(hostile_bundle, hostile):
    bundle = ReportBundle({**hostile_bundle.manifest, "run_id": hostile["script"]}, hostile_bundle.cases,
                          hostile_bundle.evidence, skipped_rules=hostile_bundle.skipped_rules.assign(
                              reason=hostile["comment"]))
    page = render_html(bundle)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/script&gt;&lt;!--" in page


def test_page_pins_its_inline_code_and_forbids_every_fetch(page, parsed):
    policy = parsed.policy
    assert "default-src 'none'" in policy and "form-action 'none'" in policy
    for tag, kind in (("script", ""), ("style", "")):
        digest = base64.b64encode(hashlib.sha256(parsed.blocks[(tag, kind)].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert not [v for k, v in parsed.attrs if k in ("src", "href", "action") and v]
    assert not re.search(r"https?://(?!x\b)", page.replace("http://www.w3.org/2000/svg", ""))


def test_summary_shows_counts_ledger_problems_and_skipped_rules(page):
    assert 'data-total="4"' in page
    assert "BUSINESS_OWNER" in page and "无低保标准" in page
    assert "收入超标" in page and "INCOME_OVER_LIMIT" in page
    assert "civil_affairs.csv" in page


def test_incomplete_bundle_is_rejected_naming_the_columns(hostile_bundle):
    bundle = ReportBundle(hostile_bundle.manifest, hostile_bundle.cases.drop(columns=["status"]),
                          hostile_bundle.evidence)
    with pytest.raises(ValueError, match="'cases'.*'status'"):
        render_html(bundle)


def test_an_empty_run_renders_with_zero_cases(hostile_bundle):
    empty = replace(hostile_bundle, cases=hostile_bundle.cases.iloc[0:0], evidence=hostile_bundle.evidence.iloc[0:0])
    page = render_html(empty)
    assert 'data-total="0"' in page and "无 · none" in page


def test_an_id_written_into_a_case_value_is_masked(hostile_bundle):
    cases = hostile_bundle.cases.assign(value=["530102199001011234", "1", "1", "0"])
    page = render_html(replace(hostile_bundle, cases=cases))
    assert "530102199001011234" not in page and "530102********1234" in page
