"""Region codes are shown as 'place code', falling back to the prefecture, the province, then GB/T 2260."""
from __future__ import annotations

import pandas as pd
import pytest

from reports.regions import PROVINCES, region_label, region_labels

PLACES = {"532923": "祥云县", "532900": "大理州", "530000": "云南省"}


@pytest.mark.parametrize(("code", "shown"), [
    ("532923", "祥云县 532923"),   # its own place
    ("532901", "大理州 532901"),   # its prefecture's
    ("531100", "云南省 531100"),   # its province's, from the table
    ("110101", "北京市 110101"),   # the built-in province name
    ("990101", "990101"),          # nothing known: the bare code
    ("5329", "5329"),              # not a 6-digit code
    (None, ""),
])
def test_region_label_falls_back_from_county_to_province(code, shown):
    assert region_label(code, PLACES) == shown


def test_the_built_in_table_holds_the_34_province_level_divisions():
    assert len(PROVINCES) == 34
    assert PROVINCES["11"] == "北京市" and PROVINCES["65"] == "新疆维吾尔自治区" and PROVINCES["82"] == "澳门特别行政区"


def test_region_labels_of_a_column_use_the_bundle_regions():
    regions = pd.DataFrame({"region_code": ["532923"], "place": ["祥云县"]})
    assert region_labels(pd.Series(["532923", "532923", "370100"]), regions) == [
        "祥云县 532923", "祥云县 532923", "山东省 370100"]
