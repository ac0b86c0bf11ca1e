"""A minimal XLSX (SpreadsheetML) writer that builds sheet XML column by column.

General writers spend several microseconds of Python on every cell, which
was most of the report stage at province scale (≈2 million cells). Here a
column of text becomes XML in a few Arrow kernel calls; only mixed columns
(amounts, dates, scores) go cell by cell. Every string is an inline string,
so nothing is ever read as a formula; a CR and a literal `_x` are written
as OOXML escapes, as Excel expects.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyarrow as pa
import pyarrow.compute as pc

HEAD, DATE = "1", "2"  # cellXfs indices in _STYLES
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("_x", "_x005F_x"), ("\r", "_x000D_"),
            ("\ufffe", "\ufffd"), ("\uffff", "\ufffd"))
_EPOCH = dt.date(1899, 12, 30)
_XF = '<xf numFmtId="{}" fontId="{}" fillId="{}" borderId="0"{}/>'
_STYLES = (
    _XML + f'<styleSheet {_NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/>'
    '<bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    f'<diagonal/></border></borders><cellStyleXfs count="1">{_XF.format(0, 0, 0, "")}</cellStyleXfs>'
    + '<cellXfs count="3">' + _XF.format(0, 0, 0, ' xfId="0"')
    + _XF.format(0, 1, 2, ' xfId="0" applyFont="1" applyFill="1"')
    + _XF.format(164, 0, 0, ' xfId="0" applyNumberFormat="1"') + "</cellXfs>"
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def _cell(ref: str, value: Any, style: str = "") -> str:
    """One cell's XML: inline text, a date serial number, or a number ('' for an empty cell)."""
    styled = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{DATE}"><v>{(value - _EPOCH).days}</v></c>'
    return f'<c r="{ref}"{styled}><v>{value}</v></c>'


def _column_xml(letter: str, values: list[Any], rows: pa.Array) -> pa.Array:
    """XML for one column's body cells: Arrow kernels when all text, else cell by cell."""
    refs = pc.binary_join_element_wise(letter, rows, "")
    if not all(type(v) is str for v in values):
        return pa.array([_cell(ref, v) for ref, v in zip(refs.to_pylist(), values)], pa.string())
    text = pa.array(values, pa.string())
    for raw, escaped in _ESCAPES:
        text = pc.replace_substring(text, raw, escaped)
    xml = pc.binary_join_element_wise('<c r="', refs, '" t="inlineStr"><is><t xml:space="preserve">', text,
                                      "</t></is></c>", "")
    return pc.if_else(pc.equal(text, ""), "", xml)


def _sheet_xml(headers: list[str], widths: list[int], columns: list[list[Any]]) -> tuple[str, str]:
    """One worksheet and its filter range: frozen styled header, column widths, autofilter over every row."""
    letters = [column_letter(i) for i in range(len(headers))]
    count = len(columns[0]) if columns else 0
    span = f"$A$1:${letters[-1]}${count + 1}"
    rows = pc.cast(pa.array(range(2, count + 2), pa.int64()), pa.string())
    body = pc.binary_join_element_wise('<row r="', rows, '">', *(
        _column_xml(letter, values, rows) for letter, values in zip(letters, columns)), "</row>", "")
    head = "".join(_cell(f"{letter}1", header, HEAD) for letter, header in zip(letters, headers))
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    ref = span.replace("$", "")
    return (
        f'{_XML}<worksheet {_NS} xmlns:r="{_REL_NS}"><dimension ref="{ref}"/><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData><row r="1">{head}</row>'
        f'{"".join(body.to_pylist())}</sheetData><autoFilter ref="{ref}"/></worksheet>'
    ), span


def _package(titles: list[str], spans: list[str]) -> dict[str, str]:
    """The workbook, relationship, content-type and style parts around the sheets."""
    count = len(titles)
    sheets = "".join(f'<sheet name={quoteattr(t)} sheetId="{i}" r:id="rId{i}"/>' for i, t in enumerate(titles, 1))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(chr(39) + t.replace(chr(39), chr(39) * 2) + chr(39))}!{span}</definedName>"
        for i, (t, span) in enumerate(zip(titles, spans)))
    rel = '<Relationship Id="rId{}" Type="' + _REL_NS + '/{}" Target="{}"/>'
    rels = "".join(rel.format(i, "worksheet", f"worksheets/sheet{i}.xml") for i in range(1, count + 1))
    part = '<Override PartName="/xl/{}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{}+xml"/>'
    types = "".join(part.format(f"worksheets/sheet{i}.xml", "worksheet") for i in range(1, count + 1))
    package = "http://schemas.openxmlformats.org/package/2006"
    return {
        "[Content_Types].xml": f'{_XML}<Types xmlns="{package}/content-types"><Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/>{part.format("workbook.xml", "sheet.main")}'
        f'{part.format("styles.xml", "styles")}{types}</Types>',
        "_rels/.rels": f'{_XML}<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{_XML}<workbook {_NS} xmlns:r="{_REL_NS}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{sheets}</sheets><definedNames>{filters}</definedNames></workbook>",
        "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{package}/relationships">{rels}'
        f'{rel.format(count + 1, "styles", "styles.xml")}</Relationships>',
        "xl/styles.xml": _STYLES,
    }


def workbook_bytes(sheets: list[tuple[str, list[str], list[int], list[list[Any]]]]) -> bytes:
    """An .xlsx file from (title, headers, column widths, columns of cell values) per sheet.

    Cell values are str (inline text), datetime.date (a date-formatted serial),
    int/float/Decimal (numbers) or None (empty).
    """
    parts, titles, spans = {}, [], []
    for index, (title, headers, widths, columns) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{index}.xml"], span = _sheet_xml(headers, widths, columns)
        titles.append(title)
        spans.append(span)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in {**_package(titles, spans), **parts}.items():
            archive.writestr(name, xml.encode("utf-8"))
    return buffer.getvalue()
