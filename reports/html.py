"""report.html: one self-contained, offline page for auditors.

The summary and charts are rendered server-side by Jinja (autoescape on);
the case list and the household panel (一户一档) are rendered in the
browser from the embedded JSON, building DOM nodes with textContent only.
The script is three files (helpers, panel, list) joined into one inline
script. A Content-Security-Policy pins the inline script and style by hash
and forbids every fetch, so the page can neither load nor send anything.
"""
from __future__ import annotations

import base64
import hashlib
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from reports.bundle import ReportBundle, masked
from reports.charts import BAR_WIDTH, LABEL_WIDTH, chart_height, stacked_bars
from reports.payload import case_payload, embed_json
from reports.summary import Summary, summarise

MAX_BARS = 20
_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
)
_STATUS_PARTS = [("breach", "breach", "违规"), ("review", "review", "待复核")]
_STATE_PARTS = [("open", "open", "未结"), ("closed", "closed", "已结")]
_SCRIPTS = ("report-core.js", "report-panel.js", "report-list.js")
_LEDGER_PARTS = [("accepted", "accepted", "接收"), ("quarantined", "quarantined", "隔离")]


def _asset(name: str) -> str:
    return (files("reports") / "templates" / name).read_text(encoding="utf-8")


def _script() -> str:
    """The page's one inline script: the three script files in one strict-mode closure."""
    return '(function () {\n  "use strict";\n' + "\n".join(map(_asset, _SCRIPTS)) + "}());\n"


def _csp_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def _chart(title: str, rows: list[dict], parts: list[tuple[str, str, str]]) -> dict:
    bars = stacked_bars(rows[:MAX_BARS], parts)
    return {"title": title, "bars": bars, "height": chart_height(bars), "parts": parts,
            "cut": max(len(rows) - MAX_BARS, 0), "label_x": LABEL_WIDTH - 6,
            "total_x": LABEL_WIDTH + BAR_WIDTH + 6, "width": LABEL_WIDTH + BAR_WIDTH + 70}


def _charts(summary: Summary) -> list[dict]:
    """The summary charts: by state, rule, region, category, and the source ledger."""
    def labelled(rows: list[dict], named: bool = False) -> list[dict]:
        return [{**r, "label": f"{r['name']} {r['key']}" if named else r["key"] or "（空）"}
                for r in rows]
    ledger = [{**r, "label": f"{r['label']} {r['source']}"} for r in summary.ledger]
    states = [{**r, "label": r["shown"]} for r in summary.by_state]
    return [
        _chart("按处理状态 · cases by state", states, _STATE_PARTS),
        _chart("按规则 · flags by rule", labelled(summary.by_rule, named=True), _STATUS_PARTS),
        _chart("按地区 · flags by region", labelled(summary.by_region), _STATUS_PARTS),
        _chart("按困难类别 · flags by category", labelled(summary.by_category), _STATUS_PARTS),
        _chart("数据来源 · source ledger", ledger, _LEDGER_PARTS),
    ]


def render_html(bundle: ReportBundle) -> str:
    """Render the auditors' report as one self-contained HTML document."""
    safe = masked(bundle)
    summary = summarise(safe)
    css, js = _asset("report.css"), _script()
    csp = (
        "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
        f"style-src {_csp_source(css)}; script-src {_csp_source(js)}"
    )
    return _ENV.get_template("report.html.j2").render(
        summary=summary, charts=_charts(summary), csp=csp,
        css=Markup(css), js=Markup(js), data=Markup(embed_json(case_payload(safe))),
    )
