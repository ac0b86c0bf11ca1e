"""An ID number inside a data problem's or a skipped rule's text reaches the report masked.

Earlier stages write these messages and may quote an ID in them; the report
shows the text (so an auditor can act on it) with every ID-like run masked,
in report.html and in report.xlsx alike, whether the skipped rules come as a
table or only in the manifest.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pandas as pd
import pytest

from reports import ReportBundle, build_workbook, mask_id, render_html

PROBLEM_ID, LEGACY_ID, SKIP_ID, MANIFEST_ID = ("530102199203030012", "530102920303001", "53292319991231001X",
                                               "371602198001010011")
PROBLEMS = pd.DataFrame([
    ("H009", "INCOME_OVER_LIMIT", f"成员身份证 {PROBLEM_ID} 无低保标准 / no dibao value for {PROBLEM_ID}"),
    ("H010", "VEHICLE_OWNED", f"旧身份证号{LEGACY_ID}无法升级"),
], columns=["household_id", "rule_id", "problem"])
SKIPPED = pd.DataFrame([("BUSINESS_OWNER", f"可选数据源 business 未提供 (示例 {SKIP_ID}) optional source absent")],
                       columns=["rule_id", "reason"])


def _xlsx_text(bundle: ReportBundle) -> str:
    with zipfile.ZipFile(io.BytesIO(build_workbook(bundle))) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


def _outputs(bundle: ReportBundle) -> dict[str, str]:
    return {"html": render_html(bundle), "xlsx": _xlsx_text(bundle)}


@pytest.fixture
def bundle(hostile_bundle: ReportBundle) -> ReportBundle:
    return replace(hostile_bundle, data_problems=PROBLEMS, skipped_rules=SKIPPED)


@pytest.mark.parametrize("output", ["html", "xlsx"])
def test_ids_in_data_problems_and_skipped_rules_are_masked(bundle: ReportBundle, output: str) -> None:
    text = _outputs(bundle)[output]
    for raw in (PROBLEM_ID, LEGACY_ID, SKIP_ID):
        assert raw not in text, f"raw ID {raw} in {output}"
        assert mask_id(raw) in text, f"the message quoting {raw} is missing from {output}"
    assert "无法升级" in text and "optional source absent" in text


@pytest.mark.parametrize("output", ["html", "xlsx"])
def test_ids_in_skipped_rules_known_only_from_the_manifest_are_masked(hostile_bundle: ReportBundle,
                                                                     output: str) -> None:
    skipped = [{"rule_id": "BUSINESS_OWNER", "reason": f"source business absent ({MANIFEST_ID})"}]
    bundle = replace(hostile_bundle, skipped_rules=hostile_bundle.skipped_rules.iloc[0:0],
                     manifest={**hostile_bundle.manifest, "skipped_rules": skipped})
    text = _outputs(bundle)[output]
    assert MANIFEST_ID not in text
    assert mask_id(MANIFEST_ID) in text
