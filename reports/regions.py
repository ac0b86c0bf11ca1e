"""Region codes shown with their place names: `祥云县 532923`.

A code is named from the bundle's `regions` table (the rule set's named
regions); a code with no name of its own takes its prefecture's
(code[:4] + '00'), then its province's (code[:2] + '0000'), then the GB/T 2260
province-level name built in below; otherwise the bare code is shown.
"""
from __future__ import annotations

import re

import pandas as pd

from reports.columns import by_value, text
from reports.masking import clean_text

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}
_CODE = re.compile(r"\d{6}")


def place_table(regions: pd.DataFrame) -> dict[str, str]:
    """The bundle's regions as code → place (cleaned text; empty places left out)."""
    codes, places = text(regions["region_code"]).to_pylist(), text(regions["place"]).to_pylist()
    return {code.strip(): place.strip() for code, place in zip(codes, places) if place.strip()}


def place_of(code: str, places: dict[str, str]) -> str:
    """The place name for a code: its own, its prefecture's, its province's, or ''."""
    if code in places:
        return places[code]
    if not _CODE.fullmatch(code):
        return ""
    for parent in (code[:4] + "00", code[:2] + "0000"):
        if parent in places:
            return places[parent]
    return PROVINCES.get(code[:2], "")


def region_label(code: object, places: dict[str, str]) -> str:
    """'place code' for a region code, or the bare code when no place is known."""
    shown = clean_text(code).strip()
    place = place_of(shown, places)
    return f"{place} {shown}" if place else shown


def region_labels(codes: pd.Series, regions: pd.DataFrame) -> list[str]:
    """`region_label` over a column of codes, once per distinct code."""
    places = place_table(regions)
    return by_value(lambda code: region_label(code, places), codes)


def region_places(codes: pd.Series, regions: pd.DataFrame) -> list[str]:
    """`place_of` over a column of codes (the place name alone, '' when unknown)."""
    places = place_table(regions)
    return by_value(lambda code: place_of(clean_text(code).strip(), places), codes)
