"""Neither output file of a generated run holds any unmasked member ID."""
from __future__ import annotations

import io
import re
import zipfile

from reports import build_workbook, mask_id, render_html


def test_no_member_id_survives_in_html_or_xlsx(big_bundle_of):
    bundle = big_bundle_of(300)
    raw_ids = set(bundle.evidence["id_number"])
    html = render_html(bundle)
    with zipfile.ZipFile(io.BytesIO(build_workbook(bundle))) as archive:
        xlsx = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for text in (html, xlsx):
        found = set(re.findall(r"\d{17}[\dXx]", text))
        assert not found & raw_ids
        assert mask_id(next(iter(sorted(raw_ids)))) in text
