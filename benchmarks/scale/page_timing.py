"""report.html's time to interactive in headless Chromium (Debian chromium + chromedriver, offline).

"Interactive" here means: the page has loaded, the case list's first page is
drawn and its handlers are attached (the page's own ``hecha:cases-ready``
performance mark, set at the end of its script), and a click on the first
case row opens the household panel. Figures come from the Performance API,
in milliseconds from navigation start, each in a fresh browser profile:

- ``ready_ms``: the ``hecha:cases-ready`` mark (on a page without it, an older
  report, the start of DOMContentLoaded, which the end-of-body script precedes; ``marked`` says which);
- ``load_ms``: the load event's end;
- ``panel_ms``: from the click on the first case row to the panel shown and a frame painted;
- ``interactive_ms``: ``ready_ms + panel_ms``, the first household panel on screen.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")
_READY = """
const mark = performance.getEntriesByName("hecha:cases-ready")[0];
const nav = performance.getEntriesByType("navigation")[0];
return {ready_ms: mark ? mark.startTime : nav.domContentLoadedEventStart, marked: !!mark,
        load_ms: nav.loadEventEnd,
        rows: document.querySelectorAll("#case-rows tr").length,
        shown: document.getElementById("case-count").dataset.shown};
"""
_CLICK = """
const done = arguments[arguments.length - 1];
const panel = document.getElementById("case-panel");
const row = document.querySelector("#case-rows tr[data-household]");
const t0 = performance.now();
row.click();
(function wait() {
  if (!panel.hidden && panel.dataset.household === row.dataset.household) {
    requestAnimationFrame(function () { setTimeout(function () { done(performance.now() - t0); }, 0); });
  } else { requestAnimationFrame(wait); }
}());
"""


def _driver(profile: Path):  # noqa: ANN202 - a selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    driver.set_page_load_timeout(300)
    driver.set_script_timeout(120)
    return driver


def page_timing(report: Path) -> dict:
    """One cold load of ``report`` in a fresh headless Chromium: the figures listed in the module doc."""
    with tempfile.TemporaryDirectory(prefix="hecha-page-") as profile:
        driver = _driver(Path(profile))
        try:
            driver.get(report.resolve().as_uri())
            figures = driver.execute_script(_READY)
            figures["panel_ms"] = driver.execute_async_script(_CLICK)
        finally:
            driver.quit()
    if figures["ready_ms"] is None or not figures["rows"]:
        raise RuntimeError(f"the case list was not drawn: {figures}")
    figures["interactive_ms"] = figures["ready_ms"] + figures["panel_ms"]
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in figures.items()}
